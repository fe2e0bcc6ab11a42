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
    }
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


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
        "tags": list(item.categories),
    }
    if item.image:
        entry["image"] = item.image.url
        entry["attachments"] = [{"url": item.image.url, "mime_type": item.image.mime,
                                 "size_in_bytes": item.image.length}]
    return entry
