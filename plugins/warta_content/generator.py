"""The release generator: loads and validates content, then writes release pages and the home page."""

from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from pelican.generators import Generator

from warta_core.clock import build_now
from warta_core.fingerprint import site_fingerprint
from warta_core.output import OutputWriter, digest
from warta_core.problems import ContentError
from warta_core.templates import PageRenderer, output_writer, prepare_env
from .loading import load_content

logger = logging.getLogger(__name__)

POOL_THRESHOLD = 300  # pages; below this a process pool costs more than it saves
_JOB: dict = {}  # the render job handed to forked workers; set and cleared around one pool


def _render_chunk(start: int, end: int):
    job = _JOB
    parent: OutputWriter = job["writer"]
    writer = OutputWriter(parent.output_path, parent.previous_path, {})
    renderer = PageRenderer(job["env"], job["context"], writer)
    for release, key in job["pages"][start:end]:
        renderer.page("release.html", release.save_as, key, release=release)
    return writer.keys, writer.written, writer.reused


class ReleaseGenerator(Generator):
    """Reads `content/berita/` and `content/data/`; everything else builds on its context."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_env(self.env, self.settings)

    def generate_context(self):
        content, problems = load_content(self.settings, self.path)
        if problems:
            raise ContentError(problems)
        now = build_now(self.settings)
        releases = content.visible(now, bool(self.settings.get("WARTA_SHOW_DRAFTS")))
        registries = content.registries
        self.context.update(
            releases=releases,
            registries=registries,
            build_now=now,
            site_fingerprint=site_fingerprint(self.settings, registries.opds, registries.regions),
            releases_by_url={release.url: release for release in releases},
        )
        logger.info("%d rilis terbit dari %d berkas", len(releases), len(content.releases))

    def generate_output(self, writer):
        out = output_writer(self.settings, self.output_path)
        renderer = PageRenderer(self.env, self.context, out)
        releases = self.context["releases"]
        self._copy_images(out, releases)
        self._write_release_pages(renderer, releases)
        latest = releases[: self.settings["WARTA_HOME_LATEST"]]
        renderer.page("index.html", "index.html", releases_latest=latest)

    def _copy_images(self, out: OutputWriter, releases) -> None:
        for release in releases:
            if release.image:
                with open(release.image.source, "rb") as handle:
                    out.write(release.image.url, handle.read())

    def _page_key(self, release) -> str:
        related = tuple((other.url, other.title, other.date, other.image.url if other.image else None)
                        for other in release.related)
        return digest(self.context["site_fingerprint"], release.fingerprint, release.identity,
                      release.preview_label, related)

    def _write_release_pages(self, renderer: PageRenderer, releases) -> None:
        out = renderer.writer
        pending = [(release, self._page_key(release)) for release in releases]
        pending = [(release, key) for release, key in pending if not out.unchanged(release.save_as, key)]
        workers = self.settings.get("WARTA_WORKERS") or os.cpu_count() or 1
        if len(pending) < POOL_THRESHOLD or workers < 2:
            for release, key in pending:
                renderer.page("release.html", release.save_as, key, release=release)
            return
        _JOB.update(env=self.env, context=self.context, writer=out, pages=pending)
        try:
            size = max(50, len(pending) // (workers * 6))
            bounds = [(start, min(start + size, len(pending))) for start in range(0, len(pending), size)]
            with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
                for keys, written, reused in pool.map(_render_chunk, *zip(*bounds)):
                    out.merge(keys, written, reused)
        finally:
            _JOB.clear()
