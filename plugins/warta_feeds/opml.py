"""The OPML bundle: every OPD, region and topic feed (RSS), one outline each, for importing all at once."""

from __future__ import annotations

from lxml import etree

from .catalog import FeedSet


def write(title: str, groups: list[tuple[str, list[FeedSet]]]) -> bytes:
    opml = etree.Element("opml", version="2.0")
    head = etree.SubElement(opml, "head")
    etree.SubElement(head, "title").text = title
    body = etree.SubElement(opml, "body")
    for label, feed_sets in groups:
        outline = etree.SubElement(body, "outline", text=label)
        for feeds in feed_sets:
            etree.SubElement(outline, "outline", type="rss", text=feeds.name, title=feeds.title,
                             xmlUrl=feeds.link("rss").url, htmlUrl=feeds.page_url)
    return etree.tostring(opml, xml_declaration=True, encoding="UTF-8", pretty_print=True)
