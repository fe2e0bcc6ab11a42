"""A partner's article page, found through its sitemap, as a plain item: headline, opening text, links, time.

The headline is og:title or <title> (without the site's name); the opening text is the first
paragraphs of the block that holds most of the page's paragraph text, the way readers find an
article's body, or og:description when the page has no paragraphs; links are those inside that
block only, so that a sidebar listing our latest releases is never taken for a link back.
Everything becomes plain text and http(s) addresses; nothing of the page is kept as markup.
"""

from __future__ import annotations

import codecs
import re
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from .partner_items import TEXT_WORDS, TITLE_LIMIT, PartnerItem, plain, web_address
from .sitemaps import moment

HTML_TYPES = ("text/html", "application/xhtml+xml")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# What is around an article rather than in it.
AROUND = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe",
          "svg", "button", "select")
TITLE_SEPARATORS = " -|–—:·»•"
PARAGRAPHS = 8  # the opening is what matching compares; a few paragraphs hold TEXT_WORDS words


class NotAnArticle(Exception):
    """The page is no article we can read; the text is the Indonesian reason."""

    def __init__(self, reason: str, listing: bool = False):
        super().__init__(reason)
        self.listing = listing  # a list of articles or a home page: nothing wrong with it, just not an article


def _charset(content_type: str, body: bytes) -> str:
    for candidate in (re.search(r"charset=\s*\"?([\w.:-]+)", content_type or "", re.I),
                      CHARSET.search(body[:4096])):
        if candidate:
            name = candidate.group(1)
            name = name.decode("ascii", "replace") if isinstance(name, bytes) else name
            try:
                return codecs.lookup(name).name
            except LookupError:
                continue
    return "utf-8"


def _meta(document) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in document.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        if key and key not in found and element.get("content"):
            found[key] = element.get("content")
    return found


def _without_site_name(title: str, site_name: str) -> str:
    site_name = plain(site_name)
    if site_name and title.endswith(site_name) and len(title) > len(site_name):
        return title[: -len(site_name)].rstrip(TITLE_SEPARATORS) or title
    return title


def _body_block(document):
    """The element holding most paragraph text: a paragraph counts fully for its parent, half for the grandparent."""
    scores: dict = {}
    for paragraph in document.iter("p"):
        length = len(" ".join(paragraph.text_content().split()))
        if length < 25:
            continue
        parent = paragraph.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + length
            grandparent = parent.getparent()
            if grandparent is not None:
                scores[grandparent] = scores.get(grandparent, 0) + length / 2
    return max(scores, key=scores.get) if scores else None


def article(body: bytes, url: str, content_type: str, zone, title: str = "", published: datetime | None = None,
            lastmod: datetime | None = None) -> PartnerItem:
    """The page at `url` as an item; `title` and `published` from a news sitemap take precedence over the page's,
    and the sitemap's `lastmod` stands in for a page that gives no publication time."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if kind and kind not in HTML_TYPES:
        raise NotAnArticle(f"bukan halaman HTML ({kind})")
    text = body.decode(_charset(content_type, body), errors="replace")
    text = XML_DECLARATION.sub("", text)
    if not text.strip():
        raise NotAnArticle("halaman kosong")
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        document = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        raise NotAnArticle("halaman HTML tidak bisa dibaca") from None
    meta = _meta(document)
    if len(document.xpath("//article")) > 1 or (meta.get("og:type", "").lower() == "website"
                                                 and "article:published_time" not in meta):
        raise NotAnArticle("bukan halaman artikel (halaman daftar atau beranda)", listing=True)
    for element in document.xpath("|".join(f"//{name}" for name in AROUND)):
        element.drop_tree()
    block = _body_block(document)
    paragraphs = [plain(paragraph.text_content()) for paragraph in block.iter("p")][:PARAGRAPHS] if block is not None \
        else []
    opening = " ".join(paragraph for paragraph in paragraphs if paragraph) \
        or plain(meta.get("og:description") or meta.get("description") or "")
    headline = plain(title) or _without_site_name(plain(meta.get("og:title") or document.findtext(".//title") or ""),
                                                 meta.get("og:site_name", ""))
    if not headline and not opening:
        raise NotAnArticle("halaman tanpa judul dan tanpa teks")
    links = set()
    for anchor in block.iter("a") if block is not None else ():
        address = web_address(urljoin(url, (anchor.get("href") or "").strip()))
        if address:
            links.add(address)
    when = published or moment(meta.get("article:published_time"), zone) or lastmod
    return PartnerItem(url, url, headline[:TITLE_LIMIT], " ".join(opening.split()[:TEXT_WORDS]), when, links)
