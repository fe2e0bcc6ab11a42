"""Writes the search page and starts the index as soon as the release pages exist (see indexer)."""

from __future__ import annotations

import json

from pelican.generators import Generator

from warta_core.output import OutputWriter
from warta_core.parallel import workers_for
from warta_core.plugins import generator_writer
from warta_core.templates import PageRenderer, base_path, prepare_env
from .indexer import PAGES_BUNDLE, Indexing, bundle_dir, bundle_layout, granularity


class SearchGenerator(Generator):
    """Runs right after the release generator (its place in PLUGINS), so indexing overlaps the rest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_env(self.env, self.settings)
        self.layout: dict = {}

    def generate_context(self):
        """The bundles the search page loads: the newest is primary, the others are merged in."""
        months = {(release.date.year, release.date.month) for release in self.context["releases"]}
        split = granularity(self.settings["RELEASE_SAVE_AS"])
        self.layout = bundle_layout(months, split) if self.settings["WARTA_SEARCH"] else {}
        root = self.settings["SEARCH_INDEX_DIR"]
        bundles = [bundle_dir(root, name) for name in self.layout]
        if self.settings["WARTA_SEARCH"] and self.context.get("static_pages"):
            bundles.append(bundle_dir(root, PAGES_BUNDLE))
        prefix = base_path(self.settings)
        self.context.update(
            search_bundle=bundles[0] if bundles else None,
            search_merge=json.dumps([{"bundlePath": f"{prefix}/{bundle}"} for bundle in bundles[1:]]),
        )

    def generate_output(self, writer):
        out = generator_writer(writer)
        PageRenderer(self.env, self.context, out).page("search.html", self.settings["SEARCH_SAVE_AS"])
        if self.settings["WARTA_SEARCH"]:
            workers = workers_for(self.settings)
            # Pagefind runs in the background while the other generators write; see finish_index.
            out.background.append(Indexing(self.output_path, out, self.layout, workers, self.settings,
                                           self.context["releases"],
                                           [page.save_as for page in self.context.get("static_pages") or ()]))


def finish_index(pelican) -> None:
    """Receiver of `finalized`: every generator has written, so wait for the search bundles."""
    OutputWriter.for_output(pelican.output_path).wait_background()
