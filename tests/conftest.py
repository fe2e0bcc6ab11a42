"""Session fixtures shared by every test; the site-building helpers live in sitebuild.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitebuild import DEMO_CONTENT, build_site, demo_settings  # noqa: E402


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo site (tests/fixtures/demo_site), built once per session with its publishconf.py, banner
    included; tests only read it."""
    output = tmp_path_factory.mktemp("demo") / "output"
    from pelican.settings import read_settings

    notice = read_settings(demo_settings())["WARTA_DEMO_NOTICE"]
    build_site(DEMO_CONTENT, output, "publishconf.py", WARTA_DEMO_NOTICE=notice)
    return output
