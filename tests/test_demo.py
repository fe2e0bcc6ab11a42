"""The demo the tests build (tests/fixtures/demo_site) is the demo a fresh clone of Warta holds.

Tests never read the project's own content/ or identity: `invoke init` turns them into a Pemda's
site. So the demo lives twice in the repository, as the project's content/ (what `make build`
shows on a fresh clone) and as the tests' fixture; while the project is still the demo, the two
must be the same bytes, or a change to the demo would go untested.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.settings import read_settings

from sitebuild import DEMO, DEMO_CONTENT, ROOT, demo_project, read_tree
from warta_ops.init import IDENTITY_END, IDENTITY_START, SITEURL_LINE


def identity_block(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index(IDENTITY_START):text.index(IDENTITY_END)]


def test_the_projects_demo_is_the_tests_demo():
    if not read_settings(str(ROOT / "pelicanconf.py"))["WARTA_DEMO_NOTICE"]:
        pytest.skip("the project is a Pemda's own site (no demo notice, as after `invoke init`): no demo to compare")
    fix = ("while the project shows the demo notice (WARTA_DEMO_NOTICE), its demo and the tests' demo are one: "
           "make the change in both (content/ and tests/fixtures/demo_site/content/), or empty "
           "WARTA_DEMO_NOTICE for a site of your own")
    project, fixture = read_tree(ROOT / "content"), read_tree(DEMO_CONTENT)
    assert sorted(project) == sorted(fixture), fix
    assert [name for name in project if project[name] != fixture[name]] == [], fix
    assert identity_block(ROOT / "pelicanconf.py") == identity_block(DEMO / "pelicanconf.py"), fix
    addresses = [SITEURL_LINE.search((folder / "publishconf.py").read_text(encoding="utf-8")).group(0)
                 for folder in (ROOT, DEMO)]
    assert addresses[0] == addresses[1], fix
    logo = read_settings(str(ROOT / "pelicanconf.py"))["WARTA_LOGO"]
    assert Path(logo).read_bytes() == (DEMO / "branding" / "logo-situs.png").read_bytes(), fix


def test_demo_settings_ignore_what_a_pemda_sets_in_the_projects_settings(tmp_path):
    """The demo's settings take Warta's wiring from the project's pelicanconf.py, none of a site's choices."""
    project = demo_project(tmp_path)
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('TIMEZONE = "Asia/Makassar"', 'TIMEZONE = "Asia/Jayapura"')
                    + '\nWARTA_HOME_LATEST = 3\nMENUITEMS = [("Hanya", "")]\nWARTA_COLORS = {"brand": "#000000"}\n',
                    encoding="utf-8")
    assert read_settings(str(conf))["WARTA_HOME_LATEST"] == 3
    # The demo's settings as they sit in that project: three folders below it.
    demo = project / "tests" / "fixtures" / "demo_site"
    demo.mkdir(parents=True)
    for name in ("pelicanconf.py", "publishconf.py"):
        (demo / name).write_bytes((DEMO / name).read_bytes())
    settings = read_settings(str(demo / "publishconf.py"), override={"PATH": str(project / "content")})
    assert settings["TIMEZONE"] == "Asia/Makassar" and settings["SITEURL"] == "https://berita.sulbarprov.go.id"
    assert not {"WARTA_HOME_LATEST", "MENUITEMS", "WARTA_COLORS"} & set(settings)
    assert settings["PLUGINS"] == read_settings(str(conf))["PLUGINS"]
    assert settings["THEME"] == str(project / "theme") and settings["PLUGIN_PATHS"] == [str(project / "plugins")]
