"""The feed generator: three formats for the site, each OPD, region and topic, the OPML bundle and /berlangganan/."""

from __future__ import annotations

import heapq
import logging
import time
from datetime import datetime
from itertools import islice

from pelican.generators import Generator

from warta_core.clock import site_zone
from warta_core.license import license_terms
from warta_core.output import digest
from warta_core.parallel import map_chunks, workers_for
from warta_core.plugins import generator_writer
from warta_core.templates import PageRenderer, prepare_env
from . import atom, jsonfeed, opml, rss
from .catalog import Catalog, Channel, FeedSet
from .item import ItemFactory, category_schemes

logger = logging.getLogger(__name__)

WRITERS = {"rss": rss.write, "atom": atom.write, "json": jsonfeed.write}
GENERATOR = "Warta (python-feedgen)"


def newest_first(*lists):
    """Merge release lists that are each newest first, without duplicates."""
    seen = set()
    for release in heapq.merge(*lists, key=lambda release: (release.date, release.url), reverse=True):
        if id(release) not in seen:
            seen.add(id(release))
            yield release


class FeedGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_env(self.env, self.settings)
        self._catalog: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        # Built on first use: the registries come from another generator's context.
        if self._catalog is None:
            self._catalog = Catalog(self.settings, self.settings.get("SITESUBTITLE") or self.settings["SITENAME"],
                                    self.context["registries"], self.context["topics"])
        return self._catalog

    def feeds_for(self, release=None, group=None):
        """Jinja global: the feeds a page advertises (`release` and `group` may be undefined, i.e. falsy)."""
        return self.catalog.for_page(release or None, group or None)

    def generate_context(self):
        # The context dict is shared by every generator, so every template can call feeds_for().
        self.context["feeds_for"] = self.feeds_for

    def generate_output(self, writer):
        started = time.perf_counter()
        out = generator_writer(writer)
        catalog = self.catalog
        releases = self.context["releases"]
        cap = self.settings["WARTA_FEED_MAX_ITEMS"]
        registries = self.context["registries"]
        schemes = category_schemes(self.settings["WARTA_TAG_AUTHORITY"])
        factory = ItemFactory(self.settings["SITEURL"], {slug: e.name for slug, e in registries.opds.items()},
                              {slug: e.name for slug, e in registries.regions.items()}, site_zone(self.settings),
                              self.settings["WARTA_TIMEZONE_LABEL"], schemes)
        # An empty feed still needs a date: the site's newest, or a fixed one, never the build time.
        epoch = datetime.fromtimestamp(0, site_zone(self.settings))
        fallback = max((release.updated for release in releases), default=epoch)
        jobs = [(catalog.site, releases[:cap])]
        jobs += [(catalog.opds[group.slug], group.releases[:cap]) for group in self.context["opds"]]
        # A region's feed carries what its page shows: its own news and the province-wide news.
        jobs += [(catalog.regions[group.slug], list(islice(newest_first(group.releases, group.province_releases), cap)))
                 for group in self.context["regions"]]
        jobs += [(catalog.topics[group.slug], group.releases[:cap]) for group in self.context["topics"]]

        pending = []
        for feeds, chosen in jobs:
            key = self._feed_key(feeds, chosen, fallback)
            formats = [feed_format for feed_format in catalog.formats if not out.unchanged(feeds.path(feed_format), key)]
            if formats:
                pending.append((feeds, chosen, key, formats))

        def write_chunk(chunk):
            worker = out.fork()
            for feeds, chosen, key, formats in chunk:
                self._write_feed_set(worker, factory, feeds, chosen, fallback, key, formats)
            return worker.record()

        # A feed set costs tens of milliseconds, so even a few dozen are worth spreading over the cores.
        for record in map_chunks(write_chunk, pending, workers_for(self.settings), min_items=16, min_chunk=2):
            out.merge(record)
        count = sum(len(formats) for *_, formats in pending)
        out.write(self.settings["FEEDS_OPML_SAVE_AS"], opml.write(f"Feed {self.settings['SITENAME']}",
                                           [("Perangkat Daerah (OPD)", list(catalog.opds.values())),
                                            ("Wilayah", list(catalog.regions.values())),
                                            ("Topik", list(catalog.topics.values()))]))
        renderer = PageRenderer(self.env, self.context, out)
        # The registries are in the site fingerprint; the topics come and go with the releases.
        topics = [(feeds.key, feeds.name) for feeds in catalog.topics.values()]
        renderer.page("subscribe.html", self.settings["SUBSCRIBE_SAVE_AS"],
                      digest(self.context["site_fingerprint"], "feeds", topics),
                      catalog=catalog, feed_formats=catalog.formats, feed_max_items=cap,
                      category_schemes=schemes,
                      opml_url=catalog.site.page_url + self.settings["FEEDS_OPML_SAVE_AS"])
        logger.info("feed: %d berkas feed ditulis ulang dari %d dalam %.2f s",
                    count, 3 * len(jobs), time.perf_counter() - started)

    def _feed_key(self, feeds: FeedSet, releases, fallback) -> str:
        """Everything a feed set shows: a feed whose key is unchanged is reused, not rendered."""
        return digest(self.context["site_fingerprint"], feeds.key, fallback if not releases else None,
                      [(release.identity, release.fingerprint, release.url,
                        release.image.digest if release.image else None) for release in releases])

    def _write_feed_set(self, out, factory: ItemFactory, feeds: FeedSet, releases, fallback, key, formats) -> None:
        """Write the given formats of one feed set."""
        items = tuple(factory.item(release) for release in releases)
        channel = Channel(
            feeds=feeds,
            items=items,
            updated=max((item.updated for item in items), default=fallback),
            id=f"tag:{self.settings['WARTA_TAG_AUTHORITY']}:feed/{feeds.key}",
            language="id",
            ttl=self.settings["WARTA_FEED_TTL"],
            logo=factory.absolute(self.settings["WARTA_FEED_LOGO"]),
            logo_size=self.settings["WARTA_FEED_LOGO_SIZE"],
            publisher=self.settings["WARTA_PUBLISHER_NAME"] or self.settings["SITENAME"],
            generator=GENERATOR,
            license=license_terms(self.settings),
        )
        for feed_format in formats:
            out.write(feeds.path(feed_format), WRITERS[feed_format.name](channel, feed_format), key)
