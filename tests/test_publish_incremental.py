"""Incremental publishing equals a full build, byte for byte, after every kind of change; and its guards.

The search index is left out: Pagefind names and orders its files differently in identical builds
(tests/test_search.py covers its reuse)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import ROOT, TEST_NOW, build_site, demo_settings, make_site, read_tree

sys.path.insert(0, str(ROOT))
from warta_core.output import load_keys  # noqa: E402
from warta_ops.publish import PublishFailed, PublishOptions, publish  # noqa: E402

AFTER_EMBARGO = "2026-12-01T09:00:00+08:00"  # publish_embargo's embargoed release is due from then on
EMBARGOED = "berita/2026/12/rumah-sakit-regional-majene-diresmikan/index.html"
DINKES = "content/berita/dinkes"
ADDED = """---
title: Posyandu Keliling Hadir di Mamuju Tengah
date: 2026-11-23 08:00
region: [mamuju]
author: Rina Fiktif
tags: [kesehatan]
status: published
---
MAMUJU — Posyandu keliling melayani 120 balita.
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


class Source:
    """A source repository whose content/ is the publish_embargo fixture, with a bare "origin"."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.remote = tmp / "origin.git"
        self.repo = tmp / "source"
        subprocess.run(["git", "init", "--quiet", "--bare", str(self.remote)], check=True)
        self.repo.mkdir()
        make_site(self.repo, "publish_embargo")
        git(self.repo, "init", "--quiet", "--initial-branch=main")
        git(self.repo, "remote", "add", "origin", str(self.remote))
        self.commit("awal")

    def commit(self, message: str) -> None:
        git(self.repo, "add", "-A")
        git(self.repo, "-c", "user.name=Uji", "-c", "user.email=uji@example.org", "commit", "--quiet", "-m", message)

    def publish(self, now: str = TEST_NOW, **options):
        return publish(PublishOptions(settings_file=demo_settings("publishconf.py"), repo=str(self.repo), now=now,
                                      overrides={"PATH": str(self.repo / "content"), "WARTA_DEMO_NOTICE": "",
                                                 "WARTA_SEARCH": False},
                                      **options))

    def published(self) -> dict[str, bytes]:
        names = git(self.remote, "ls-tree", "-r", "--name-only", "gh-pages").split("\n")
        return {name: subprocess.run(["git", "cat-file", "blob", f"gh-pages:{name}"], cwd=self.remote, check=True,
                                     capture_output=True).stdout for name in names}

    def full_build(self, now: str) -> dict[str, bytes]:
        """A fresh full build, told (like every publish) which URLs the site had before its last commit."""
        output = self.tmp / f"full-{len(list(self.tmp.glob('full-*')))}"
        before = subprocess.run(["git", "cat-file", "blob", "gh-pages~1:warta-urls.json"], cwd=self.remote,
                                capture_output=True)
        previous = None
        if before.returncode == 0:
            previous = output.parent / f"{output.name}-urls.json"
            previous.write_bytes(before.stdout)
        build_site(self.repo / "content", output, "publishconf.py", incremental=False, WARTA_NOW=now,
                   WARTA_CACHE_DIR=str(self.tmp / "full-cache"), WARTA_SEARCH=False,
                   WARTA_PREVIOUS_URLS=str(previous) if previous else None)
        return {**read_tree(output), ".nojekyll": b""}

    def commits(self) -> list[str]:
        if not git(self.remote, "for-each-ref", "refs/heads/gh-pages"):
            return []
        return git(self.remote, "rev-list", "gh-pages").split()


def same_site(published: dict[str, bytes], full: dict[str, bytes]) -> None:
    assert sorted(published) == sorted(full)
    assert [name for name in full if published[name] != full[name]] == []


@pytest.fixture
def source(tmp_path, monkeypatch) -> Source:
    monkeypatch.chdir(tmp_path)  # the build cache (.warta-cache) lives here, as in a CI checkout
    for name in ("WARTA_NOW", "WARTA_CNAME", "WARTA_PUBLISH_BRANCH", "WARTA_PUBLISH_REMOTE", "WARTA_SITEURL",
                 "WARTA_PUBLISH_FULL"):
        monkeypatch.delenv(name, raising=False)
    return Source(tmp_path)


def _add(source: Source) -> None:
    (source.repo / DINKES / "2026-11-23-posyandu-keliling.md").write_text(ADDED, encoding="utf-8")


def _correct(source: Source) -> None:
    path = source.repo / DINKES / "2026-11-20-vaksinasi-massal-di-majene.md"
    text = path.read_text(encoding="utf-8").replace("500 warga.", "520 warga.")
    path.write_text(text.replace("status: published\n", "status: published\nmodified: 2026-11-21 08:00\n"
                                 "correction: Jumlah peserta diperbaiki.\n"), encoding="utf-8")


def _rename(source: Source) -> None:
    old = source.repo / DINKES / "2026-11-23-posyandu-keliling.md"
    old.rename(old.with_name("2026-11-23-posyandu-keliling-mamuju-tengah.md"))


def _withdraw(source: Source) -> None:
    path = source.repo / "content/berita/bpbd/2026-11-18-siaga-banjir-di-mamuju.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "status: published", "status: withdrawn\nwithdrawn_reason: Data korban belum terverifikasi.\n"
        "modified: 2026-11-23 10:00"),
        encoding="utf-8")


def test_incremental_publish_equals_a_full_build_after_each_kind_of_change(source):
    first = source.publish()
    assert first.full and first.pushed  # the first publish has nothing to reuse
    same_site(source.published(), source.full_build(TEST_NOW))

    for change in (_add, _correct, _rename, _withdraw):
        change(source)
        source.commit(change.__name__)
        report = source.publish()
        assert not report.full and report.pushed, change.__name__
        assert report.rendered < report.files / 2, change.__name__  # only what the change touches is rendered
        same_site(source.published(), source.full_build(TEST_NOW))

    crossed = source.publish(AFTER_EMBARGO)  # no commit, only the clock: the embargoed release goes live
    assert not crossed.full and crossed.pushed and EMBARGOED in source.published()
    same_site(source.published(), source.full_build(AFTER_EMBARGO))
    assert len(source.commits()) == 6

    again = source.publish(AFTER_EMBARGO)
    assert again.unchanged and again.commit is None and len(source.commits()) == 6  # unchanged: no commit
    message = git(source.remote, "log", "-1", "--format=%B", "gh-pages")
    assert git(source.repo, "rev-parse", "HEAD") in message and "Warta-Next-Due:" in message


def test_a_fresh_clone_with_the_cache_restored_renders_only_the_change(source, tmp_path):
    source.publish()
    git(source.repo, "push", "--quiet", "origin", "main")
    # A CI run: a new clone in the same place (every file stamped now), the cache folder restored.
    cache = tmp_path / ".warta-cache"
    shutil.copytree(cache, tmp_path / "cache-saved")
    shutil.rmtree(source.repo)
    shutil.rmtree(cache)
    git(tmp_path, "clone", "--quiet", "--branch", "main", str(source.remote), str(source.repo))
    shutil.copytree(tmp_path / "cache-saved", cache)

    unchanged = source.publish()
    assert unchanged.unchanged and unchanged.rendered == 0

    _add(source)
    source.commit("tambah")
    added = source.publish()
    assert added.pushed and 0 < added.rendered < added.files / 2
    same_site(source.published(), source.full_build(TEST_NOW))


def test_full_flag_renders_everything_and_equals_the_incremental_tree(source):
    source.publish()
    _add(source)
    source.commit("tambah")
    incremental = source.publish()
    full = source.publish(full=True)
    assert full.full and full.rendered > incremental.rendered
    assert full.unchanged and len(source.commits()) == 2  # the full build found nothing the incremental one missed
    same_site(source.published(), source.full_build(TEST_NOW))


def _render_keys(tmp: Path) -> dict:
    (path,) = (tmp / ".warta-cache").glob("keys-*.json")
    return load_keys(str(path))["keys"]


def test_a_full_publish_leaves_render_keys_the_next_incremental_publish_reuses(source):
    """A full publish (the first one, the daily check) and an incremental one key every page alike, so
    the publish after a full one takes every page over instead of rendering (and indexing) all again."""
    source.publish()
    full_keys = _render_keys(source.tmp)
    for release in (source.repo / DINKES).iterdir():
        os.utime(release)  # same bytes, new times: the build runs, as after a fresh clone
    incremental = source.publish()
    assert incremental.unchanged and not incremental.full
    assert _render_keys(source.tmp) == full_keys
    source.publish(full=True)
    assert _render_keys(source.tmp) == full_keys


# ---------------------------------------------------------------- guards

def test_uncommitted_content_is_refused_unless_allowed_and_then_named(source):
    source.publish()
    _add(source)  # not committed
    with pytest.raises(PublishFailed) as refused:
        source.publish()
    assert refused.value.step == "persiapan"
    assert "belum di-commit" in str(refused.value.problems[0]) and "--allow-dirty" in refused.value.problems[0].fix
    assert len(source.commits()) == 1

    allowed = source.publish(allow_dirty=True)
    assert allowed.pushed
    assert "perubahan lokal di content/ yang belum di-commit" in git(source.remote, "log", "-1", "--format=%B",
                                                                     "gh-pages")


def test_a_future_now_is_refused_for_a_real_push_unless_confirmed(source):
    with pytest.raises(PublishFailed) as refused:
        source.publish("2099-01-01T00:00:00+08:00")
    assert refused.value.problems[0].field == "--now" and source.commits() == []
    assert source.publish("2099-01-01T00:00:00+08:00", push=False).commit  # a local try is fine
    assert source.publish("2099-01-01T00:00:00+08:00", allow_future=True).pushed


def test_cname_is_kept_from_the_previous_commit_when_none_is_given(source):
    source.publish(cname="berita.contoh.go.id")
    _add(source)
    source.commit("tambah")
    source.publish()
    source.publish(AFTER_EMBARGO, full=True)
    assert source.published()["CNAME"].strip() == b"berita.contoh.go.id"
    assert source.published()[".nojekyll"] == b""
    assert len(source.commits()) == 3


# ---------------------------------------------------------------- self-hosted recipe

RECIPE = ROOT / "docs" / "server" / "warta-terbit.sh"


@pytest.fixture
def server_clone(tmp_path) -> tuple[Path, Path]:
    """The project pushed to a bare "origin" and cloned as a Pemda server would hold it."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py", "requirements.txt"):
        shutil.copy(ROOT / name, project / name)
    for name in ("plugins", "theme", "warta_ops", "branding"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    make_site(project, "publish_embargo")
    (project / ".gitignore").write_text(".venv\n.warta-cache/\n.warta-state/\n.warta-terbit/\n")
    remote = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=Uji", "-c", "user.email=uji@example.org", "commit", "--quiet", "-m", "awal")
    git(project, "push", "--quiet", str(remote), "main")
    server = tmp_path / "server"
    git(tmp_path, "clone", "--quiet", "--branch", "main", str(remote), str(server))
    (server / ".venv").symlink_to(ROOT / ".venv")
    return project, server


def _run_recipe(server: Path, webroot: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in __import__("os").environ.items() if not key.startswith("WARTA_")}
    return subprocess.run(["sh", str(RECIPE), str(server), str(webroot)], capture_output=True, text=True, env=env,
                          timeout=600)


def test_self_hosted_recipe_publishes_to_a_web_root_only_when_something_is_due(server_clone, tmp_path):
    project, server = server_clone
    webroot = tmp_path / "www"

    first = _run_recipe(server, webroot)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Jatuh tempo" in first.stdout and (webroot / "index.html").is_file()
    assert (webroot / "berita/2026/11/vaksinasi-massal-di-majene/index.html").is_file()
    before = read_tree(webroot)

    quiet = _run_recipe(server, webroot)
    assert quiet.returncode == 0 and "Tidak jatuh tempo" in quiet.stdout and "Situs lolos" not in quiet.stdout
    assert read_tree(webroot) == before

    (project / DINKES / "2026-11-23-posyandu-keliling.md").write_text(ADDED, encoding="utf-8")
    git(project, "add", "-A")
    git(project, "-c", "user.name=Uji", "-c", "user.email=uji@example.org", "commit", "--quiet", "-m", "tambah")
    git(project, "push", "--quiet", str(tmp_path / "origin.git"), "main")
    added = _run_recipe(server, webroot)
    assert added.returncode == 0, added.stdout + added.stderr
    assert (webroot / "berita/2026/11/posyandu-keliling/index.html").is_file()
    assert b"Posyandu Keliling" in (webroot / "index.html").read_bytes()

    bad = project / DINKES / "2026-11-24-salah.md"
    bad.write_text(ADDED.replace("region: [mamuju]", "region: [mamujju]"), encoding="utf-8")
    git(project, "add", "-A")
    git(project, "-c", "user.name=Uji", "-c", "user.email=uji@example.org", "commit", "--quiet", "-m", "salah")
    git(project, "push", "--quiet", str(tmp_path / "origin.git"), "main")
    published = read_tree(webroot)
    failed = _run_recipe(server, webroot)
    assert failed.returncode != 0 and "mamujju" in failed.stderr + failed.stdout
    assert read_tree(webroot) == published  # a failed publish leaves the web root as it was


# ---------------------------------------------------------------- pull-request preview

@pytest.fixture
def pull_request(tmp_path) -> Path:
    """A branch on top of the publish_embargo site that adds a release with a broken link."""
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("plugins", "warta_ops", "theme", "branding"):
        (tmp_path / name).symlink_to(ROOT / name)
    make_site(tmp_path, "publish_embargo")
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=Uji", "-c", "user.email=uji@example.org", "commit", "--quiet", "-m", "awal")
    make_site(tmp_path, "publish_embargo", "publish_broken_link")
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=Uji", "-c", "user.email=uji@example.org", "commit", "--quiet", "-m", "rilis")
    return tmp_path


def _preview(folder: Path, *args: str, summary: Path | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in __import__("os").environ.items() if not key.startswith(("WARTA_", "GITHUB_"))}
    env.update({"WARTA_NOW": TEST_NOW, **({"GITHUB_STEP_SUMMARY": str(summary)} if summary else {})})
    return subprocess.run([sys.executable, "-m", "invoke", "preview", "--output", "pratinjau", "--base", "HEAD^1",
                           *args], cwd=folder, capture_output=True, text=True, env=env, timeout=600)


def test_preview_shows_drafts_marked_and_reports_problems_at_the_release_line(pull_request):
    summary = pull_request / "summary.md"
    result = _preview(pull_request, "--github", summary=summary)

    assert result.returncode == 1, result.stdout + result.stderr
    source = "content/berita/bpbd/2026-11-19-tautan-ke-halaman-yang-tidak-ada.md"
    line = next(number for number, text in enumerate((pull_request / source).read_text().splitlines(), 1)
                if "peta-yang-tidak-pernah-ada" in text)
    annotations = [text for text in result.stdout.splitlines() if text.startswith("::error ")]
    assert annotations and all(text.startswith(f"::error file={source},line={line}::tautan:") for text in annotations)

    site = pull_request / "pratinjau"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "PRATINJAU" in home and '<meta name="robots" content="noindex, nofollow">' in home
    draft = (site / "berita/2026/11/rencana-kontinjensi-banjir-masih-draf/index.html").read_text(encoding="utf-8")
    assert "DRAF" in draft and "Rencana Kontinjensi Banjir Masih Dibahas" in draft
    assert (site / "berita/2026/12/rumah-sakit-regional-majene-diresmikan/index.html").is_file()  # embargoed, shown

    text = summary.read_text(encoding="utf-8")
    assert "Rilis yang berubah di cabang ini (1)" in text
    assert "BPBD Bagikan Peta Rawan Banjir" in text and "Peta lengkap ada di" in text
    assert f"`{source}:{line}`" in text


def test_preview_on_gitlab_writes_a_code_quality_report(pull_request):
    result = _preview(pull_request, "--gitlab")
    assert result.returncode == 1
    report = __import__("json").loads((pull_request / "gl-code-quality.json").read_text(encoding="utf-8"))
    assert [entry["location"]["path"] for entry in report] == ["content/berita/bpbd/2026-11-19-tautan-ke-halaman-yang-tidak-ada.md"]
    assert report[0]["location"]["lines"]["begin"] > 1 and report[0]["severity"] == "major"
    assert (pull_request / "pratinjau" / "RINGKASAN-PRATINJAU.md").is_file()
