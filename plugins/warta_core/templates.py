"""Template helpers shared by every Warta generator: URL builders, date filters, page rendering."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from urllib.parse import urlparse

from jinja2 import FileSystemBytecodeCache

from . import dates
from .output import OutputWriter
from .progress import Progress


def base_path(settings) -> str:
    """The path the site lives under ('' at a domain root, '/repo' on a GitHub project page)."""
    return urlparse(settings.get("SITEURL") or "").path.rstrip("/")


def prepare_env(env, settings) -> None:
    """Filters and globals every template may use; Python decides, templates only show."""
    prefix = base_path(settings)
    site_url = (settings.get("SITEURL") or "").rstrip("/")
    zone_label = settings.get("WARTA_TIMEZONE_LABEL", "WITA")

    def url_for(path: str = "") -> str:
        return f"{prefix}/{path.lstrip('/')}"

    def absolute_url(path: str = "") -> str:
        return f"{site_url}/{path.lstrip('/')}"

    env.globals.update(url_for=url_for, absolute_url=absolute_url)
    cache_dir = settings.get("WARTA_CACHE_DIR")
    if cache_dir:
        # Every generator has its own environment; a shared bytecode cache saves recompiling the
        # same templates in each of them, on every build.
        folder = os.path.join(cache_dir, "jinja")
        os.makedirs(folder, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(folder)
    env.filters.update(
        long_datetime=lambda moment: dates.long_datetime(moment, zone_label),
        long_date=dates.long_date,
        short_date=dates.short_date,
        month_year=dates.month_year,
        iso=lambda moment: moment.isoformat(),
    )


def output_writer(settings, output_path: str) -> OutputWriter:
    """The one writer of a build, shared by every generator through the settings of that build."""
    writer = settings.get("WARTA_OUTPUT_WRITER")
    if writer is None or os.path.abspath(writer.output_path) != os.path.abspath(output_path):
        writer = OutputWriter(output_path)
        settings["WARTA_OUTPUT_WRITER"] = writer
    return writer


POOL_THRESHOLD = 300  # pages; below this a process pool costs more than it saves
_BATCH: dict = {}  # the batch handed to forked workers; set and cleared around one pool


def _render_slice(start: int, end: int):
    parent: PageRenderer = _BATCH["renderer"]
    writer = OutputWriter(parent.writer.output_path, parent.writer.previous_path, {})
    renderer = PageRenderer(parent.env, parent.context, writer)
    for template, save_as, key, values in _BATCH["jobs"][start:end]:
        renderer.render(template, save_as, key, values)
    return writer.keys, writer.written, writer.reused


class PageRenderer:
    """Renders a template to a file through the build's writer, skipping pages whose key is unchanged."""

    def __init__(self, env, context: dict, writer: OutputWriter):
        self.env = env
        self.context = context
        self.writer = writer

    def page(self, template: str, save_as: str, key: str | None = None, **values) -> None:
        if key is not None and self.writer.unchanged(save_as, key):
            return
        self.render(template, save_as, key, values)

    def render(self, template: str, save_as: str, key: str | None, values: dict) -> None:
        url = save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as
        html = self.env.get_template(template).render({**self.context, "page_url": url, **values})
        self.writer.write(save_as, html, key)

    def pages(self, jobs: list[tuple[str, str, str | None, dict]], label: str = "Halaman") -> None:
        """Render many (template, save_as, key, values) pages, on every core when there are many.

        Workers are forked after the context is complete, so they share it without pickling;
        each writes its own files and hands back only what it wrote.
        """
        pending = [job for job in jobs if job[2] is None or not self.writer.unchanged(job[1], job[2])]
        workers = self.context.get("WARTA_WORKERS") or os.cpu_count() or 1
        progress = Progress(label, len(pending))
        if len(pending) < POOL_THRESHOLD or workers < 2:
            for job in pending:
                self.render(*job)
                progress.advance(1)
            progress.close()
            return
        _BATCH.update(renderer=self, jobs=pending)
        try:
            size = max(50, len(pending) // (workers * 6))
            bounds = [(start, min(start + size, len(pending))) for start in range(0, len(pending), size)]
            with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
                for (start, end), (keys, written, reused) in zip(bounds, pool.map(_render_slice, *zip(*bounds))):
                    self.writer.merge(keys, written, reused)
                    progress.advance(end - start)
        finally:
            _BATCH.clear()
            progress.close()
