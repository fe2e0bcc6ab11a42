"""Runs Pagefind over the built output: release pages only, one Indonesian index."""

from __future__ import annotations

import logging
import subprocess
import sys
import time

logger = logging.getLogger(__name__)

# Release pages only (berita/<YYYY>/<MM>/<slug>/); monthly archives share the prefix but not the depth.
RELEASE_GLOB = "berita/*/*/*/index.html"
BUNDLE_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    pass


def pagefind_command(site: str) -> list[str]:
    # Pages say lang="id"; forcing it keeps one index even if a page ever says otherwise.
    return [sys.executable, "-m", "pagefind", "--site", site, "--glob", RELEASE_GLOB,
            "--output-subdir", BUNDLE_DIR, "--force-language", "id", "--quiet"]


def index_site(pelican) -> None:
    """Signal receiver (finalized): index the staging output before it replaces output/."""
    if not pelican.settings.get("WARTA_SEARCH"):
        return
    started = time.perf_counter()
    result = subprocess.run(pagefind_command(pelican.output_path), capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(
            f"Indeks pencarian gagal dibuat (pagefind keluar dengan kode {result.returncode}):\n"
            f"{result.stderr.strip() or result.stdout.strip()}")
    logger.info("Indeks pencarian Pagefind dibuat dalam %.1f s", time.perf_counter() - started)
