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
from datetime import datetime
from importlib.metadata import version

from warta_core.output import OutputWriter, digest

logger = logging.getLogger(__name__)

PAGES_BUNDLE = "halaman"  # the static pages, a small bundle of their own
ALL_RELEASES = "rilis"  # the one bundle when RELEASE_SAVE_AS has no date to split by
DATE_FIELD = re.compile(r"\{date:([^}]*)\}")
OTHER_FIELD = re.compile(r"\{[a-z_]+(?::[^}]*)?\}")


class SearchIndexError(RuntimeError):
    pass


def bundle_dir(root: str, name: str) -> str:
    """root: SEARCH_INDEX_DIR."""
    return f"{root.rstrip('/')}/{name}/"


def granularity(release_save_as: str) -> str:
    """How finely the release pages' paths can be told apart by date: "month", "year" or "none"."""
    formats = "".join(DATE_FIELD.findall(release_save_as))
    if "%Y" in formats and "%m" in formats:
        return "month"
    return "year" if "%Y" in formats else "none"


def bundle_layout(months, split: str = "month") -> dict[str, list[tuple[int, int]]]:
    """Bundle name -> the (year, month)s it indexes, newest bundle first.

    With month and year in the release paths the newest month has a bundle of its own and every
    year one for the rest; with the year only, one bundle a year; with no date, a single bundle.
    """
    months = sorted(set(months), reverse=True)
    if not months:
        return {}
    if split == "none":
        return {ALL_RELEASES: months}
    layout = {}
    if split == "month":
        newest = months[0]
        layout[f"{newest[0]:04d}-{newest[1]:02d}"] = [newest]
        months = months[1:]
    for year, month in months:
        layout.setdefault(f"{year:04d}", []).append((year, month))
    return layout


def release_glob(release_save_as: str, months: list[tuple[int, int]]) -> str:
    """A Pagefind glob for the release pages of `months`, from RELEASE_SAVE_AS."""

    def for_month(year: int, month: int) -> str:
        def date(match) -> str:
            spec = match.group(1)
            if re.fullmatch(r"(%[Ym]|[^%])*", spec):
                return datetime(year, month, 1).strftime(spec)
            return "*"

        return OTHER_FIELD.sub("*", DATE_FIELD.sub(date, release_save_as))

    globs = list(dict.fromkeys(for_month(*month) for month in months))
    return globs[0] if len(globs) == 1 else "{" + ",".join(globs) + "}"


def pages_glob(save_as: list[str]) -> str:
    return save_as[0] if len(save_as) == 1 else "{" + ",".join(save_as) + "}"


def pagefind_command(site: str, subdir: str, pattern: str) -> list[str]:
    # Pages say lang="id"; forcing it keeps one index even if a page ever says otherwise.
    return [sys.executable, "-m", "pagefind", "--site", site, "--glob", pattern,
            "--output-subdir", subdir.rstrip("/"), "--force-language", "id", "--quiet"]


def page_keys_by_month(releases, keys: dict[str, str]) -> dict[tuple[int, int], list[tuple[str, str]]]:
    """The render keys of every release page, per month: what each bundle depends on."""
    months: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for release in releases:
        months.setdefault((release.date.year, release.date.month), []).append(
            (release.save_as, keys.get(release.save_as)))
    return months


class Indexing:
    """The bundles of one build: reused, or indexed by at most `workers` Pagefind processes at once."""

    def __init__(self, output_path: str, writer: OutputWriter, layout: dict, workers: int, settings, releases,
                 static_pages: list[str] = ()):
        self.output_path = output_path
        self.root = settings["SEARCH_INDEX_DIR"]
        self.workers = max(1, workers)
        engine = version("pagefind")
        pages = page_keys_by_month(releases, writer.keys)
        self.globs = {name: release_glob(settings["RELEASE_SAVE_AS"], months) for name, months in layout.items()}
        keys = {name: digest(engine, name, [sorted(pages.get(month, ())) for month in months])
                for name, months in layout.items()}
        if static_pages:
            self.globs[PAGES_BUNDLE] = pages_glob(list(static_pages))
            keys[PAGES_BUNDLE] = digest(engine, PAGES_BUNDLE, [(path, writer.keys.get(path)) for path in static_pages])
        self.queue = []
        for name, key in keys.items():
            if not writer.unchanged_tree(bundle_dir(self.root, name), key):
                self.queue.append(name)
        self.running: dict[str, tuple[subprocess.Popen, float]] = {}
        self._fill()

    def _fill(self) -> None:
        while self.queue and len(self.running) < self.workers:
            name = self.queue.pop(0)
            process = subprocess.Popen(pagefind_command(self.output_path, bundle_dir(self.root, name),
                                                        self.globs[name]),
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
