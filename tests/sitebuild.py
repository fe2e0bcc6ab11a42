"""Building real sites from scenario-named fixture content into temporary folders, for every test."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# The demo province: its content and its settings (pelicanconf.py, publishconf.py). Tests build with
# these, never with the project's own settings or content/, which `invoke init` makes a Pemda's site.
DEMO = FIXTURES / "demo_site"
DEMO_CONTENT = DEMO / "content"
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


def demo_settings(name: str = "pelicanconf.py") -> str:
    """The demo's settings file `name` (pelicanconf.py or publishconf.py)."""
    return str(DEMO / name)


def demo_project(folder: Path) -> Path:
    """A project folder as a fresh clone of Warta has it: the project's settings files with the demo's
    identity block and public address, the demo's content and logo; theme and plugins linked."""
    from warta_ops.init import IDENTITY_END, IDENTITY_START, SITEURL_LINE, replace_identity

    folder.mkdir(parents=True, exist_ok=True)
    demo_conf = (DEMO / "pelicanconf.py").read_text(encoding="utf-8")
    block = demo_conf[demo_conf.index(IDENTITY_START):demo_conf.index(IDENTITY_END) + len(IDENTITY_END)]
    conf = ROOT / "pelicanconf.py"
    (folder / "pelicanconf.py").write_text(replace_identity(conf.read_text(encoding="utf-8"), block, conf),
                                           encoding="utf-8")
    address = SITEURL_LINE.search((DEMO / "publishconf.py").read_text(encoding="utf-8")).group(0)
    (folder / "publishconf.py").write_text(SITEURL_LINE.sub(lambda _: address, (ROOT / "publishconf.py").read_text(
        encoding="utf-8")), encoding="utf-8")
    shutil.copytree(DEMO_CONTENT, folder / "content")
    shutil.copytree(DEMO / "branding", folder / "branding")
    for name in ("theme", "plugins"):
        (folder / name).symlink_to(ROOT / name)
    return folder


def build_site(content: Path, output: Path, config: str = "pelicanconf.py", incremental: bool = True, **overrides):
    """Build `content` into `output` in-process with Warta's atomic build; returns the BuildResult.

    `config` names one of the demo's settings files, or is the path of another settings file."""
    from warta_ops.build import build

    settings = {"PATH": str(content), "WARTA_NOW": TEST_NOW, "WARTA_CACHE_DIR": str(output.parent / ".cache"),
                "WARTA_DEMO_NOTICE": "", **overrides}
    cwd = os.getcwd()
    os.chdir(ROOT)  # the theme and plugins are found relative to the project
    try:
        return build(str(DEMO / config), str(output), settings, incremental=incremental)
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
