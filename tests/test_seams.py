"""Plugins use Pelican's seams: the writer from get_writer, data through the generator context,
every signal connected in register(), and a clear stop when a plugin they need is missing."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pytest

from sitebuild import ROOT, TEST_NOW, build_site, make_site

from warta_core.output import OutputWriter  # noqa: E402

PLUGINS = ROOT / "plugins"
# The settings table and the URL vocabulary fill in defaults; nothing else in a plugin sets a setting.
SETTINGS_OWNERS = {PLUGINS / "warta_core" / "settings.py", PLUGINS / "warta_core" / "urls.py"}


def plugin_sources():
    return sorted(PLUGINS.rglob("*.py"))


def test_no_plugin_writes_to_the_settings():
    assignment = re.compile(r"settings\[[^\]]+\]\s*=(?!=)|settings\.(?:setdefault|update|pop)\(")
    offending = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
                 for path in plugin_sources() if path not in SETTINGS_OWNERS
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if assignment.search(line)]
    assert offending == []


def imports(path) -> set[str]:
    """The top-level modules `path` imports, in functions too (a late import is still a dependency)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_core_imports_no_plugin_and_no_plugin_imports_the_operator_application():
    packages = {folder.name for folder in PLUGINS.iterdir() if (folder / "__init__.py").is_file()}
    graph = {package: set() for package in packages}
    for path in plugin_sources():
        package = path.relative_to(PLUGINS).parts[0]
        graph[package] |= imports(path) & (packages | {"warta_ops", "tasks"}) - {package}
    assert graph["warta_core"] == set()
    assert [package for package, needs in graph.items() if needs & {"warta_ops", "tasks"}] == []
    # The plugins' own graph has no cycle: each can be loaded after the ones it imports.
    loaded: list[str] = []
    while len(loaded) < len(graph):
        ready = sorted(package for package, needs in graph.items() if package not in loaded and needs <= set(loaded))
        assert ready, f"import cycle among {sorted(set(graph) - set(loaded))}"
        loaded += ready


def test_signals_are_connected_only_by_register():
    connects = [f"{path.relative_to(ROOT)}:{number}" for path in plugin_sources()
                if path.name != "__init__.py" and path != PLUGINS / "warta_core" / "plugins.py"
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if re.search(r"\bsignals\.\w+\.connect\(|\.connect\(", line)]
    assert connects == []


def test_every_plugin_declares_its_generator_needs_and_receivers():
    import importlib

    from pelican import signals

    from warta_core.plugins import get_writer

    for name in ("warta_content", "warta_search", "warta_groups", "warta_feeds", "warta_seo", "warta_stats"):
        plugin = importlib.import_module(name).PLUGIN
        assert plugin.name == name and isinstance(plugin.generator, type)
        assert all(need == "warta_content" or need == "warta_groups" for need in plugin.needs)
    content = importlib.import_module("warta_content").PLUGIN
    assert (signals.get_writer, get_writer) in content.receivers
    assert {receiver.__name__ for _, receiver in importlib.import_module("warta_seo").PLUGIN.receivers} == \
        {"add_template_helpers", "write_sitemap"}


def test_every_generator_writes_through_the_writer_pelican_got_from_get_writer(tmp_path, monkeypatch):
    created, writes, forks = [], [], {}
    original_init, original_write, original_fork = OutputWriter.__init__, OutputWriter.write, OutputWriter.fork

    def init(self, output_path, settings=None, **kwargs):
        original_init(self, output_path, settings, **kwargs)
        if settings is not None:
            created.append(self)

    def write(self, relative, data, key=None):
        writes.append((relative, self))
        original_write(self, relative, data, key)

    def fork(self):
        child = original_fork(self)
        forks[id(child)] = self  # a worker's writer for many pages, merged back into this one
        return child

    monkeypatch.setattr(OutputWriter, "__init__", init)
    monkeypatch.setattr(OutputWriter, "fork", fork)
    monkeypatch.setattr(OutputWriter, "write", write)
    build_site(make_site(tmp_path), tmp_path / "output", WARTA_WORKERS=1)
    assert len(created) == 1
    by_file = dict(writes)
    # One file of each plugin: releases and home (content), search page, group page, feed, sitemap, statistics.
    for name in ("index.html", "cari/index.html", "opd/dinkes/index.html", "feed.xml", "sitemap.xml",
                 "statistik/index.html"):
        writer = by_file[name]
        assert forks.get(id(writer), writer) is created[0], name


def pelican(tmp_path, plugins: list[str]) -> subprocess.CompletedProcess:
    conf = tmp_path / "conf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa: F403\n"
                    f"PATH = {str(ROOT / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
                    f"PLUGIN_PATHS = [{str(PLUGINS)!r}]\nPLUGINS = {plugins!r}\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("WARTA_")}
    env.update(COLUMNS="1000", WARTA_NOW=TEST_NOW, WARTA_CACHE_DIR=str(tmp_path / "cache"))
    return subprocess.run([sys.executable, "-m", "pelican", "-s", str(conf), "-o", str(tmp_path / "out")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("plugins, message", [
    (["warta_content", "warta_feeds"],
     "Plugin warta_feeds membutuhkan warta_groups, yang tidak aktif: tambahkan 'warta_groups' ke PLUGINS"),
    (["warta_content", "warta_stats", "warta_groups"],
     "Plugin warta_stats membutuhkan data dari warta_groups: pindahkan 'warta_groups' ke sebelum 'warta_stats'"),
])
def test_a_missing_or_late_plugin_stops_pelican_with_a_clear_message(tmp_path, plugins, message):
    result = pelican(tmp_path, plugins)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert not (tmp_path / "out" / "index.html").exists()
