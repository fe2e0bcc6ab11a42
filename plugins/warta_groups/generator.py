"""The grouping generator: OPD, region, topic and monthly pages over the published releases."""

from __future__ import annotations

from pelican.generators import Generator

from warta_core.plugins import generator_writer
from warta_core.templates import PageRenderer, prepare_env
from warta_core.urls import Urls
from .grouping import build_groupings, link_related
from .pages import GroupPages


class GroupGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_env(self.env, self.settings)

    def generate_context(self):
        releases = self.context["releases"]
        groupings = build_groupings(releases, self.context["registries"], Urls(self.settings))
        link_related(releases, groupings, self.settings["WARTA_RELATED_COUNT"])
        self.context.update(
            groupings=groupings,
            opds=groupings.opds,
            regions=groupings.regions,
            topics=groupings.topics,
            months=groupings.months,
            opd_by_slug=groupings.by_slug("opds"),
            region_by_slug=groupings.by_slug("regions"),
            topic_by_slug=groupings.by_slug("topics"),
        )

    def generate_output(self, writer):
        renderer = PageRenderer(self.env, self.context, generator_writer(writer))
        pages = GroupPages(renderer, self.context["site_fingerprint"], self.settings["WARTA_GROUP_LATEST"],
                           self.settings)
        pages.write(self.context["groupings"])
