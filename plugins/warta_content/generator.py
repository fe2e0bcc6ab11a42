"""The release generator: loads and validates content, then writes release pages and the home page."""

from __future__ import annotations

import logging
import os

from pelican.generators import Generator

from warta_core.clock import build_now
from warta_core.dates import month_year
from warta_core.fingerprint import site_fingerprint
from warta_core.output import OutputWriter, digest
from warta_core.problems import ContentError
from warta_core.plugins import generator_writer
from warta_core.templates import PageRenderer, prepare_env
from warta_core.urls import Urls
from . import redirects
from .loading import load_content
from .pins import pin_ends, pinned

logger = logging.getLogger(__name__)

class ReleaseGenerator(Generator):
    """Reads `content/berita/` and `content/data/`; everything else builds on its context."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_env(self.env, self.settings)

    def generate_context(self):
        content, problems = load_content(self.settings, self.path)
        if problems:
            raise ContentError(problems)
        now = build_now(self.settings)
        # The build skips itself next time only if no release has crossed its time since (see inputs),
        # and a publish is due again when one does (see warta_ops.publish): embargoes and pin ends alike.
        self.release_dates = sorted(moment.timestamp() for moment in
                                    [release.date for release in content.releases] + pin_ends(content.releases))
        self.content = content  # the publishing gates search the output for the releases it must not show
        releases = content.visible(now, self.settings["WARTA_SHOW_DRAFTS"])
        withdrawn = content.withdrawn(now)
        # Only what is public gets a place in the published map; a preview's drafts never do.
        public = [release for release in releases if not release.preview_label] + withdrawn
        taken = {release.url for release in releases + withdrawn} | {page.url for page in content.pages}
        previous = redirects.read_map(redirects.previous_map_path(
            self.settings, OutputWriter.previous_output(self.output_path)))
        moved, url_map = redirects.plan(public, previous, taken)
        registries = content.registries
        self.context.update(
            releases=releases,
            registries=registries,
            build_now=now,
            pinned_release=pinned(releases, now),
            site_fingerprint=site_fingerprint(self.settings, registries.opds, registries.regions, files=[
                *(name for name in (self.settings["WARTA_LOGO"], self.settings["WARTA_FAVICON"]) if name),
                *registries.logos.values()]),
            static_pages=content.pages,
            withdrawn_releases=withdrawn,
            redirects=moved,
            url_map=url_map,
        )
        logger.info("%d rilis terbit dari %d berkas", len(releases), len(content.releases))

    def generate_output(self, writer):
        out = generator_writer(writer)
        out.release_dates = self.release_dates
        out.content = self.content
        renderer = PageRenderer(self.env, self.context, out)
        releases = self.context["releases"]
        self._write_release_pages(renderer, releases)
        self._write_release_pages(renderer, self.context["withdrawn_releases"])
        self._write_redirects(renderer, out)
        for page in self.context["static_pages"]:
            renderer.page("page.html", page.save_as, digest(self.context["site_fingerprint"], page.fingerprint),
                          page=page)
        self._write_home(renderer, releases)

    def _write_home(self, renderer: PageRenderer, releases) -> None:
        """The latest releases, the pinned one above them (never twice), and where older news begins."""
        pin = self.context["pinned_release"]
        count = self.settings["WARTA_HOME_LATEST"]
        rest = [release for release in releases[: count + 2] if release is not pin]
        latest, older = rest[:count], rest[count:count + 1]
        # The month archive that holds the newest release not on the home page: a stable address from
        # which every older month is linked in turn.
        older_archive = None
        if older:
            older_archive = {"url": Urls(self.settings).archive(older[0].date)[0], "name": month_year(older[0].date)}
        renderer.page("index.html", self.settings["INDEX_SAVE_AS"], releases_latest=latest,
                      older_archive=older_archive)

    def _page_key(self, release) -> str:
        related = tuple((other.url, other.title, other.date, other.image.url if other.image else None)
                        for other in release.related)
        # Other plugins that add to the release page (partner coverage) say here what they add.
        extras = self.context.get("release_page_extras", {}).get(release.identity)
        return digest(self.context["site_fingerprint"], release.fingerprint, release.identity,
                      release.preview_label, related, extras)

    def _write_redirects(self, renderer: PageRenderer, out: OutputWriter) -> None:
        moved = self.context["redirects"]
        for url, release in moved.items():
            renderer.page("redirect.html", redirects.save_as(url), digest(url, release.url, release.title),
                          target=release)
        out.write(self.settings["WARTA_URL_MAP"], redirects.map_json(self.context["url_map"]))
        # Pages that stay reachable but belong in no sitemap (see warta_seo).
        out.unlisted.update(
            [release.save_as for release in self.context["withdrawn_releases"]]
            + [redirects.save_as(url) for url in moved])

    def _write_release_pages(self, renderer: PageRenderer, releases) -> None:
        renderer.pages([("release.html", release.save_as, self._page_key(release), {"release": release})
                        for release in releases], label="Halaman rilis")
