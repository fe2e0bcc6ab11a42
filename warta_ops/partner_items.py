"""A partner's feed as plain items: RSS and Atom through feedparser, JSON Feed through json.

Whatever a partner's feed holds becomes plain text (titles, opening text) and http(s) addresses;
nothing of it is kept as markup.
"""

from __future__ import annotations

import calendar
import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

import feedparser

TAG = re.compile(r"<[^>]*>")
HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)
BARE_URL = re.compile(r"https?://[^\s\"'<>]+")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
TITLE_LIMIT = 300
TEXT_WORDS = 400  # the opening of an article is what matching compares


class NotAFeed(Exception):
    """The response is no feed we can read; the text is the Indonesian reason."""


@dataclass
class PartnerItem:
    url: str
    guid: str
    title: str
    text: str  # the opening words of the article, plain text
    published: datetime | None
    links: set[str] = field(default_factory=set)  # every address the item points to


def plain(markup: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, control and invisible characters removed."""
    text = html.unescape(TAG.sub(" ", markup or ""))
    return " ".join(CONTROL.sub("", text).split())


def web_address(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if re.match(r"https?://[^\s/]+", value, re.I) and not CONTROL.search(value) else None


def _links(*fragments: str) -> set[str]:
    found = set()
    for fragment in fragments:
        for link in HREF.findall(fragment or "") + BARE_URL.findall(html.unescape(TAG.sub(" ", fragment or ""))):
            if web_address(html.unescape(link)):
                found.add(html.unescape(link).strip())
    return found


def _item(url, guid, title, body_html, published, extra_links=()) -> PartnerItem | None:
    address = web_address(url) or web_address(guid)
    if address is None:
        return None
    text = " ".join(plain(body_html).split()[:TEXT_WORDS])
    links = _links(body_html) | {link.strip() for link in extra_links if web_address(link)}
    return PartnerItem(address, (guid or "").strip()[:500], plain(title)[:TITLE_LIMIT], text, published, links)


def _json_feed(data: dict) -> list[PartnerItem]:
    items = []
    for entry in data.get("items") or []:
        if not isinstance(entry, dict):
            continue
        published = None
        for key in ("date_published", "date_modified"):
            try:
                moment = datetime.fromisoformat(str(entry.get(key)).replace("Z", "+00:00"))
            except ValueError:
                continue
            published = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
            break
        body = str(entry.get("content_html") or html.escape(str(entry.get("content_text") or ""))
                   or entry.get("summary") or "")
        item = _item(str(entry.get("url") or ""), str(entry.get("id") or ""), str(entry.get("title") or ""), body,
                     published, [str(entry.get("external_url") or "")])
        if item:
            items.append(item)
    return items


def _when(entry) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc)
    return None


def parse(body: bytes) -> tuple[list[PartnerItem], str]:
    """(items, warning): a feed with recoverable faults still gives its items, with a warning."""
    start = body.lstrip()[:200].lower()
    if start.startswith(b"{"):
        try:
            data = json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise NotAFeed("JSON Feed tidak bisa dibaca (JSON rusak atau bukan UTF-8)") from None
        if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
            raise NotAFeed("berkas JSON ini bukan JSON Feed")
        return _json_feed(data), ""
    if start.startswith((b"<!doctype html", b"<html")):
        raise NotAFeed("alamat ini berisi halaman HTML, bukan feed RSS/Atom/JSON Feed")
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise NotAFeed("isinya bukan feed RSS, Atom atau JSON Feed"
                       + (f" ({type(reason).__name__})" if reason else ""))
    if parsed.get("bozo") and not parsed.entries:
        raise NotAFeed(f"feed rusak: XML tidak lengkap atau tidak valid ({type(parsed.get('bozo_exception')).__name__})")
    items = []
    for entry in parsed.entries:
        body_html = entry.get("content", [{}])[0].get("value") if entry.get("content") else ""
        body_html = body_html or entry.get("summary", "")
        extra = {link.get("href", "") for link in entry.get("links", [])}
        extra |= _links(entry.get("summary", ""))
        item = _item(entry.get("link", ""), entry.get("id", ""), entry.get("title", ""), body_html, _when(entry), extra)
        if item:
            items.append(item)
    warning = ""
    if parsed.get("bozo"):
        warning = f"feed tidak sepenuhnya valid ({type(parsed.get('bozo_exception')).__name__})"
    return items, warning
