"""The findability generator: news sitemap, robots.txt and 404 page; sitemap.xml once all output exists."""

from __future__ import annotations

import logging

from pelican.generators import Generator

from warta_core.output import OutputWriter
from warta_core.plugins import generator_writer
from warta_core.templates import PageRenderer, prepare_env
from warta_core.urls import url_of
from . import sitemaps

logger = logging.getLogger(__name__)


def page_dates(context) -> dict:
    """Last-modified time of each page that has one: releases, the home page, every group page."""
    releases = context["releases"]
    dates = {release.url: release.updated for release in releases}
    if releases:
        dates[url_of(context["INDEX_SAVE_AS"])] = max(release.updated for release in releases)
    for key in ("opds", "regions", "topics", "months"):
        for group in context.get(key) or ():
            if group.releases:
                dates[group.url] = max(release.updated for release in group.releases)
    return dates


class SeoGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_env(self.env, self.settings)

    def generate_output(self, writer):
        out = generator_writer(writer)
        # The sitemap is written at `finalized`, once every generator has written its pages.
        out.lastmod.update(page_dates(self.context))
        releases = self.context["releases"]
        news = sitemaps.recent(releases, self.context["build_now"], self.settings["WARTA_NEWS_SITEMAP_DAYS"])
        out.write(self.settings["NEWS_SITEMAP_SAVE_AS"], sitemaps.news_sitemap(self.settings, news))
        out.write(self.settings["ROBOTS_SAVE_AS"], sitemaps.robots(self.settings))
        PageRenderer(self.env, self.context, out).page("404.html", self.settings["NOT_FOUND_SAVE_AS"])


def write_sitemap(pelican) -> None:
    """Signal receiver (finalized): list every page that the whole build wrote or kept.

    Every page passes through the build's writer, so its record is the list of pages: no need to
    walk tens of thousands of files again.
    """
    settings = pelican.settings
    out = OutputWriter.for_output(pelican.output_path)
    urls = sitemaps.page_urls(settings, [path for path in out.written + out.reused if path not in out.unlisted])
    out.write(settings["SITEMAP_SAVE_AS"], sitemaps.sitemap(settings, urls, out.lastmod))
    logger.info("%s: %d halaman", settings["SITEMAP_SAVE_AS"], len(urls))
