"""Runs Pagefind over the built output: release pages only, in a few Indonesian bundles.

Pagefind has no incremental mode, so the index is split and merged in the browser (`mergeIndex`):
the newest month has a bundle of its own, the rest of each year one bundle per year. New releases
land in the newest month, so a build usually re-indexes only that small bundle and reuses every
other one from the previous output; a year is re-indexed once, when its last month stops being the
newest. Each bundle is a separate Pagefind process (one core each), started as soon as the release
pages exist, so indexing overlaps the rest of the build.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import time
from importlib.metadata import version

from warta_core.output import OutputWriter, digest

logger = logging.getLogger(__name__)

BUNDLE_ROOT = "pagefind"
PAGES_BUNDLE = "halaman"  # the static pages, a small bundle of their own
RELEASE_PAGE = re.compile(r"^berita/(\d{4})/(\d{2})/[^/]+/index\.html$")


class SearchIndexError(RuntimeError):
    pass


def bundle_dir(name: str) -> str:
    return f"{BUNDLE_ROOT}/{name}/"


def bundle_layout(months) -> dict[str, list[tuple[int, int]]]:
    """Bundle name -> the (year, month)s it indexes, newest bundle first."""
    months = sorted(set(months), reverse=True)
    if not months:
        return {}
    newest = months[0]
    layout = {f"{newest[0]:04d}-{newest[1]:02d}": [newest]}
    for year, month in months[1:]:
        layout.setdefault(f"{year:04d}", []).append((year, month))
    return layout


def release_glob(months: list[tuple[int, int]]) -> str:
    year = months[0][0]
    choice = ",".join(f"{month:02d}" for _, month in months)
    return f"berita/{year:04d}/{{{choice}}}/*/index.html" if len(months) > 1 else \
        f"berita/{year:04d}/{months[0][1]:02d}/*/index.html"


def pages_glob(save_as: list[str]) -> str:
    return save_as[0] if len(save_as) == 1 else "{" + ",".join(save_as) + "}"


def pagefind_command(site: str, name: str, pattern: str) -> list[str]:
    # Pages say lang="id"; forcing it keeps one index even if a page ever says otherwise.
    return [sys.executable, "-m", "pagefind", "--site", site, "--glob", pattern,
            "--output-subdir", bundle_dir(name).rstrip("/"), "--force-language", "id", "--quiet"]


def page_keys_by_month(keys: dict[str, str]) -> dict[tuple[int, int], list[tuple[str, str]]]:
    """The render keys of every release page, per month: what each bundle depends on."""
    months: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for path, key in keys.items():
        match = RELEASE_PAGE.match(path)
        if match:
            months.setdefault((int(match.group(1)), int(match.group(2))), []).append((path, key))
    return months


class Indexing:
    """The bundles of one build: reused, or indexed by at most `workers` Pagefind processes at once."""

    def __init__(self, output_path: str, writer: OutputWriter, layout: dict, workers: int,
                 static_pages: list[str] = ()):
        self.output_path = output_path
        self.workers = max(1, workers)
        engine = version("pagefind")
        pages = page_keys_by_month(dict(writer.keys))
        self.globs = {name: release_glob(months) for name, months in layout.items()}
        keys = {name: digest(engine, name, [sorted(pages.get(month, ())) for month in months])
                for name, months in layout.items()}
        if static_pages:
            self.globs[PAGES_BUNDLE] = pages_glob(list(static_pages))
            keys[PAGES_BUNDLE] = digest(engine, PAGES_BUNDLE, [(path, writer.keys.get(path)) for path in static_pages])
        self.queue = []
        for name, key in keys.items():
            if not writer.unchanged_tree(bundle_dir(name), key):
                self.queue.append(name)
        self.running: dict[str, tuple[subprocess.Popen, float]] = {}
        self._fill()

    def _fill(self) -> None:
        while self.queue and len(self.running) < self.workers:
            name = self.queue.pop(0)
            process = subprocess.Popen(pagefind_command(self.output_path, name, self.globs[name]),
                                       stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            self.running[name] = (process, time.perf_counter())

    def wait(self) -> None:
        """Wait for every bundle, starting queued ones as others finish; the first failure stops the build."""
        while self.running:
            name = next(iter(self.running))
            process, started = self.running.pop(name)
            output, _ = process.communicate()
            if process.returncode != 0:
                self.cancel()
                raise SearchIndexError(f"Indeks pencarian {name} gagal dibuat (pagefind keluar dengan kode "
                                       f"{process.returncode}):\n{output.decode(errors='replace').strip()}")
            logger.info("Indeks pencarian %s dibuat dalam %.1f s", name, time.perf_counter() - started)
            self._fill()

    def cancel(self) -> None:
        self.queue.clear()
        for process, _ in self.running.values():
            process.kill()
            process.communicate()
        self.running.clear()
