"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written by hand: it is a small dictionary."""

from __future__ import annotations

import json

from .catalog import Channel, FeedFormat
from .item import FeedItem


def write(channel: Channel, feed_format: FeedFormat) -> bytes:
    feeds = channel.feeds
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feeds.title,
        "home_page_url": feeds.page_url,
        "feed_url": feeds.link(feed_format.name).url,
        "description": feeds.description,
        "icon": channel.logo,
        "language": channel.language,
        "authors": [{"name": channel.publisher}],
        "items": [_item(item) for item in channel.items],
        # JSON Feed 1.1 has no rights field; keys starting with "_" are its extension mechanism.
        "_warta": {"license": channel.license.name,
                   "license_url": channel.license.url, "rights": channel.license.rights},
    }
    # Compact: the C encoder is several times faster than the indenting one, and no one reads it raw.
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Markup characters only occur inside JSON strings, where these escapes mean the same: a reader
    # that pastes a title into a page without escaping it still gets no live markup.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (text + "\n").encode("utf-8")


def _item(item: FeedItem) -> dict:
    entry = {
        "id": item.identity,
        "url": item.link,
        "title": item.title,
        "summary": item.summary,
        "content_html": item.content_html,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [{"name": item.author}],
        # JSON Feed tags are plain strings: the names alone, each once, whatever vocabulary it is from.
        "tags": list(dict.fromkeys(category.term for category in item.categories)),
    }
    if item.image:
        entry["image"] = item.image.url
    images = ((item.image,) if item.image else ()) + item.gallery
    if images:
        entry["attachments"] = [{"url": image.url, "mime_type": image.mime, "size_in_bytes": image.length}
                                for image in images]
    return entry
