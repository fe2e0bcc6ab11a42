"""A partner's sitemap as plain entries: sitemap.xml, sitemap index and Google News sitemap.

XML is parsed by lxml with entities left unresolved, no DTD loaded and no network access, so a
sitemap can neither expand into gigabytes nor make us fetch anything. Whatever it holds becomes
http(s) addresses, times and plain text (a news title); nothing of it is kept as markup.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime, time

from lxml import etree

from .partner_items import TITLE_LIMIT, plain, web_address

NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
GZIP_MAGIC = b"\x1f\x8b"
W3C_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# A bare "&" (in a query string, in a news title) is the fault hand-written sitemaps have most: read it as "&amp;".
# HTML entities such as &nbsp; become text the same way, and plain() decodes them.
BARE_AMPERSAND = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});)")


class NotASitemap(Exception):
    """The response is no sitemap we can read; the text is the Indonesian reason."""


@dataclass(slots=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None
    # A Google News sitemap names the article and its publication time itself.
    title: str = ""
    published: datetime | None = None

    @property
    def moment(self) -> datetime | None:
        """When the entry was published or last changed: what the run orders and windows entries by."""
        return self.published or self.lastmod


@dataclass
class Sitemap:
    index: bool  # a sitemap index lists sitemaps, a urlset lists pages
    children: list[tuple[str, datetime | None]] = field(default_factory=list)  # of an index: (loc, lastmod)
    entries: list[SitemapEntry] = field(default_factory=list)  # of a urlset
    skipped: int = 0  # <loc> that is no http(s) address


def moment(text: str | None, zone) -> datetime | None:
    """A W3C datetime (`2026-11-20`, `2026-11-20T09:30:00+08:00`, `...Z`); a date alone is midnight site time."""
    text = (text or "").strip()
    if not text:
        return None
    if W3C_DATE.fullmatch(text):
        parts = [int(part) for part in text.split("-")] + [1, 1]
        try:
            return datetime.combine(datetime(parts[0], parts[1], parts[2]).date(), time(), zone)
        except ValueError:
            return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=zone)


def _inflate(body: bytes, limit: int) -> bytes:
    """A gzip-compressed sitemap (sitemap.xml.gz), never inflated past the size limit."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error:
        raise NotASitemap("berkas gzip rusak") from None
    if len(data) > limit:
        raise NotASitemap(f"sitemap terlalu besar setelah dibuka dari gzip (lebih dari {limit:,} byte)"
                          .replace(",", "."))
    return data


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _text(element, name: str, namespace: str | None = None) -> str:
    for child in element:
        if _local(child) == name and (namespace is None or etree.QName(child).namespace == namespace):
            return "".join(child.itertext()).strip()
    return ""


def _news(element):
    for child in element:
        if _local(child) == "news" and etree.QName(child).namespace == NEWS:
            return child
    return None


def parse(body: bytes, zone, limit: int) -> Sitemap:
    """The children of a sitemap index or the entries of a urlset; NotASitemap says why not."""
    if body.startswith(GZIP_MAGIC):
        body = _inflate(body, limit)
    # WordPress plugins often print a blank line before the XML declaration, which XML forbids.
    body = body.removeprefix(b"\xef\xbb\xbf").lstrip()
    start = body[:200].lower()
    if start.startswith((b"<!doctype html", b"<html")):
        raise NotASitemap("alamat ini berisi halaman HTML, bukan sitemap XML")
    if not body:
        raise NotASitemap("jawaban server kosong")
    body = BARE_AMPERSAND.sub(b"&amp;", body)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        raise NotASitemap(f"sitemap rusak: XML tidak lengkap atau tidak valid (baris {error.lineno})") from None
    if root.getroottree().docinfo.internalDTD is not None:
        # No sitemap needs a DTD; one that declares entities is an attack or a mistake, not news.
        raise NotASitemap("sitemap memuat deklarasi DTD/ENTITY; ditolak")
    kind = _local(root)
    if kind in ("rss", "feed", "RDF"):
        raise NotASitemap("isinya feed RSS/Atom, bukan sitemap; tulis alamat ini di feeds, bukan di sitemap")
    if kind not in ("urlset", "sitemapindex"):
        raise NotASitemap(f"isinya bukan sitemap (elemen akarnya <{kind or '?'}>, bukan <urlset> atau <sitemapindex>)")
    found = Sitemap(kind == "sitemapindex")
    for element in root:
        if kind == "sitemapindex" and _local(element) == "sitemap":
            address = web_address(_text(element, "loc"))
            if address:
                found.children.append((address, moment(_text(element, "lastmod"), zone)))
            else:
                found.skipped += 1
        elif kind == "urlset" and _local(element) == "url":
            address = web_address(_text(element, "loc"))
            if not address:
                found.skipped += 1
                continue
            news = _news(element)
            published = moment(_text(news, "publication_date", NEWS), zone) if news is not None else None
            title = plain(_text(news, "title", NEWS))[:TITLE_LIMIT] if news is not None else ""
            found.entries.append(SitemapEntry(address, moment(_text(element, "lastmod"), zone), title, published))
    return found
