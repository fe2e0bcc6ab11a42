"""Runs Pagefind over the built output: release pages only, one Indonesian index per year.

Pagefind has no incremental mode, so the index is split by year and merged in the browser
(`mergeIndex`): a build re-indexes only the years whose release pages changed, and reuses the
previous bundle of every other year. It also bounds Pagefind's memory to one year of pages.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import time
from importlib.metadata import version

from warta_core.output import digest
from warta_core.templates import output_writer

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


def index_site(pelican) -> None:
    """Signal receiver (finalized): index the staging output before it replaces output/."""
    if not pelican.settings.get("WARTA_SEARCH"):
        return
    writer = output_writer(pelican.settings, pelican.output_path)
    engine = version("pagefind")
    for year, pages in sorted(pages_by_year(dict(writer.keys)).items()):
        key = digest(engine, year, sorted(pages))
        if writer.unchanged_tree(bundle_dir(year), key):
            continue
        started = time.perf_counter()
        result = subprocess.run(pagefind_command(pelican.output_path, year), capture_output=True, text=True)
        if result.returncode != 0:
            raise SearchIndexError(
                f"Indeks pencarian {year} gagal dibuat (pagefind keluar dengan kode {result.returncode}):\n"
                f"{result.stderr.strip() or result.stdout.strip()}")
        logger.info("Indeks pencarian %s: %d halaman dalam %.1f s", year, len(pages), time.perf_counter() - started)
