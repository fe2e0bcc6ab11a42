"""Writes the search page and starts the index as soon as the release pages exist (see indexer)."""

from __future__ import annotations

import json

from pelican import signals
from pelican.generators import Generator

from warta_core.parallel import workers_for
from warta_core.templates import PageRenderer, base_path, output_writer, prepare_env
from .indexer import PAGES_BUNDLE, Indexing, bundle_dir, bundle_layout, granularity


class SearchGenerator(Generator):
    """Runs right after the release generator (its place in PLUGINS), so indexing overlaps the rest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_env(self.env, self.settings)
        self.indexing: Indexing | None = None
        self.layout: dict = {}
        # Waiting belongs at the very end of the build: every other generator has written by then.
        signals.finalized.connect(self.finish_index)

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
        out = output_writer(self.settings, self.output_path)
        PageRenderer(self.env, self.context, out).page("search.html", self.settings["SEARCH_SAVE_AS"])
        if self.settings["WARTA_SEARCH"]:
            workers = workers_for(self.settings)
            self.indexing = Indexing(self.output_path, out, self.layout, workers, self.settings,
                                     self.context["releases"], [page.save_as for page in self.context.get("static_pages") or ()])

    def finish_index(self, pelican) -> None:
        if self.indexing is not None and pelican.output_path == self.output_path:
            indexing, self.indexing = self.indexing, None
            indexing.wait()
