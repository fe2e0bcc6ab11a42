"""Publishing: gated, atomic publishes to a local bare repository, the gates, killed builds, CI files."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from sitebuild import ROOT, TEST_NOW, bench_tool, build_site, demo_settings, make_site, read_tree

sys.path.insert(0, str(ROOT))  # publishconf.py imports pelicanconf.py from the project folder

from warta_ops.build import recover  # noqa: E402
from warta_ops.codeowners import codeowners_text  # noqa: E402
from warta_ops.gates import GateRecord, check_embargo, check_links  # noqa: E402
from warta_ops.publish import PublishFailed, PublishOptions, publish  # noqa: E402

BEFORE_EMBARGO = TEST_NOW  # 2026-11-24 12:00 WITA
AFTER_EMBARGO = "2026-12-01T09:00:00+08:00"  # the embargoed fixture's exact time: due, so published
EMBARGOED_TITLE = "Gubernur Resmikan Rumah Sakit Regional Majene"
EMBARGOED_URL = "berita/2026/12/rumah-sakit-regional-majene-diresmikan/"
DRAFT_TITLE = "Rencana Kontinjensi Banjir Masih Dibahas"
WORKFLOWS = [ROOT / ".github/workflows/check.yml", ROOT / ".github/workflows/publish.yml",
             ROOT / ".github/workflows/liputan.yml", ROOT / ".gitlab-ci.yml"]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def tree_hash(root: Path) -> str:
    hasher = hashlib.sha256()
    for name, data in read_tree(root).items():
        hasher.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return hasher.hexdigest()


def without_search(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's bytes vary between identical builds (filter order), so trees are compared without it."""
    return {name: data for name, data in files.items() if not name.startswith("pagefind/")}


class Project:
    """A source repository with a bare "origin", fixture content, and a previous local output/."""

    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.remote = tmp_path / "origin.git"
        self.repo = tmp_path / "source"
        self.output = tmp_path / "output"
        subprocess.run(["git", "init", "--quiet", "--bare", str(self.remote)], check=True)
        self.repo.mkdir()
        git(self.repo, "init", "--quiet", "--initial-branch=main")
        git(self.repo, "config", "user.name", "Uji Warta")
        git(self.repo, "config", "user.email", "uji@example.org")
        (self.repo / "README.md").write_text("sumber uji\n")
        git(self.repo, "add", "README.md")
        git(self.repo, "commit", "--quiet", "-m", "awal")
        git(self.repo, "remote", "add", "origin", str(self.remote))
        self.content = make_site(tmp_path, "publish_embargo")

    def publish(self, now: str = BEFORE_EMBARGO, **options):
        return publish(PublishOptions(settings_file=demo_settings("publishconf.py"), repo=str(self.repo), now=now,
                                      overrides={"PATH": str(self.content), "WARTA_DEMO_NOTICE": ""}, **options))

    def build_expected(self, now: str = BEFORE_EMBARGO) -> dict[str, bytes]:
        site = self.tmp / f"expected-{len(list(self.tmp.glob('expected-*')))}"
        build_site(self.content, site, "publishconf.py", incremental=False, WARTA_NOW=now)
        return read_tree(site)

    def overlay(self, *scenarios: str) -> None:
        self.content = make_site(self.tmp, "publish_embargo", *scenarios)

    def remote_commits(self) -> list[str]:
        refs = git(self.remote, "for-each-ref", "--format=%(refname)", "refs/heads/gh-pages")
        return git(self.remote, "rev-list", "gh-pages").split() if refs else []

    def remote_files(self, ref: str = "gh-pages") -> dict[str, bytes]:
        names = git(self.remote, "ls-tree", "-r", "--name-only", ref).split("\n")
        return {name: subprocess.run(["git", "show", f"{ref}:{name}"], cwd=self.remote, check=True,
                                     capture_output=True).stdout for name in names}

    def refs(self) -> str:
        return git(self.repo, "for-each-ref", "--format=%(refname) %(objectname)")


@pytest.fixture
def project(tmp_path, monkeypatch) -> Project:
    project = Project(tmp_path)
    # Publishing must never touch the local output/ of the folder it runs in: keep a previous build there.
    monkeypatch.chdir(tmp_path)
    write(project.output, {"index.html": "<p>situs sebelumnya</p>", "berita/index.html": "<p>arsip</p>"})
    for name in ("WARTA_NOW", "WARTA_CNAME", "WARTA_PUBLISH_BRANCH", "WARTA_PUBLISH_REMOTE", "WARTA_SITEURL"):
        monkeypatch.delenv(name, raising=False)
    return project


# ---------------------------------------------------------------- publishing

def test_publishing_twice_makes_two_commits_whose_tree_is_the_built_site(project):
    output_before = tree_hash(project.output)
    first = project.publish()
    project.overlay("publish_second_release")
    second = project.publish()

    commits = project.remote_commits()
    assert commits == [second.commit, first.commit]
    expected = project.build_expected()
    assert without_search(project.remote_files()) == {**without_search(expected), ".nojekyll": b""}
    assert [name for name in project.remote_files() if re.fullmatch(r"pagefind/[\d-]+/pagefind-entry\.json", name)]
    message = git(project.remote, "log", "-1", "--format=%B", "gh-pages")
    assert git(project.repo, "rev-parse", "--short", "HEAD") in message
    assert git(project.repo, "rev-parse", "gh-pages") == second.commit  # local branch follows the remote
    assert "warta-publish-" not in project.refs()
    assert tree_hash(project.output) == output_before
    assert [name for name, _ in second.steps] == ["persiapan", "cabang terbit", "build", "gerbang", "commit", "push"]
    assert "Dipublikasikan ke cabang gh-pages" in second.lines()[0]


def test_cname_and_no_push(project):
    report = project.publish(cname="berita.contoh.go.id", push=False)
    assert project.remote_commits() == []
    assert not report.pushed
    shown = git(project.repo, "show", "gh-pages:CNAME")
    assert shown == "berita.contoh.go.id"


@pytest.mark.parametrize("scenario, step, field", [("publish_bad_release", "build", "region"),
                                                   ("publish_broken_link", "gerbang", "tautan")])
def test_a_failing_publish_changes_nothing(project, scenario, step, field):
    project.publish()
    remote_before, refs_before, output_before = project.remote_commits(), project.refs(), tree_hash(project.output)
    project.overlay(scenario)

    with pytest.raises(PublishFailed) as failure:
        project.publish(AFTER_EMBARGO)

    assert failure.value.step == step
    assert [problem.field for problem in failure.value.problems] == [field]
    assert "tidak diubah" in "\n".join(failure.value.lines())
    assert project.remote_commits() == remote_before
    assert project.refs() == refs_before
    assert tree_hash(project.output) == output_before


def test_a_failing_publish_to_a_directory_leaves_it_alone(project):
    public = project.tmp / "public"
    project.publish(directory=str(public))
    assert without_search(read_tree(public)) == without_search(project.build_expected())
    before = tree_hash(public)
    project.overlay("publish_broken_link")
    with pytest.raises(PublishFailed):
        project.publish(directory=str(public))
    assert tree_hash(public) == before
    assert project.remote_commits() == []


def test_embargoed_release_is_published_only_after_its_time(project):
    project.publish(BEFORE_EMBARGO)
    before = project.remote_files()
    assert EMBARGOED_URL + "index.html" not in before
    assert not [name for name, data in before.items() if EMBARGOED_TITLE.encode() in data]

    project.publish(AFTER_EMBARGO)
    after = project.remote_files()
    assert EMBARGOED_URL + "index.html" in after
    assert EMBARGOED_TITLE.encode() in after["index.html"]
    for files in (before, after):
        assert not [name for name, data in files.items() if DRAFT_TITLE.encode() in data]


def test_only_if_changed_skips_an_identical_site(project):
    first = project.publish(only_if_changed=True)
    again = project.publish(only_if_changed=True)
    assert again.unchanged and again.commit is None
    assert project.remote_commits() == [first.commit]
    assert "Tidak ada perubahan" in again.lines()[0]

    later = project.publish(AFTER_EMBARGO, only_if_changed=True)
    assert project.remote_commits() == [later.commit, first.commit]


def test_a_remote_that_moved_meanwhile_is_not_overwritten(project, monkeypatch):
    """Two publishers at once: the slower one's push is refused, not forced."""
    from warta_ops.branch import PagesBranch

    project.publish()
    real_base = PagesBranch.fetch_base

    def stale_base(self):
        base = real_base(self)
        other = project.tmp / "other"
        subprocess.run(["git", "clone", "--quiet", "--branch", "gh-pages", str(project.remote), str(other)], check=True)
        (other / "lain.txt").write_text("publikasi lain\n")
        git(other, "add", "lain.txt")
        git(other, "-c", "user.name=x", "-c", "user.email=x@example.org", "commit", "--quiet", "-m", "lain")
        git(other, "push", "--quiet", "origin", "gh-pages")
        return base

    monkeypatch.setattr(PagesBranch, "fetch_base", stale_base)
    with pytest.raises(PublishFailed) as failure:
        project.publish(AFTER_EMBARGO)
    assert failure.value.step == "git"
    assert "lain.txt" in project.remote_files()


# ---------------------------------------------------------------- gates

def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_link_gate_resolves_paths_under_the_sites_base_path(tmp_path):
    page = ('<!doctype html><html><head><link rel="stylesheet" href="/warta/theme/a.css">'
            '<meta property="og:image" content="https://contoh.go.id/warta/gambar/x.png"></head><body>\n'
            '<a href="/warta/berita/">ok</a> <a href="../berita/?q=1#atas">ok</a> <a href="#isi">ok</a>\n'
            '<a href="mailto:humas@contoh.go.id">ok</a> <a href="https://lain.go.id/x">ok</a>\n'
            '<a href="/warta/berita/tidak-ada/">rusak</a>\n<a href="/di-luar-base/">rusak</a>\n'
            '<img src="gambar/hilang.png" alt=""></body></html>')
    sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               '<url><loc>https://contoh.go.id/warta/berita/</loc></url>\n'
               '<url><loc>https://contoh.go.id/warta/hilang.html</loc></url></urlset>')
    site = write(tmp_path, {"opd/index.html": page, "berita/index.html": "<p>x</p>", "theme/a.css": "",
                            "gambar/x.png": "", "sitemap.xml": sitemap,
                            "robots.txt": "User-agent: *\nSitemap: https://contoh.go.id/warta/sitemap-hilang.xml\n",
                            "feed.json": '{"items": [{"url": "https://contoh.go.id/warta/berita/",'
                                         ' "content_html": "<a href=\\"/warta/feed-hilang/\\">x</a>"}]}'})

    problems = check_links(str(site), "https://contoh.go.id/warta")

    targets = sorted(re.search(r"dicari: ([^)\s]+)", problem.message).group(1) for problem in problems)
    assert targets == ["/di-luar-base/", "berita/tidak-ada/index.html", "feed-hilang/index.html",
                       "hilang.html", "opd/gambar/hilang.png", "sitemap-hilang.xml"]
    lines = {problem.message.split("'")[1]: problem.line for problem in problems if problem.path == "opd/index.html"}
    assert lines == {"/warta/berita/tidak-ada/": 4, "/di-luar-base/": 5, "gambar/hilang.png": 6}


def test_link_gate_with_a_record_reads_again_the_unchanged_files_whose_targets_went_away(tmp_path):
    siteurl = "https://contoh.go.id"
    home = '<a href="https://contoh.go.id/berita/">x</a> <a href="/opd/">y</a>'
    site = write(tmp_path / "situs", {"index.html": home, "berita/index.html": '<a href="/">beranda</a>',
                                      "opd/index.html": "<p>opd</p>"})
    first = GateRecord(siteurl)
    assert check_links(str(site), siteurl, GateRecord(siteurl), first) == []
    first.save(str(tmp_path / "gates.json"))
    (site / "opd" / "index.html").unlink()  # index.html is unchanged, so the record vouches for it

    problems = check_links(str(site), siteurl, GateRecord.load(str(tmp_path / "gates.json"), siteurl),
                           GateRecord(siteurl))

    assert [(problem.path, problem.line) for problem in problems] == [("index.html", 1)]
    assert "opd/index.html" in problems[0].message


def test_embargo_gate_finds_escaped_titles_and_hidden_files(tmp_path):
    hidden = SimpleNamespace(url="berita/2026/12/rahasia/", save_as="berita/2026/12/rahasia/index.html",
                             identity="tag:contoh.go.id,2026:berita/dinkes/202612010900", image=None,
                             title="Jalan & Jembatan \"Baru\" Diresmikan", source="content/berita/dinkes/x.md",
                             status="published", date=datetime(2026, 12, 1, 9, 0))
    shared = SimpleNamespace(**hidden.__dict__ | {"title": "Judul Yang Sama Persis", "status": "draft",
                                                "identity": hidden.identity + "-lain", "url": "berita/x/",
                                                "save_as": "berita/x/index.html"})
    visible = [SimpleNamespace(title="Judul Yang Sama Persis")]
    site = write(tmp_path, {"index.html": "<h2>Jalan &amp; Jembatan &quot;Baru&quot; Diresmikan</h2>",
                            "feed.json": '{"title": "Judul Yang Sama Persis", "id": "tag:contoh.go.id,2026:'
                                         'berita/dinkes/202612010900-lain"}',
                            "berita/2026/12/rahasia/index.html": "x", "lain.html": "bersih"})

    problems = check_embargo(str(site), [hidden, shared], visible)

    found = sorted((problem.path, problem.message.split(" rilis")[0]) for problem in problems)
    assert found == [("berita/2026/12/rahasia/index.html", "berkas"), ("feed.json", "identitas"),
                     ("index.html", "judul")]


def test_codeowners_lists_each_opd_folder_with_its_humas_team_and_the_editors():
    humas = SimpleNamespace(handle="@contoh/humas-dinkes")
    registries = SimpleNamespace(opds={"dinkes": SimpleNamespace(humas=humas),
                                       "dispar": SimpleNamespace(humas=None)})
    text = codeowners_text(registries, "content/berita", "@contoh/editor")
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rules == ["/content/ @contoh/editor", "/content/berita/dinkes/ @contoh/humas-dinkes @contoh/editor",
                     "/content/berita/dispar/ @contoh/editor"]


# ---------------------------------------------------------------- killed builds

KILLABLE_BUILD = """
import sys
sys.path[:0] = [{plugins!r}, {root!r}]
from warta_ops.build import build
build({settings!r}, {output!r}, {{"PATH": {content!r}, "WARTA_NOW": {now!r}, "WARTA_WORKERS": 1,
      "WARTA_CACHE_DIR": {cache!r}}}, incremental=False)
"""


@pytest.fixture(scope="module")
def big_content(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("corpus") / "site"
    subprocess.run([sys.executable, str(bench_tool("make_corpus.py")), "--n", "400", "--out", str(site)],
                   check=True, capture_output=True)
    return site / "content"


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_build_leaves_the_previous_output_intact(tmp_path, big_content, sig):
    output = tmp_path / "output"
    small = make_site(tmp_path)
    build_site(small, output)
    before = tree_hash(output)
    script = KILLABLE_BUILD.format(plugins=str(ROOT / "plugins"), root=str(ROOT), settings=demo_settings(),
                                   output=str(output), content=str(big_content), now=TEST_NOW,
                                   cache=str(tmp_path / "cache"))
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        _wait_for_staged_pages(tmp_path, process)
        assert process.poll() is None, "the build finished before it could be killed"
        process.send_signal(sig)
        process.wait(60)  # generous: a loaded CI machine is slow to unwind
    finally:
        process.kill()
    assert tree_hash(output) == before
    recover(str(output))  # what the next build does first
    assert tree_hash(output) == before
    assert not list(tmp_path.glob(".warta-build-*"))


def _wait_for_staged_pages(parent: Path, process, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if len(list(parent.glob(".warta-build-*/berita/*/*/*/index.html"))) >= 20:
            return
        time.sleep(0.02)
    raise AssertionError("no staged release pages appeared")


def test_recover_restores_output_after_a_kill_between_the_two_renames(tmp_path):
    output = write(tmp_path / "output.old", {"index.html": "lama"}).parent / "output"
    write(tmp_path / ".warta-build-x", {"index.html": "setengah"})
    recover(str(output))
    assert read_tree(output) == {"index.html": b"lama"}
    assert not (tmp_path / ".warta-build-x").exists()


# ---------------------------------------------------------------- CI files

def _invoke_commands(document) -> list[str]:
    commands = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ("run", "script", "before_script") and value:
                for line in value if isinstance(value, list) else str(value).splitlines():
                    commands += re.findall(r"\binvoke\s+[^;&|\n]*", str(line))
            else:
                commands += _invoke_commands(value)
    elif isinstance(document, list):
        for item in document:
            commands += _invoke_commands(item)
    return commands


@pytest.fixture(scope="module")
def invoke_tasks() -> list[str]:
    listing = subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
    return re.findall(r"^  (\S+)", listing, re.MULTILINE)


def _task_help(name: str) -> str:
    return subprocess.run([sys.executable, "-m", "invoke", name, "--help"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_parse_and_call_real_tasks_with_real_options(path, invoke_tasks):
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    commands = _invoke_commands(document)
    assert commands, f"{path.name} calls no invoke task"
    for command in commands:
        words = command.split()
        assert words[1] in invoke_tasks, f"{path.name}: `{command}` is not an invoke task"
        accepted = _task_help(words[1])
        for option in [word.split("=")[0] for word in words[2:] if word.startswith("--")]:
            assert option in accepted or option.replace("--no-", "--[no-]") in accepted, \
                f"{path.name}: `{command}`: {option} is not an option of {words[1]}"


def test_publish_workflow_runs_on_push_schedule_and_by_hand_without_overlapping():
    document = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    triggers = document[True]  # YAML 1.1 reads the key `on` as a boolean
    assert set(triggers) == {"push", "schedule", "workflow_dispatch"}
    assert triggers["schedule"][0]["cron"] == "*/15 * * * *"
    assert document["permissions"] == {}
    job = document["jobs"]["publish"]
    assert job["permissions"] == {"contents": "write"}
    assert document["concurrency"]["cancel-in-progress"] is False
    steps = [step.get("run", "") + step.get("uses", "") for step in job["steps"]]
    due = next(index for index, step in enumerate(steps) if "warta_ops/due.py" in step)
    install = next(index for index, step in enumerate(steps) if "pip install" in step)
    publish = next(index for index, step in enumerate(steps) if "invoke publish" in step)
    assert due < install < publish  # nothing is installed before the due check
    assert all("if" in step for step in job["steps"][due + 1:])  # and nothing runs when nothing is due
    restore = [step for step in job["steps"] if "actions/cache/restore" in step.get("uses", "")]
    assert [step["with"]["path"] for step in restore] == [".warta-state", ".warta-cache"]
    assert "hashFiles('requirements.txt', 'pelicanconf.py', 'publishconf.py')" in restore[1]["with"]["key"]
    saved = [step["with"]["path"] for step in job["steps"] if "actions/cache/save" in step.get("uses", "")]
    assert saved == [".warta-state", ".warta-cache"]


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """The project's own tasks.py and settings over fixture content, to run invoke exactly as CI does."""
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("plugins", "warta_ops", "theme"):
        (tmp_path / name).symlink_to(ROOT / name)
    make_site(tmp_path, "publish_bad_release")
    return tmp_path


def _invoke(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=folder, capture_output=True, text=True,
                          env={**os.environ, **env})


def test_check_with_github_prints_annotations_on_the_bad_file_and_line(project_copy):
    result = _invoke(project_copy, "check", "--github")
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 1
    assert re.fullmatch(r"::error file=content/berita/dinkes/2026-11-21-wilayah-salah-ketik\.md,line=\d+::"
                        r"region: wilayah 'majenne' tidak dikenal — maksud Anda 'majene'\?.*", annotations[0])


def test_codeowners_task_writes_and_checks_the_file(project_copy):
    # The editors' team as CI passes it: the project's own (demo or a Pemda's after `invoke init`) is not the test's.
    editors = {"WARTA_EDITORS_HANDLE": "@contoh/editor"}
    assert _invoke(project_copy, "codeowners", **editors).returncode == 0
    text = (project_copy / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/content/berita/dinkes/ @contoh/humas-dinkes @contoh/editor" in text
    assert _invoke(project_copy, "codeowners", "--check", **editors).returncode == 0
    registry = project_copy / "content/data/opd.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("@contoh/humas-dinkes", "@contoh/baru"),
                        encoding="utf-8")
    result = _invoke(project_copy, "codeowners", "--check", **editors)
    assert result.returncode == 1 and "invoke codeowners" in result.stderr


def test_committed_codeowners_matches_the_opd_registry():
    """`invoke codeowners --check`, as the pull-request workflow runs it: a registry edit needs a regenerated file."""
    result = subprocess.run([sys.executable, "-m", "invoke", "codeowners", "--check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_second_publish_is_refused_while_one_runs_and_changes_nothing(project):
    """A scheduled run that starts while a merge publishes would otherwise build into the tree the first
    one is committing from: it is refused before it touches the cache, the branch or the remote."""
    import fcntl

    project.publish()
    commits = project.remote_commits()
    site = project.tmp / ".warta-cache" / "terbit" / "site"
    before = tree_hash(site)
    project.overlay("publish_second_release")
    with open(project.tmp / ".warta-cache" / ".warta-publish.lock", "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # the first publish, still running
        with pytest.raises(PublishFailed) as refused:
            project.publish()
    assert refused.value.step == "persiapan"
    assert "publikasi lain sedang berjalan" in "\n".join(refused.value.lines())
    assert project.remote_commits() == commits
    assert tree_hash(site) == before
    assert len(project.publish().commit) == 40 and len(project.remote_commits()) == 2  # once it is free


def test_a_lock_path_that_is_not_a_file_is_one_problem_line(project):
    (project.tmp / ".warta-cache" / ".warta-publish.lock").mkdir(parents=True)
    with pytest.raises(PublishFailed) as refused:
        project.publish()
    assert refused.value.step == "persiapan" and "tidak dapat dibuka" in "\n".join(refused.value.lines())
    assert project.remote_commits() == []
