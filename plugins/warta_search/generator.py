"""Writes the search page; the index itself is built once the whole output exists (see indexer)."""

from __future__ import annotations

import json

from pelican.generators import Generator

from warta_core.templates import PageRenderer, base_path, output_writer, prepare_env
from .indexer import bundle_dir

SEARCH_PAGE = "cari/index.html"


class SearchGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_env(self.env, self.settings)

    def generate_context(self):
        """The year bundles the search page loads: the newest is primary, the others are merged in."""
        years = sorted({release.date.year for release in self.context["releases"]}, reverse=True)
        bundles = [bundle_dir(year) for year in years] if self.settings.get("WARTA_SEARCH") else []
        prefix = base_path(self.settings)
        self.context.update(
            search_bundle=bundles[0] if bundles else None,
            search_merge=json.dumps([{"bundlePath": f"{prefix}/{bundle}"} for bundle in bundles[1:]]),
        )

    def generate_output(self, writer):
        out = output_writer(self.settings, self.output_path)
        PageRenderer(self.env, self.context, out).page("search.html", SEARCH_PAGE)
