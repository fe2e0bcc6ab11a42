"""RSS 2.0 through feedgen, with content:encoded, dc:creator and Media RSS."""

from __future__ import annotations

from html import escape

from .catalog import Channel, FeedFormat
from .feedgen_base import add_entry, new_feed


def write(channel: Channel, feed_format: FeedFormat) -> bytes:
    feed = new_feed(channel, feed_format)
    feed.load_extension("dc", atom=False, rss=True)
    feed.ttl(channel.ttl)
    for item in channel.items:
        entry = add_entry(feed, item)
        entry.link(href=item.link, rel="alternate")
        entry.guid(item.identity, permalink=False)
        # Readers and importers take <description> as HTML: the plain-text summary is escaped as HTML
        # first (then feedgen escapes it as XML), so "<script>" stays text and "a < b" stays readable.
        entry.description(escape(item.summary, quote=False))
        # CDATA keeps the HTML readable for importers; "]]>" would end it early, "]]&gt;" is the same HTML.
        entry.content(item.content_html.replace("]]>", "]]&gt;"), type="CDATA")
        entry.dc.dc_creator(item.author)
        if item.image:
            # Set after the alternate link: feedgen derives both <link> and <enclosure> from one link list.
            entry.enclosure(item.image.url, str(item.image.length), item.image.mime)
    return feed.rss_str(pretty=True)
