"""sitemap.xml, the Google News sitemap and robots.txt, as text: small, ordered, deterministic."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from warta_core.urls import url_of

from .metadata import absolute

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def not_pages(settings) -> tuple[str, ...]:
    """Output that is not a page a reader should land on from a search engine."""
    return (settings["NOT_FOUND_SAVE_AS"], settings["SEARCH_INDEX_DIR"], settings["THEME_STATIC_DIR"].strip("/") + "/")


def page_urls(settings, paths) -> list[str]:
    """Every HTML page among the output's relative `paths`, as site-relative URLs ('' for home), sorted."""
    skipped = not_pages(settings)
    urls = []
    for relative in paths:
        relative = relative.replace(os.sep, "/")
        if not relative.endswith(".html") or relative.startswith(skipped):
            continue
        urls.append(url_of(relative))
    return sorted(set(urls))


def sitemap(settings, urls: list[str], lastmod: dict[str, datetime]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for url in urls:
        lines.append(f"  <url><loc>{escape(absolute(settings, url))}</loc>"
                     + (f"<lastmod>{lastmod[url].isoformat()}</lastmod>" if url in lastmod else "")
                     + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def recent(releases, now: datetime, days: int) -> list:
    """Releases published within the last `days` days before `now` (what Google News wants listed)."""
    since = now - timedelta(days=days)
    return [release for release in releases if since <= release.date <= now]


def news_sitemap(settings, releases) -> str:
    name = escape(settings["SITENAME"])
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">']
    for release in releases:
        lines += [
            "  <url>",
            f"    <loc>{escape(absolute(settings, release.url))}</loc>",
            "    <news:news>",
            f"      <news:publication><news:name>{name}</news:name><news:language>id</news:language></news:publication>",
            f"      <news:publication_date>{release.date.isoformat()}</news:publication_date>",
            f"      <news:title>{escape(release.title)}</news:title>",
            "    </news:news>",
            "  </url>",
        ]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(settings) -> str:
    return ("User-agent: *\nAllow: /\n\n"
            f"Sitemap: {absolute(settings, settings['SITEMAP_SAVE_AS'])}\n"
            f"Sitemap: {absolute(settings, settings['NEWS_SITEMAP_SAVE_AS'])}\n")
