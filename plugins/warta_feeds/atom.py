"""Atom 1.0 through feedgen."""

from __future__ import annotations

from .catalog import Channel, FeedFormat
from .feedgen_base import add_entry, new_feed


def write(channel: Channel, feed_format: FeedFormat) -> bytes:
    feed = new_feed(channel, feed_format)
    for item in channel.items:
        entry = add_entry(feed, item)
        entry.id(item.identity)
        entry.atom_links.links.append({"rel": "alternate", "type": "text/html", "href": item.link})
        # feedgen's entry updated defaults to the build time: always the release's own.
        entry.updated(item.updated)
        entry.author(name=item.author)
        entry.summary(item.summary, type="text")
        # type="html", never the "CDATA" RSS uses: feedgen would copy it into Atom's type attribute.
        entry.content(item.content_html, type="html")
        for image in ((item.image,) if item.image else ()) + item.gallery:
            entry.atom_links.links.append({"rel": "enclosure", "type": image.mime, "length": str(image.length),
                                           "href": image.url})
    return feed.atom_str(pretty=True)
