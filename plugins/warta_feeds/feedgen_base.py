"""What the RSS and Atom writers share: a feedgen channel and the format-neutral parts of an entry.

feedgen keeps one set of fields for both formats and derives one from the other (the RSS channel
link from the last Atom link, the RSS enclosure from the entry links, the Atom content type from the
RSS CDATA flag), so each writer builds its own FeedGenerator and sets every field it relies on.
"""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.ext.media import MEDIA_NS, MediaEntryExtension, MediaExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from .catalog import Channel, FeedFormat
from .item import FeedItem


class CreditedMediaEntry(MediaEntryExtension):
    """feedgen's media:content, plus the media:credit and media:description children it cannot write."""

    def __init__(self):
        super().__init__()
        self.details: dict[str, tuple[str | None, str | None]] = {}  # url -> (credit, description)

    def extend_atom(self, entry):
        super().extend_atom(entry)
        for content in entry.findall(f"{{{MEDIA_NS}}}content"):
            credit, text = self.details.get(content.get("url"), (None, None))
            if credit:
                xml_elem(f"{{{MEDIA_NS}}}credit", content).text = credit
            if text:
                description = xml_elem(f"{{{MEDIA_NS}}}description", content)
                description.text = text
                description.set("type", "plain")
        return entry

    def extend_rss(self, item):
        return self.extend_atom(item)


class AtomEntryLinks(BaseEntryExtension):
    """Atom entry links with their rel, type and length.

    feedgen 1.0 writes entry links through a loop variable it has just rebound to the new element,
    so every entry <link> loses rel and type: the image enclosure would become a second "alternate"
    link, i.e. the entry's link. This extension writes them instead of FeedEntry.link().
    """

    def __init__(self):
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry):
        for attributes in self.links:
            xml_elem("link", entry, **attributes)
        return entry


def new_feed(channel: Channel, feed_format: FeedFormat) -> FeedGenerator:
    feeds = channel.feeds
    feed = FeedGenerator()
    feed.register_extension("media", MediaExtension, CreditedMediaEntry)
    feed.register_extension("atom_links", BaseExtension, AtomEntryLinks, atom=True, rss=False)
    feed.id(channel.id)
    feed.title(feeds.title)
    feed.description(feeds.description)
    # The self link first: feedgen makes the *last* link the RSS channel <link>, which must be the page.
    feed.link(href=feeds.link(feed_format.name).url, rel="self", type=feed_format.mime)
    feed.link(href=feeds.page_url, rel="alternate", type="text/html")
    feed.language(channel.language)
    feed.author(name=channel.publisher)
    size = str(channel.logo_size)
    feed.image(channel.logo, title=feeds.title, link=feeds.page_url, width=size, height=size)
    feed.generator(channel.generator)
    feed.rights(channel.license.rights)  # Atom <rights>, RSS <copyright>
    # feedgen defaults both to the current time; the newest item's date keeps rebuilds byte-identical.
    feed.lastBuildDate(channel.updated)
    feed.updated(channel.updated)
    return feed


def add_entry(feed: FeedGenerator, item: FeedItem):
    """An entry with what both XML formats say alike; the caller adds the format's own fields."""
    # feedgen prepends entries by default, which would turn newest-first into oldest-first.
    entry = feed.add_entry(order="append")
    entry.title(item.title)
    entry.published(item.published)
    for category in item.categories:
        # feedgen writes the scheme as Atom's `scheme` and as RSS's `domain`.
        entry.category(term=category.term, scheme=category.scheme)
    # The lead image first (importers that take one take the first), then each gallery photo.
    for image in ((item.image,) if item.image else ()) + item.gallery:
        media = {"url": image.url, "medium": "image", "type": image.mime, "fileSize": str(image.length)}
        if image.width and image.height:
            media.update(width=str(image.width), height=str(image.height))
        # group=None puts media:content directly in the item, where importers look, not in a media:group.
        entry.media.content(media, group=None)
        entry.media.details[image.url] = (image.credit, image.caption or image.alt)
    return entry
