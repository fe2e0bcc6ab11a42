"""The feed item: one release as every feed format sees it, built once per release."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from html import escape
from urllib.parse import urljoin

import lxml.html

from warta_core.dates import long_datetime

# An attribute whose URL has no scheme: only bodies with one need parsing (most have none).
RELATIVE_URL = re.compile(r"""\b(?:href|src|srcset)\s*=\s*["']?(?![a-zA-Z][a-zA-Z0-9+.-]*:|["'])""")


@dataclass(frozen=True, slots=True)
class FeedImage:
    url: str  # absolute
    mime: str
    length: int  # bytes of the file as published
    width: int | None
    height: int | None
    alt: str
    caption: str | None
    credit: str | None


CATEGORY_KINDS = ("opd", "region", "topic")


def category_schemes(authority: str) -> dict[str, str]:
    """The vocabulary each kind of category belongs to (RSS `domain`, Atom `scheme`): a tag URI under
    WARTA_TAG_AUTHORITY, like the items' GUIDs, so it stays the same when the site's domain changes."""
    return {kind: f"tag:{authority}:{kind}" for kind in CATEGORY_KINDS}


@dataclass(frozen=True, slots=True)
class FeedCategory:
    term: str  # what readers see: the OPD's or region's name, or the topic as written
    scheme: str  # which of category_schemes() it belongs to


@dataclass(frozen=True, slots=True)
class FeedItem:
    identity: str  # the release's stable identity: GUID, Atom id and JSON Feed id
    title: str
    link: str  # absolute
    published: datetime  # in the site's zone, so RSS dates carry its offset (+0800)
    updated: datetime
    summary: str
    content_html: str  # lead image figure, correction note, body: every URL absolute
    author: str
    categories: tuple[FeedCategory, ...]  # the OPD, the regions, the topics
    image: FeedImage | None
    correction: str | None
    gallery: tuple[FeedImage, ...] = ()  # each also a media:content and a figure of content_html


class ItemFactory:
    """Builds and remembers each release's item: a release in several feeds is converted once."""

    def __init__(self, site_url: str, opd_names: dict[str, str], region_names: dict[str, str], zone,
                 zone_label: str, schemes: dict[str, str]):
        self.site_url = site_url.rstrip("/") + "/"
        self.schemes = schemes
        self.opd_names = opd_names
        self.region_names = region_names
        self.zone = zone
        self.zone_label = zone_label
        self._items: dict[str, FeedItem] = {}

    def absolute(self, path: str) -> str:
        return urljoin(self.site_url, path.lstrip("/"))

    def item(self, release) -> FeedItem:
        cached = self._items.get(release.identity)
        if cached is None:
            cached = self._items[release.identity] = self._build(release)
        return cached

    def _build(self, release) -> FeedItem:
        link = self.absolute(release.url)
        image = self._image(release.image) if release.image else None
        updated = release.updated.astimezone(self.zone)
        parts = [_figure(image)] if image else []
        if release.correction:
            parts.append(f"<p><strong>Ralat</strong> ({escape(long_datetime(updated, self.zone_label))}): "
                         f"{escape(release.correction)}</p>")
        parts.append(absolute_links(release.body_html, link))
        gallery = tuple(self._image(photo) for photo in release.gallery)
        parts.extend(_figure(photo) for photo in gallery)
        if release.attachments:
            parts.append(_attachment_list(release.attachments, self.absolute))
        opd, region, topic = (self.schemes[kind] for kind in CATEGORY_KINDS)
        categories = (FeedCategory(self.opd_names.get(release.opd, release.opd), opd),
                      *(FeedCategory(self.region_names.get(slug, slug), region) for slug in release.regions),
                      *(FeedCategory(tag, topic) for tag in release.tags))
        return FeedItem(
            identity=release.identity,
            title=release.title,
            link=link,
            published=release.date.astimezone(self.zone),
            updated=updated,
            summary=release.summary,
            content_html="\n".join(parts),
            author=release.author,
            categories=tuple(dict.fromkeys(categories)),
            image=image,
            correction=release.correction,
            gallery=gallery,
        )

    def _image(self, image) -> FeedImage:
        return FeedImage(self.absolute(image.url), image.mime, image.length, image.width, image.height,
                         image.alt, image.caption, image.credit)


def _figure(image: FeedImage) -> str:
    """The lead image as the first element of the HTML: some importers take a featured image only from there."""
    size = f' width="{image.width}" height="{image.height}"' if image.width and image.height else ""
    caption = escape(image.caption or "")
    if image.credit:
        caption = f"{caption} Foto: {escape(image.credit)}".strip()
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure><img src="{escape(image.url)}" alt="{escape(image.alt)}"{size}>{figcaption}</figure>'


def _attachment_list(attachments, absolute) -> str:
    items = "".join(f'<li><a href="{escape(absolute(item.url))}">{escape(item.title)}</a> ({escape(item.label)})</li>'
                    for item in attachments)
    return f"<p><strong>Lampiran</strong></p><ul>{items}</ul>"


def absolute_links(html: str, base: str) -> str:
    """`html` with every href and src resolved against `base`: a feed is read away from the site."""
    if not RELATIVE_URL.search(html):
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    root.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    for element in root.iter("img", "source"):
        srcset = element.get("srcset")
        if srcset:
            element.set("srcset", ", ".join(_absolute_candidate(candidate, base)
                                            for candidate in srcset.split(",") if candidate.strip()))
    text = escape(root.text or "", quote=False)
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def _absolute_candidate(candidate: str, base: str) -> str:
    url, _, descriptor = candidate.strip().partition(" ")
    return f"{urljoin(base, url)} {descriptor}".strip()
