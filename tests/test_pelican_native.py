"""`pelican content -s pelicanconf.py` builds the site `invoke build` builds, and fails loudly.

The first test runs both on the project itself (the demo, or the Pemda's site after `invoke init`).
A Pelican user runs Pelican itself: the plugins must import without tasks.py, the result must be
the same bytes as the documented `invoke build`, and a plugin that cannot load or a content error
must end the run with a non-zero exit status instead of a partial site.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import ROOT, TEST_NOW, make_site, read_tree

PELICAN = [sys.executable, "-m", "pelican"]
INVOKE = [sys.executable, "-m", "invoke"]
# Pagefind writes its filter files and bundle entry in hash-map order: the same index, other bytes.
PAGEFIND_UNORDERED = ("/filter/", "pagefind-entry.json", ".pf_meta")


def environment(tmp_path: Path) -> dict[str, str]:
    """One clock and a private cache for both runs, so nothing but the command differs."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("WARTA_")}
    return {**env, "COLUMNS": "1000", "WARTA_NOW": TEST_NOW, "WARTA_CACHE_DIR": str(tmp_path / "cache")}


def run(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def split_pagefind(tree: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, int]]:
    """Files compared byte for byte, and per folder the number of Pagefind files only counted."""
    exact, counted = {}, {}
    for name, data in tree.items():
        if name.startswith("pagefind/") and any(part in f"/{name}" for part in PAGEFIND_UNORDERED):
            folder = os.path.dirname(name)
            counted[folder] = counted.get(folder, 0) + 1
        else:
            exact[name] = data
    return exact, counted


@pytest.mark.parametrize("settings_file, config", [("pelicanconf.py", "dev"), ("publishconf.py", "publish")])
def test_pelican_builds_the_same_bytes_as_invoke_build(tmp_path, settings_file, config):
    env = environment(tmp_path)
    pelican = run([*PELICAN, "content", "-s", settings_file, "-o", str(tmp_path / "pelican")], env)
    assert pelican.returncode == 0, pelican.stdout + pelican.stderr
    invoke = run([*INVOKE, "build", "--config", config, "--output", str(tmp_path / "invoke"), "--full"], env)
    assert invoke.returncode == 0, invoke.stdout + invoke.stderr

    pelican_tree, invoke_tree = read_tree(tmp_path / "pelican"), read_tree(tmp_path / "invoke")
    # Whatever the project holds (a site just set up by `invoke init` has no release yet), both runs wrote it.
    assert "index.html" in pelican_tree
    pelican_exact, pelican_counted = split_pagefind(pelican_tree)
    invoke_exact, invoke_counted = split_pagefind(invoke_tree)
    assert sorted(pelican_exact) == sorted(invoke_exact)
    differing = [name for name in pelican_exact if pelican_exact[name] != invoke_exact[name]]
    assert differing == []
    assert pelican_counted == invoke_counted


def settings_with_plugin(tmp_path: Path, plugin_source: str) -> Path:
    """A settings file: the project's pelicanconf.py plus one more plugin with the given __init__.py."""
    plugin = tmp_path / "extra_plugins" / "warta_broken"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(plugin_source, encoding="utf-8")
    settings = tmp_path / "brokenconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa: F403\n"
        f"PATH = {str(ROOT / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}, {str(plugin.parent)!r}]\n"
        "PLUGINS = PLUGINS + ['warta_broken']  # noqa: F405\n",
        encoding="utf-8",
    )
    return settings


@pytest.mark.parametrize("source, logged", [
    ("import warta_no_such_module\n", "Cannot load plugin"),
    ("def register():\n    raise RuntimeError('rusak')\n", "Cannot register plugin"),
])
def test_a_plugin_that_fails_to_load_makes_pelican_exit_non_zero(tmp_path, source, logged):
    settings = settings_with_plugin(tmp_path, source)
    result = run([*PELICAN, "-s", str(settings), "-o", str(tmp_path / "output")], environment(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert logged in output and "warta_broken" in output
    assert not (tmp_path / "output" / "index.html").exists()


def test_a_content_error_makes_pelican_exit_non_zero_with_the_problem(tmp_path):
    content = make_site(tmp_path, "invalid_unknown_opd")
    result = run([*PELICAN, str(content), "-s", "pelicanconf.py", "-o", str(tmp_path / "output")],
                 environment(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "maksud Anda 'dinkes'" in output
    assert "Traceback" not in output, "the problem lines alone, as invoke build prints them"
    assert not (tmp_path / "output" / "index.html").exists()
