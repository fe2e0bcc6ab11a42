"""The partner generator: reads mitra.yml and the coverage data, then writes /mitra-media/ and the proofs.

It runs after warta_groups (it counts per OPD group) and hands the release pages their
"Diberitakan ulang oleh" list and /statistik/ its partner tables through the context.
"""

from __future__ import annotations

import logging

from pelican.generators import Generator

from warta_core.clock import site_zone
from warta_core.problems import ContentError
from warta_core.plugins import generator_writer
from warta_core.templates import PageRenderer, prepare_env
from warta_core.urls import Urls
from .coverage import load_coverage
from .registry import load_partners
from .reports import Carried, PartnerView, article_months, month_keys, month_name, monthly, opd_reach, proof_csv

logger = logging.getLogger(__name__)


class PartnerGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_env(self.env, self.settings)
        self.zone = site_zone(self.settings)
        self.urls = Urls(self.settings)

    def generate_context(self):
        data_dir = self.settings["WARTA_DATA_DIR"]
        entries, problems = load_partners(self.path, data_dir, self.context["registries"],
                                          self.settings["WARTA_MAX_REGISTRY_BYTES"])
        coverage, found = load_coverage(self.path, data_dir, entries)
        problems += found
        if problems:
            raise ContentError(problems)
        today = self.context["build_now"].date()
        partners = [PartnerView(entry.slug, entry.name, *self.urls.group("PARTNER", entry.slug), entry,
                                entry.active_on(today)) for entry in entries.values()]
        partners.sort(key=lambda partner: (partner.name.lower(), partner.slug))
        by_slug = {partner.slug: partner for partner in partners}
        # Only releases the build shows can be shown as carried: coverage of an embargoed or removed
        # release stays in the data but appears nowhere.
        releases = {release.identity: release for release in self.context["releases"]}
        by_release: dict[str, list[Carried]] = {}
        for entry in coverage.entries:
            release = releases.get(entry.release)
            if release is None:
                continue
            item = Carried(by_slug[entry.partner], release, entry.title, entry.url, entry.published,
                           entry.first_seen, entry.method, entry.score)
            by_slug[entry.partner].articles.append(item)
            by_release.setdefault(release.identity, []).append(item)
        keys = month_keys(self.context["build_now"], self.settings["WARTA_PARTNER_STATS_MONTHS"])
        for partner in partners:
            partner.articles.sort(key=lambda item: (item.published, item.url), reverse=True)
            partner.proofs = [(month, month_name(month, self.zone),
                               self.urls.partner_proof(partner.slug, month))
                              for month in article_months(partner, self.zone)]
            partner.months = monthly(partner, self.context["releases"], keys, self.zone,
                                     {month: path for month, _, path in partner.proofs})
        for items in by_release.values():
            items.sort(key=lambda item: (item.published, item.partner.name, item.url))
        self.context.update(
            partners=partners,
            partner_reach=opd_reach(self.context["opds"], by_release, keys[-1], self.zone),
            release_coverage=by_release,
        )
        # What each release page shows of the coverage, so that a page re-renders when it changes.
        extras = self.context.setdefault("release_page_extras", {})
        for identity, items in by_release.items():
            extras[identity] = tuple((item.partner.slug, item.partner.name, item.title, item.url, item.published)
                                     for item in items)
        logger.info("%d mitra media, %d artikel liputan", len(partners), len(coverage.entries))

    def generate_output(self, writer):
        out = generator_writer(writer)
        renderer = PageRenderer(self.env, self.context, out)
        partners = self.context["partners"]
        renderer.page("partners.html", self.settings["PARTNERS_SAVE_AS"],
                      current=[partner for partner in partners if partner.active],
                      former=[partner for partner in partners if not partner.active])
        site_url = (self.settings.get("SITEURL") or "").rstrip("/")
        for partner in partners:
            renderer.page("partner.html", partner.save_as, partner=partner)
            for month, _, path in partner.proofs:
                out.write(path, proof_csv(partner, month, self.zone, site_url))
