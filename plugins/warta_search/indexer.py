"""Runs Pagefind over the built output: release pages only, one Indonesian index per year.

Pagefind has no incremental mode, so the index is split by year and merged in the browser
(`mergeIndex`): a build re-indexes only the years whose release pages changed, and reuses the
previous bundle of every other year. Each year is a separate Pagefind process (one core each),
started as soon as the release pages exist, so indexing overlaps the rest of the build.
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
RELEASE_PAGE = re.compile(r"^berita/(\d{4})/\d{2}/[^/]+/index\.html$")


class SearchIndexError(RuntimeError):
    pass


def bundle_dir(year: int | str) -> str:
    return f"{BUNDLE_ROOT}/{year}/"


def pagefind_command(site: str, year: str) -> list[str]:
    # Pages say lang="id"; forcing it keeps one index even if a page ever says otherwise.
    return [sys.executable, "-m", "pagefind", "--site", site, "--glob", f"berita/{year}/*/*/index.html",
            "--output-subdir", bundle_dir(year).rstrip("/"), "--force-language", "id", "--quiet"]


def pages_by_year(keys: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """The render keys of every release page, per year: what each year's bundle depends on."""
    years: dict[str, list[tuple[str, str]]] = {}
    for path, key in keys.items():
        match = RELEASE_PAGE.match(path)
        if match:
            years.setdefault(match.group(1), []).append((path, key))
    return years


class Indexing:
    """The year bundles of one build: reused, or indexed by at most `workers` Pagefind processes at once."""

    def __init__(self, output_path: str, writer: OutputWriter, workers: int):
        self.output_path = output_path
        self.workers = max(1, workers)
        engine = version("pagefind")
        self.queue = [year for year, pages in sorted(pages_by_year(dict(writer.keys)).items(), reverse=True)
                      if not writer.unchanged_tree(bundle_dir(year), digest(engine, year, sorted(pages)))]
        self.running: dict[str, tuple[subprocess.Popen, float]] = {}
        self._fill()

    def _fill(self) -> None:
        while self.queue and len(self.running) < self.workers:
            year = self.queue.pop(0)
            process = subprocess.Popen(pagefind_command(self.output_path, year), stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            self.running[year] = (process, time.perf_counter())

    def wait(self) -> None:
        """Wait for every year, starting queued ones as others finish; the first failure stops the build."""
        while self.running:
            year = next(iter(self.running))
            process, started = self.running.pop(year)
            output, _ = process.communicate()
            if process.returncode != 0:
                self.cancel()
                raise SearchIndexError(f"Indeks pencarian {year} gagal dibuat (pagefind keluar dengan kode "
                                       f"{process.returncode}):\n{output.decode(errors='replace').strip()}")
            logger.info("Indeks pencarian %s dibuat dalam %.1f s", year, time.perf_counter() - started)
            self._fill()

    def cancel(self) -> None:
        self.queue.clear()
        for process, _ in self.running.values():
            process.kill()
            process.communicate()
        self.running.clear()
