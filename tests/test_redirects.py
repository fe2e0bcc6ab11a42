"""Links that never break: a renamed release answers at its old URL, aliases redirect, and the publish
gate refuses to drop a URL that the last published site had."""

from __future__ import annotations

import json

import lxml.html
import pytest

from sitebuild import build_site, demo_settings, make_site
from test_publish import project  # noqa: F401 - the publishing fixture (a source repo and a bare origin)
from warta_ops.publish import PublishFailed

OLD = "berita/2026/11/vaksinasi-massal-di-majene/"
NEW = "berita/2026/11/vaksinasi-massal-majene-diperluas/"
SOURCE = "berita/dinkes/2026-11-20-vaksinasi-massal-di-majene.md"
RENAMED = "berita/dinkes/2026-11-20-vaksinasi-massal-majene-diperluas.md"
TITLE = "Dinas Kesehatan Gelar Vaksinasi Massal di Majene"


def rename(content, old=SOURCE, new=RENAMED):
    (content / old).rename(content / new)


def assert_redirect(page_path, target: str, siteurl: str):
    page = lxml.html.parse(str(page_path)).getroot()
    assert page.xpath("//meta[@http-equiv='refresh']/@content") == [f"0; url=/{target}"]
    assert page.xpath("//link[@rel='canonical']/@href") == [f"{siteurl}/{target}"]
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    link = page.xpath("//main//a")[0]
    assert link.get("href") == f"/{target}" and link.text_content() == TITLE


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """The base site built once, then again after a release file was renamed (a corrected slug)."""
    root = tmp_path_factory.mktemp("renamed")
    content = make_site(root)
    output = root / "output"
    build_site(content, output)
    before = json.loads((output / "warta-urls.json").read_text(encoding="utf-8"))
    rename(content)
    build_site(content, output)
    return output, before


def test_each_build_publishes_its_url_map(renamed):
    output, before = renamed
    identity = next(key for key, urls in before["releases"].items() if urls == [OLD])
    after = json.loads((output / "warta-urls.json").read_text(encoding="utf-8"))
    assert after["releases"][identity] == [NEW, OLD], "the current URL first, then every earlier one"


def test_renamed_release_answers_at_its_old_url(renamed):
    output, _ = renamed
    assert (output / NEW / "index.html").exists()
    assert_redirect(output / OLD / "index.html", NEW, "http://localhost:8000")
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert NEW in sitemap and OLD not in sitemap


def test_aliases_redirect_and_may_not_replace_a_page(tmp_path):
    content = make_site(tmp_path)
    release = content / SOURCE
    release.write_text(release.read_text(encoding="utf-8").replace(
        "status: published", "status: published\naliases: [/berita/2026/10/vaksinasi-lama/, /lama.html]"),
        encoding="utf-8")
    output = tmp_path / "output"
    build_site(content, output)
    assert_redirect(output / "berita/2026/10/vaksinasi-lama/index.html", OLD, "http://localhost:8000")
    assert_redirect(output / "lama.html", OLD, "http://localhost:8000")

    from warta_content.loading import load_content
    from warta_core.settings import with_defaults
    from pelican.settings import read_settings

    release.write_text(release.read_text(encoding="utf-8").replace(
        "/lama.html", "/berita/2026/11/siaga-banjir-di-mamuju/"), encoding="utf-8")
    settings = with_defaults(read_settings(demo_settings(), override={"PATH": str(content)}))
    _, problems = load_content(settings, str(content), use_cache=False, render=False)
    assert [(problem.field, problem.message) for problem in problems] == [
        ("aliases", "alamat /berita/2026/11/siaga-banjir-di-mamuju/ sudah dipakai oleh "
                    "content/berita/bpbd/2026-11-18-siaga-banjir-di-mamuju.md")]


def test_publish_keeps_old_urls_and_blocks_a_vanished_one(project):  # noqa: F811
    project.content = make_site(project.tmp)
    project.publish()
    rename(project.content)
    project.publish()
    files = project.remote_files()
    assert b'http-equiv="refresh"' in files[OLD + "index.html"]
    assert NEW + "index.html" in files
    assert json.loads(files["warta-urls.json"])
    commits = project.remote_commits()

    text = (project.content / RENAMED).read_text(encoding="utf-8")
    (project.content / RENAMED).unlink()
    with pytest.raises(PublishFailed) as failure:
        project.publish()
    problems = {(problem.path, problem.field) for problem in failure.value.problems}
    assert problems == {(NEW + "index.html", "alamat"), (OLD + "index.html", "alamat")}
    assert project.remote_commits() == commits, "nothing published"

    # Withdrawing the release on purpose keeps its URLs: that publish goes through.
    (project.content / RENAMED).write_text(text.replace(
        "status: published", "status: withdrawn\nwithdrawn_reason: Jadwal dibatalkan.\nmodified: 2026-11-21 08:00"),
        encoding="utf-8")
    project.publish()
    files = project.remote_files()
    assert b"Berita ini ditarik" in files[NEW + "index.html"]
    assert b'http-equiv="refresh"' in files[OLD + "index.html"]


@pytest.mark.parametrize("alias, words", [
    ("/feed.xml", "berkas umpan"),                     # a folder where the site's RSS file is
    ("/opd/", "daftar semua OPD"),
    ("/opd/dinkes/", "halaman satu OPD"),
    ("/berita/2026/11/", "arsip bulanan semua rilis"),
    ("/opd/dinkes/2026/11/", "arsip bulanan satu OPD"),
    ("/wilayah/majene/feed.json/lama/", "berkas umpan"),
    ("/pagefind/", "folder indeks pencarian"),
    ("/theme/", "folder indeks pencarian, tema"),
    ("/index.html", "beranda"),
    ("/404.html", "halaman 404"),
    ("/sitemap.xml", "sitemap"),
    ("//contoh.example/x/", "bukan alamat di situs ini"),
    ("/%2e%2e/x/", "bukan alamat di situs ini"),
    # Another release's or a static page's own file, or a folder where that file is.
    ("/berita/2026/11/siaga-banjir-di-mamuju/index.html", "2026-11-18-siaga-banjir-di-mamuju.md"),
    ("/berita/2026/11/siaga-banjir-di-mamuju/index.html/", "2026-11-18-siaga-banjir-di-mamuju.md"),
    ("/tentang/index.html", "content/halaman/tentang.md"),
    ("/tentang/index.html/", "content/halaman/tentang.md"),
])
def test_an_alias_never_takes_a_place_the_site_writes(tmp_path, alias, words):
    """Check and build refuse alike an alias where the site writes a section, a feed or a search file;
    before, `/feed.xml` crashed the build and `/opd/` could replace the OPD list with a redirect."""
    from test_hardening_content import build_problems, check_problems

    content = make_site(tmp_path)
    release = content / SOURCE
    release.write_text(release.read_text(encoding="utf-8").replace(
        "status: published", f"status: published\naliases: ['{alias}']"), encoding="utf-8")
    problems = check_problems(content)
    assert len(problems) == 1 and problems[0].startswith(f"content/{SOURCE}:") and words in problems[0], problems
    assert build_problems(content, tmp_path / "output") == problems
    assert not (tmp_path / "output").exists()


def test_an_old_address_of_another_cms_is_a_fine_alias(tmp_path):
    content = make_site(tmp_path)
    release = content / SOURCE
    release.write_text(release.read_text(encoding="utf-8").replace(
        "status: published", "status: published\naliases: [/berita/detail/123/, /read/2019/05/vaksin.html]"),
        encoding="utf-8")
    output = tmp_path / "output"
    build_site(content, output)
    assert_redirect(output / "berita/detail/123/index.html", OLD, "http://localhost:8000")
    assert_redirect(output / "read/2019/05/vaksin.html", OLD, "http://localhost:8000")


# ---------------------------------------------------------------- `invoke gates` outside a publish

def gates_project(tmp_path):
    """The project's tasks and settings over the base site, committed, to run invoke as an operator does."""
    import shutil
    import subprocess

    from sitebuild import ROOT

    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("plugins", "warta_ops", "theme", "branding"):
        (tmp_path / name).symlink_to(ROOT / name)
    make_site(tmp_path)
    for command in (["init", "--quiet", "--initial-branch=main"], ["add", "-A"],
                    ["-c", "user.name=Uji", "-c", "user.email=uji@example.org", "commit", "--quiet", "-m", "awal"]):
        subprocess.run(["git", *command], cwd=tmp_path, check=True, capture_output=True)
    return tmp_path


def invoke(folder, *args):
    import os
    import subprocess
    import sys

    from sitebuild import TEST_NOW

    env = {key: value for key, value in os.environ.items() if not key.startswith("WARTA_")}
    return subprocess.run([sys.executable, "-m", "invoke", *args, "--now", TEST_NOW], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300)


def test_gates_keep_the_published_urls_when_the_publishing_branch_has_its_map(tmp_path):
    project = gates_project(tmp_path)
    assert invoke(project, "build", "--config", "publish").returncode == 0
    first = invoke(project, "gates")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Gerbang alamat lama dilewati: peta alamat situs terbit (warta-urls.json) tidak ada di cabang gh-pages " \
           "maupun origin/gh-pages" in first.stdout and "`git fetch origin gh-pages`" in first.stdout
    published = invoke(project, "publish", "--no-push")
    assert published.returncode == 0, published.stdout + published.stderr

    # A corrected slug leaves a redirect at the published URL: the gate reads the branch's map and passes.
    rename(project / "content")
    assert invoke(project, "build", "--config", "publish").returncode == 0
    renamed = invoke(project, "gates")
    assert renamed.returncode == 0, renamed.stdout + renamed.stderr
    assert "alamat yang sudah terbit (cabang gh-pages (" in renamed.stdout and "dilewati" not in renamed.stdout

    # Deleting the release makes its published URL vanish: the gate blocks.
    (project / "content" / RENAMED).unlink()
    assert invoke(project, "build", "--config", "publish").returncode == 0
    vanished = invoke(project, "gates")
    assert vanished.returncode == 1
    assert f"alamat /{OLD} sudah terbit tetapi akan hilang tanpa pengalihan" in vanished.stdout

    # A map given by hand replaces the branch's; one that is not there is refused with what to give.
    (tmp_path / "kosong.json").write_text('{"version": 1, "releases": {}}', encoding="utf-8")
    assert invoke(project, "gates", "--previous", str(tmp_path / "kosong.json")).returncode == 0
    missing = invoke(project, "gates", "--previous", str(tmp_path / "tidak-ada.json"))
    assert missing.returncode == 2 and "tidak ada" in missing.stderr
