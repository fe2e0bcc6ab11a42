"""Writes the search page; the index itself is built once the whole output exists (see indexer)."""

from __future__ import annotations

from pelican.generators import Generator

from warta_core.templates import PageRenderer, output_writer, prepare_env

SEARCH_PAGE = "cari/index.html"


class SearchGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_env(self.env, self.settings)

    def generate_context(self):
        pass

    def generate_output(self, writer):
        out = output_writer(self.settings, self.output_path)
        PageRenderer(self.env, self.context, out).page("search.html", SEARCH_PAGE)
