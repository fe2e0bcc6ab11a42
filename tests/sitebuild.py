"""Building real sites from scenario-named fixture content into temporary folders, for every test."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

# Tests build "as if" at this moment, so embargo outcomes never depend on the day the suite runs.
TEST_NOW = "2026-11-24T12:00:00+08:00"


def make_site(tmp_path: Path, *scenarios: str, base: str | None = "base_site") -> Path:
    """A content folder: the base site with each scenario folder laid over it (same relative paths)."""
    content = tmp_path / "content"
    if content.exists():
        shutil.rmtree(content)
    if base:
        shutil.copytree(FIXTURES / base / "content", content)
    for scenario in scenarios:
        source = FIXTURES / scenario
        shutil.copytree(source / "content" if (source / "content").is_dir() else source, content, dirs_exist_ok=True)
    return content


def build_site(content: Path, output: Path, config: str = "pelicanconf.py", incremental: bool = True, **overrides):
    """Build `content` into `output` in-process with Warta's atomic build; returns the BuildResult."""
    from warta_ops.build import build

    settings = {"PATH": str(content), "WARTA_NOW": TEST_NOW, "WARTA_CACHE_DIR": str(output.parent / ".cache"),
                "WARTA_DEMO_NOTICE": "", **overrides}
    cwd = os.getcwd()
    os.chdir(ROOT)  # pelicanconf.py and the theme are found relative to the project
    try:
        return build(str(ROOT / config), str(output), settings, incremental=incremental)
    finally:
        os.chdir(cwd)


def bench_tool(name: str) -> Path:
    """A script of the shared benchmark kit (make_corpus.py, ...), found by benchmarks.kit; fails the test if absent."""
    import pytest

    from benchmarks.kit import kit_tool

    try:
        return kit_tool(name)
    except FileNotFoundError as error:
        pytest.fail(str(error))


def read_tree(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}
