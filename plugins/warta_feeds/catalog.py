"""Which feeds exist and which of them a page advertises: the site's, one per OPD, region and topic."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urljoin

from warta_core.license import License
from warta_core.urls import Urls, url_of

from .item import FeedItem


@dataclass(frozen=True, slots=True)
class FeedFormat:
    name: str  # "rss", "atom", "json"
    setting: str  # the URL vocabulary's name for its file name (FEED_RSS_FILE, ...)
    mime: str
    label: str
    purpose: str  # shown on /berlangganan/
    filename: str = ""  # the setting's value, once a catalog has read the settings


FORMATS = (
    FeedFormat("rss", "FEED_RSS_FILE", "application/rss+xml", "RSS 2.0",
               "Untuk pengimpor berita WordPress (WPeMatico, Feedzy), CMS redaksi dan pembaca feed; "
               "pilihan utama bila ragu"),
    FeedFormat("atom", "FEED_ATOM_FILE", "application/atom+xml", "Atom 1.0",
               "Untuk pembaca feed dan sistem yang memakai standar Atom (RFC 4287)"),
    FeedFormat("json", "FEED_JSON_FILE", "application/feed+json", "JSON Feed 1.1",
               "Untuk pengembang dan alat otomasi yang lebih mudah membaca JSON daripada XML"),
)


@dataclass(frozen=True, slots=True)
class FeedLink:
    format: FeedFormat
    title: str
    url: str  # absolute
    path: str  # site-relative file


@dataclass(frozen=True, slots=True)
class FeedSet:
    """One subscription in every format: the site's, an OPD's, a region's or a topic's."""

    key: str  # "site", "opd/<slug>", "region/<slug>" or "topic/<slug>"
    name: str  # what the feed is about, e.g. "Dinas Kesehatan"
    title: str  # the channel title
    description: str
    folder: str  # site-relative folder of its files: "" or the group page's URL
    page_url: str  # absolute URL of the HTML page it mirrors
    links: tuple[FeedLink, ...]

    def path(self, feed_format: FeedFormat) -> str:
        return self.link(feed_format.name).path

    def link(self, name: str) -> FeedLink:
        return next(link for link in self.links if link.format.name == name)


@dataclass(frozen=True, slots=True)
class Channel:
    """One feed set with its items, ready for a format writer."""

    feeds: FeedSet
    items: tuple[FeedItem, ...]  # newest first, at most the configured cap
    updated: datetime  # the newest item's update, never the build time: rebuilds stay byte-identical
    id: str  # Atom feed id: a tag URI, like the items' identities
    language: str
    ttl: int
    logo: str  # absolute URL
    logo_size: int
    publisher: str
    generator: str
    license: License


def formats(settings) -> tuple[FeedFormat, ...]:
    return tuple(replace(feed_format, filename=settings[feed_format.setting]) for feed_format in FORMATS)


def feed_set(settings, key: str, name: str, title: str, description: str, folder: str) -> FeedSet:
    """The feeds of one page: its files are the FEED_*_FILE names inside the page's own folder."""
    base = settings["SITEURL"].rstrip("/") + "/"
    links = tuple(FeedLink(feed_format, f"{title} ({feed_format.label})", urljoin(base, folder + feed_format.filename),
                           folder + feed_format.filename)
                  for feed_format in formats(settings))
    return FeedSet(key, name, title, description, folder, urljoin(base, folder), links)


class Catalog:
    """Every feed set of the site: OPDs and regions from the registries (with or without news), topics
    from the published releases (a topic exists while a release carries it)."""

    def __init__(self, settings, site_description: str, registries, topics):
        site_name = settings["SITENAME"]
        self.formats = formats(settings)
        folder = Urls(settings).group
        self.site = feed_set(settings, "site", site_name, site_name, site_description, url_of(settings["INDEX_SAVE_AS"]))
        self.opds = {slug: feed_set(settings, f"opd/{slug}", entry.name, f"{entry.name} — {site_name}",
                                    f"Rilis resmi {entry.name}.", folder("OPD", slug)[0])
                     for slug, entry in sorted(registries.opds.items(), key=lambda pair: pair[1].name)}
        self.regions = {slug: feed_set(settings, f"region/{slug}", entry.name, f"{entry.name} — {site_name}",
                                       _region_description(entry, registries.province), folder("REGION", slug)[0])
                        for slug, entry in sorted(registries.regions.items(),
                                                  key=lambda pair: (pair[1].code.count("."), pair[1].name))}
        self.topics = {group.slug: feed_set(settings, f"topic/{group.slug}", group.name,
                                            f"Topik {group.name} — {site_name}", f"Berita resmi bertopik {group.name}.",
                                            folder("TOPIC", group.slug)[0])
                       for group in sorted(topics, key=lambda group: group.slug)}

    def for_page(self, release=None, group=None) -> list[FeedLink]:
        """The feeds a page advertises in its head: the site's, then its OPD's and regions' own."""
        sets = [self.site]
        if release:
            sets.append(self.opds.get(release.opd))
            sets.extend(self.regions.get(slug) for slug in release.regions)
        if group and getattr(group, "kind", None) == "opd":
            sets.append(self.opds.get(group.slug))
        elif group and getattr(group, "kind", None) == "region":
            sets.append(self.regions.get(group.slug))
        elif group and getattr(group, "kind", None) == "topic":
            sets.append(self.topics.get(group.slug))
        unique = dict.fromkeys(feeds for feeds in sets if feeds is not None)
        return [link for feeds in unique for link in feeds.links]


def _region_description(entry, root) -> str:
    if entry is root:
        # A province is named without its kind in region.yml ("Sulawesi Barat"), a kabupaten with it.
        return f"Berita resmi tingkat {'Provinsi ' if entry.type == 'provinsi' else ''}{entry.name}."
    return f"Berita resmi untuk {entry.name}, termasuk berita tingkat {root.type}."
