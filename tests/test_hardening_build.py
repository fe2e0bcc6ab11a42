"""A failed build touches nothing; the state and caches a build trusts are checked; builds never run twice
at once or into the sources. Each rule is reproduced on a small fixture."""

from __future__ import annotations

import errno
import fcntl
import os
import pickle
import subprocess
import sys

import pytest

from sitebuild import ROOT, TEST_NOW, build_site, demo_settings, make_site, read_tree

INVOKE = [sys.executable, "-m", "invoke"]
LIVE_PAGE = "berita/2026/11/vaksinasi-massal-di-majene/index.html"
RELEASE = "berita/dinkes/2026-11-20-vaksinasi-massal-di-majene.md"


def run(*args, **environment):
    return subprocess.run([*INVOKE, *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **environment})


def inodes(root):
    return {str(path.relative_to(root)): path.stat().st_ino for path in root.rglob("*") if path.is_file()}


# ---------------------------------------------------------------- 2. never write through the live output

def test_writing_a_linked_file_replaces_it_and_never_truncates_the_live_one(tmp_path):
    from warta_core.output import OutputWriter

    live, staging = tmp_path / "live", tmp_path / "staging"
    (live / "gambar").mkdir(parents=True)
    (live / "gambar/foto.png").write_bytes(b"LIVE BYTES")
    staging.mkdir()
    writer = OutputWriter(str(staging), previous_path=str(live), previous_keys={"gambar/foto.png": "k1"})
    assert writer.unchanged("gambar/foto.png", "k1")  # hard-linked from the live output
    assert (staging / "gambar/foto.png").stat().st_ino == (live / "gambar/foto.png").stat().st_ino
    writer.write("gambar/foto.png", b"NEW", "k2")  # a second input for the same path, later in the build
    assert (live / "gambar/foto.png").read_bytes() == b"LIVE BYTES"
    assert (staging / "gambar/foto.png").read_bytes() == b"NEW"


def test_a_reused_folder_is_all_or_nothing(tmp_path):
    from warta_core.output import OutputWriter

    live, staging = tmp_path / "live", tmp_path / "staging"
    (live / "pagefind/2026").mkdir(parents=True)
    (live / "pagefind/2026/a.pf").write_bytes(b"A")
    (live / "pagefind/2026/b.pf").write_bytes(b"B")
    staging.mkdir()
    writer = OutputWriter(str(staging), previous_path=str(live), previous_keys={"pagefind/2026/": "k"})
    real_link = os.link

    def failing_second_link(source, target):
        if source.endswith("b.pf"):
            raise FileNotFoundError(source)
        real_link(source, target)

    os.link = failing_second_link
    try:
        assert not writer.unchanged_tree("pagefind/2026/", "k")
    finally:
        os.link = real_link
    # Nothing that links to the live output is left for the indexer to write through.
    assert not (staging / "pagefind/2026").exists()


def test_a_build_failing_late_leaves_the_live_output_byte_identical(tmp_path, monkeypatch):
    import warta_ops.build

    content = make_site(tmp_path)
    output = tmp_path / "output"
    build_site(content, output, WARTA_SEARCH=False)
    before, before_inodes = read_tree(output), inodes(output)
    release = content / RELEASE
    release.write_text(release.read_text().replace("500 warga", "700 warga"))

    def disk_full(staging, target):
        raise OSError(errno.ENOSPC, "No space left on device", target)

    monkeypatch.setattr(warta_ops.build, "swap", disk_full)
    with pytest.raises(OSError):
        build_site(content, output, WARTA_SEARCH=False)
    assert read_tree(output) == before and inodes(output) == before_inodes
    assert not list(tmp_path.glob(".warta-build-*"))


# ---------------------------------------------------------------- 3. state belongs to the output it describes

@pytest.mark.parametrize("when", ["before the swap", "after the swap"])
def test_a_failure_around_the_swap_never_leaves_state_of_another_output(tmp_path, monkeypatch, when):
    """A release set back to draft must vanish from every page, whatever happened to the build before."""
    import warta_ops.build

    content = make_site(tmp_path)
    output = tmp_path / "output"
    build_site(content, output, WARTA_SEARCH=False)
    release = content / RELEASE
    release.write_text(release.read_text().replace("status: published", "status: draft"))
    real_swap = warta_ops.build.swap

    def interrupted(staging, target):
        if when == "after the swap":
            real_swap(staging, target)
        raise OSError(errno.ENOSPC, "No space left on device", target)

    monkeypatch.setattr(warta_ops.build, "swap", interrupted)
    with pytest.raises(OSError):
        build_site(content, output, WARTA_SEARCH=False)
    monkeypatch.setattr(warta_ops.build, "swap", real_swap)
    build_site(content, output, WARTA_SEARCH=False)
    fresh = tmp_path / "fresh"
    build_site(content, fresh, incremental=False, WARTA_SEARCH=False)
    assert read_tree(output) == read_tree(fresh)
    assert LIVE_PAGE not in read_tree(output)


# ---------------------------------------------------------------- 4. caches are untrusted input

def _corruptions(path):
    data = path.read_bytes()
    return {
        "truncated": data[: len(data) // 2],
        "one byte": data.replace(b"500 warga", b"501 warga", 1) if b"500 warga" in data else
        data[:-10] + bytes([data[-10] ^ 1]) + data[-9:],
        "garbage": b"\x80\x04garbage",
    }


@pytest.mark.parametrize("kind", ["truncated", "one byte", "garbage"])
def test_a_corrupted_cache_gives_the_output_of_a_fresh_full_build(tmp_path, kind):
    content = make_site(tmp_path)
    output = tmp_path / "output"
    build_site(content, output, WARTA_SEARCH=False)
    cache = tmp_path / ".cache"
    files = [cache / "releases.json", *cache.glob("keys-*.json"), *cache.glob("inputs-*.json")]
    assert all(path.exists() for path in files), files
    assert b"500 warga" in (cache / "releases.json").read_bytes()
    for path in files:
        path.write_bytes(_corruptions(path)[kind])
    # Another release changes, so the build runs and reads the rest from the cache if it trusted it.
    other = content / "berita/bpbd/2026-11-18-siaga-banjir-di-mamuju.md"
    other.write_text(other.read_text() + "\nParagraf tambahan.\n")
    build_site(content, output, WARTA_SEARCH=False)
    fresh = tmp_path / "fresh"
    build_site(content, fresh, incremental=False, WARTA_SEARCH=False)
    assert read_tree(output) == read_tree(fresh)
    assert b"501 warga" not in read_tree(output)[LIVE_PAGE]


class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_the_cache_is_never_unpickled(tmp_path):
    content = make_site(tmp_path)
    output = tmp_path / "output"
    cache = tmp_path / ".cache"
    cache.mkdir()
    marker = tmp_path / "kode-dijalankan"
    for name in ("releases.pickle", "releases.json"):
        (cache / name).write_bytes(pickle.dumps({"version": 1, "entries": _Payload(str(marker))}))
    build_site(content, output, WARTA_SEARCH=False)
    assert not marker.exists()
    assert (cache / "releases.json").read_bytes().startswith(b'{"format": "warta-read-cache"')


# ---------------------------------------------------------------- 5. one build at a time

def test_a_second_build_refuses_while_one_runs_and_touches_nothing(tmp_path):
    content = make_site(tmp_path)
    output = tmp_path / "output"
    build_site(content, output, WARTA_SEARCH=False)
    before = read_tree(output)
    staging = tmp_path / ".warta-build-berjalan"  # the running build's staging folder
    staging.mkdir()
    (staging / "index.html").write_text("setengah jadi")
    with open(tmp_path / ".warta-build.lock", "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        result = run("build", "--content", str(content), "--output", str(output))
    text = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in text
    assert "Build lain sedang berjalan" in text and "tidak diubah" in text
    assert (staging / "index.html").read_text() == "setengah jadi"
    assert read_tree(output) == before


# ---------------------------------------------------------------- 6. never into the sources

@pytest.mark.parametrize("target", ["content", "content/berita", "content/berita/dinkes"])
def test_build_refuses_an_output_inside_or_equal_to_the_sources(tmp_path, target):
    content = make_site(tmp_path)
    before = read_tree(content)
    result = run("build", "--content", str(content), "--output", str(tmp_path / target))
    text = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in text, text
    assert "akan tertimpa situs" in text
    assert read_tree(content) == before


def test_output_paths_that_are_contain_or_lie_inside_the_project_are_refused(tmp_path):
    from pelican.settings import read_settings

    from warta_core.settings import with_defaults
    from warta_ops.build import BuildRefused, refuse_destructive

    settings = with_defaults(read_settings(str(ROOT / "pelicanconf.py")))
    for target in (ROOT, ROOT.parent, ROOT / "content", ROOT / "theme/static", ROOT / "plugins",
                   ROOT / "plugins/warta_core", ROOT / "warta_ops", ROOT / ".git", "/"):
        with pytest.raises(BuildRefused):
            refuse_destructive(str(target), settings, str(ROOT))
    for target in (ROOT / "output", tmp_path / "situs", ROOT / "public"):
        refuse_destructive(str(target), settings, str(ROOT))


def test_publish_refuses_a_directory_inside_the_sources(tmp_path):
    from warta_ops.build import BuildRefused
    from warta_ops.publish import PublishOptions, publish

    content = make_site(tmp_path)
    before = read_tree(content)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with pytest.raises(BuildRefused):
            publish(PublishOptions(settings_file=demo_settings("publishconf.py"), repo=str(ROOT),
                                   directory=str(content / "berita"), push=False,
                                   overrides={"PATH": str(content)}))
    finally:
        os.chdir(cwd)
    assert read_tree(content) == before


# ---------------------------------------------------------------- messages

@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "disk penuh"), (errno.EROFS, "hanya-baca"),
                                         (errno.EACCES, "tidak ada izin")])
def test_disk_failures_are_one_indonesian_line_and_output_is_unchanged(tmp_path, monkeypatch, code, words):
    from invoke import Context, Exit

    import tasks
    from warta_core.output import OutputWriter

    content = make_site(tmp_path)
    output = tmp_path / "output"
    build_site(content, output, WARTA_SEARCH=False)
    before = read_tree(output)
    release = content / RELEASE
    release.write_text(release.read_text().replace("500 warga", "700 warga"))

    def disk_full(self, relative, data, key=None):
        raise OSError(code, os.strerror(code), os.path.join(self.output_path, relative))

    monkeypatch.setattr(OutputWriter, "write", disk_full)
    monkeypatch.setenv("WARTA_NOW", "2026-11-24T12:00:00+08:00")
    monkeypatch.setenv("WARTA_SEARCH", "false")
    with pytest.raises(Exit) as raised:
        tasks.build.body(Context(), output=str(output), content=str(content))
    message = str(raised.value.message)
    assert "\n" not in message and words in message and "tidak diubah" in message
    assert read_tree(output) == before


def test_a_link_to_an_embargoed_release_is_reported_in_its_source(tmp_path):
    content = make_site(tmp_path, "embargoed_release")
    release = content / RELEASE
    release.write_text(release.read_text() + "\nBaca juga [rilis berikut](/berita/2026/12/penanda-embargo-rahasia/).\n")
    result = run("check", "--content", str(content), WARTA_NOW=TEST_NOW)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("content/")]
    assert len(lines) == 1 and lines[0].startswith(f"content/{RELEASE}:20: isi: tautan ke rilis yang belum terbit"), \
        result.stdout


def test_codeowners_never_writes_a_handle_that_is_more_than_one_owner(tmp_path):
    from warta_content.registry import load_registries
    from warta_ops.codeowners import InvalidHandle, codeowners_text

    registries, problems = load_registries(str(ROOT / "tests/fixtures/base_site/content"))
    assert not problems
    text = codeowners_text(registries, "content/berita", "@contoh/editor")
    assert "/content/berita/dinkes/ @contoh/humas-dinkes @contoh/editor" in text
    for editors in ("@org/tim\n* @penyerang", "@org/tim @lain", "@org/tim # diam", " "):
        with pytest.raises(InvalidHandle):
            codeowners_text(registries, "content/berita", editors)
    # No editors' team yet (a site fresh from `invoke init`): each humas team still owns its folder.
    humas_only = codeowners_text(registries, "content/berita", "")
    assert "/content/berita/dinkes/ @contoh/humas-dinkes\n" in humas_only
    assert [line for line in humas_only.splitlines() if line and not line.startswith("#")] == \
        [line for line in text.splitlines() if "@contoh/humas" in line and not line.startswith("#")
         for line in [line.replace(" @contoh/editor", "")]]
    # A registry that bypassed validation still cannot smuggle a line in.
    registries.opds["dinkes"].humas.handle = "@contoh/humas\n* @penyerang"
    with pytest.raises(InvalidHandle):
        codeowners_text(registries, "content/berita", "@contoh/editor")
    result = run("codeowners", "--check", WARTA_EDITORS_HANDLE="@org/tim\n* @penyerang")
    assert result.returncode == 1 and "bukan satu akun atau tim GitHub" in result.stderr + result.stdout


def test_compiled_templates_from_elsewhere_are_never_loaded(tmp_path):
    """The Jinja bytecode cache is code: a file that this user's builds did not sign is compiled again."""
    content = make_site(tmp_path)
    output = tmp_path / "output"
    build_site(content, output, WARTA_SEARCH=False)
    compiled = list((tmp_path / ".cache/jinja").iterdir())
    assert compiled
    for path in compiled:
        data = bytearray(path.read_bytes())
        data[-20] ^= 0xFF  # damaged, or planted by whoever could write the cache folder
        path.write_bytes(bytes(data))
    page = content / RELEASE
    page.write_text(page.read_text().replace("500 warga", "600 warga"))
    build_site(content, output, WARTA_SEARCH=False)
    fresh = tmp_path / "fresh"
    build_site(content, fresh, incremental=False, WARTA_SEARCH=False)
    assert read_tree(output) == read_tree(fresh)


@pytest.mark.parametrize("link", ["[baca](https://berita.example.org/berita/2026/12/penanda-embargo-rahasia)",
                                  "[baca][1]\n\n[1]: /berita/2026/12/penanda-embargo-rahasia/#isi",
                                  '<a href="../../12/penanda-embargo-rahasia/">baca</a>'])
def test_every_link_form_to_a_hidden_release_is_found(tmp_path, link):
    content = make_site(tmp_path, "embargoed_release")
    release = content / RELEASE
    release.write_text(release.read_text() + "\n" + link + "\n")
    from test_hardening_content import check_problems

    problems = check_problems(content)
    assert [row for row in problems if row.startswith(f"content/{RELEASE}:") and "belum terbit" in row], problems


def test_a_release_read_back_from_the_cache_equals_the_one_read_from_its_file(tmp_path):
    import json

    from pelican.settings import read_settings
    from warta_content.loading import _reading_options
    from warta_content.readcache import ReleaseCache, _encode
    from warta_content.reader import read_release
    from warta_content.release import Release
    from warta_core.settings import with_defaults

    content = make_site(tmp_path)
    release = content / RELEASE
    # Every key the validator rewrites (aliases, repeated regions and tags, an offset date) must come back the same.
    release.write_text(release.read_text()
                       .replace("region: [majene]", "region: [majene, sulbar, majene]\naliases: [/berita/lama/vaksin]"
                                "\nid: vaksin-majene\nmodified: 2026-11-21 10:00+09:00\ncorrection: Jumlah warga")
                       .replace("tags: [kesehatan, vaksinasi]", "tags: [kesehatan, vaksinasi, kesehatan, '!!!']")
                       + "\n[lihat](/berita/2026/11/siaga-banjir-di-mamuju/)\n")
    result = build_site(content, tmp_path / "output", WARTA_SEARCH=False)
    with open(tmp_path / ".cache/releases.json", "rb") as handle:
        header = json.loads(handle.readline())
    settings = with_defaults(read_settings(demo_settings(), override={"PATH": str(content)}))
    options = _reading_options(settings, str(content))
    cache = ReleaseCache(str(tmp_path / ".cache/releases.json"), header["salt"], options["validation"])
    job = next(job for job in cache.records if job[0].endswith("vaksinasi-massal-di-majene.md"))
    cached = cache.get(job)
    fresh, problems = read_release(*job, options["validation"]["zone"], options)
    assert not problems and cached is not None and result.written
    assert cached.regions == ["majene", "sulbar"] and cached.aliases == ["berita/lama/vaksin/"]
    assert cached.tags == ["kesehatan", "vaksinasi"] and cached.explicit_id == "vaksin-majene"
    assert cached.modified.utcoffset().total_seconds() == 8 * 3600  # site time, as read
    kept = [name for name in Release.__dataclass_fields__ if name not in {"url", "save_as"}]
    assert {name: getattr(cached, name) for name in kept} == {name: getattr(fresh, name) for name in kept}
    # Only the keys the writer typed are stored, so the cached model holds no more than a fresh one.
    assert cached.meta.model_fields_set == fresh.meta.model_fields_set
    assert json.loads(json.dumps(_encode(cached))) == cache.records[job]
