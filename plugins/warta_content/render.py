"""Markdown to sanitised HTML, one parse per release (the summary comes from the same parse)."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import urlparse

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "iframe": {"src", "title", "width", "height", "allowfullscreen"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@lru_cache(maxsize=1)
def _parser() -> markdown.Markdown:
    # One parser per process, reset between documents: building a Markdown object per file is
    # where vanilla Pelican spends much of its Markdown time.
    return markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")


def _attribute_filter(iframe_hosts: frozenset):
    def keep(tag: str, attribute: str, value: str):
        if tag == "iframe" and attribute == "src":
            parsed = urlparse(value)
            return value if parsed.scheme == "https" and parsed.hostname in iframe_hosts else None
        return value
    return keep


def sanitise(fragment: str, iframe_hosts=frozenset()) -> str:
    cleaned = nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_attribute_filter(frozenset(iframe_hosts)),
        link_rel="noopener noreferrer",
    )
    # An iframe whose source was refused is an empty frame: drop it altogether.
    return re.sub(r"<iframe(?![^>]*\ssrc=)[^>]*>\s*</iframe>", "", cleaned)


def plain_text(fragment: str) -> str:
    return html.unescape(nh3.clean(fragment, tags=set())).strip()


def render(body: str, iframe_hosts=frozenset()) -> tuple[str, str]:
    """(sanitised body HTML, plain text of the first paragraph)."""
    parser = _parser()
    parser.reset()
    body_html = sanitise(parser.convert(body), iframe_hosts)
    match = re.search(r"<p>(.*?)</p>", body_html, re.S)
    lead = plain_text(match.group(1)) if match else ""
    return body_html, lead


def shorten(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
