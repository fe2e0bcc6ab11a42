"""Every developer, writer and operator task of Warta: `invoke --list` shows them."""

from __future__ import annotations

import logging
import os
import sys
from datetime import datetime
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))
os.chdir(ROOT)

SETTINGS = {"dev": "pelicanconf.py", "publish": "publishconf.py"}


def _logging(verbose: bool = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def _content_settings(config: str = "dev", content: str | None = None) -> dict:
    from pelican.settings import read_settings
    from warta_core.settings import with_defaults

    return with_defaults(read_settings(SETTINGS[config], override={"PATH": content} if content else None))


@task(help={"github": "print problems as GitHub Actions annotations too", "config": "dev or publish",
            "content": "content folder (default content/)"})
def check(c, github=False, config="dev", content=None):
    """Validate every release and registry; list every problem at once."""
    import time

    from warta_content.loading import load_content

    started = time.perf_counter()
    settings = _content_settings(config, content)
    site, problems = load_content(settings, settings["PATH"], use_cache=False)
    elapsed = time.perf_counter() - started
    for problem in sorted(problems):
        print(problem)
        if github:
            print(problem.github_annotation())
    if problems:
        raise Exit(f"{len(problems)} masalah ditemukan di konten. Perbaiki lalu jalankan lagi `invoke check`.", code=1)
    print(f"Konten valid: {len(site.releases)} rilis, {len(site.registries.opds)} OPD, "
          f"{len(site.registries.regions)} wilayah ({elapsed:.2f} s).")


@task(help={"config": "dev (default) or publish", "output": "output folder (default output/)",
            "drafts": "preview drafts and embargoed releases with a DRAF banner (dev only)",
            "now": "build as if it were this time (ISO 8601), for embargo checks",
            "full": "ignore caches and render every page", "content": "content folder (default content/)"})
def build(c, config="dev", output="output", drafts=False, now=None, full=False, verbose=False, content=None):
    """Build the site into output/ atomically: a failed build leaves the previous output untouched."""
    from warta_core.build import build as run_build
    from warta_core.problems import ContentError

    _logging(verbose)
    if drafts and config == "publish":
        raise Exit("Draf tidak pernah ikut build publikasi.", code=2)
    overrides = {"WARTA_SHOW_DRAFTS": True} if drafts else {}
    if now:
        overrides["WARTA_NOW"] = now
    if content:
        overrides["PATH"] = os.path.abspath(content)
    try:
        result = run_build(SETTINGS[config], output, overrides, incremental=not full)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        raise Exit("Build dibatalkan; output/ tidak diubah.", code=1) from None
    print(f"Situs dibangun di {os.path.relpath(result.output)} dalam {result.seconds:.1f} s: "
          f"{result.written} berkas ditulis, {result.reused} tidak berubah.")


@task
def test(c, fast=False):
    """Run the whole test suite (browser tests included; --fast skips them)."""
    marker = "-m 'not browser'" if fast else ""
    c.run(f"{sys.executable} -m pytest -q {marker}", pty=False)
