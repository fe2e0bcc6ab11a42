"""Session fixtures shared by every test; the site-building helpers live in sitebuild.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitebuild import ROOT, build_site  # noqa: E402


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo site of content/, built once per session with publishconf.py; tests only read it."""
    output = tmp_path_factory.mktemp("demo") / "output"
    from pelican.settings import read_settings

    notice = read_settings(str(ROOT / "pelicanconf.py"))["WARTA_DEMO_NOTICE"]
    build_site(ROOT / "content", output, "publishconf.py", WARTA_DEMO_NOTICE=notice)
    return output
