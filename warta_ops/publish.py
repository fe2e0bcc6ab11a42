"""Gated, atomic publishing: validate, build into a temporary folder, run the gates, then commit with ghp-import.

Nothing reaches the publishing branch unless every step passed, and the local `output/` is never
touched. The commit is first made on a throw-away branch, then pushed without force: a failure at
any point (or a remote that moved meanwhile) leaves the remote branch and the local branch as they were.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from warta_core.clock import build_now
from warta_core.problems import ContentError, Problem

from .build import build, build_lock, recover, refuse_destructive, swap
from .gates import check_embargo, check_kept_urls, check_links, partition

logger = logging.getLogger(__name__)

# WARTA_PUBLISH_DERIVED: folders rebuilt from the rest of the site whose bytes vary between identical
# builds (Pagefind writes its filters in hash-map order), so they alone never make a scheduled run
# publish a new commit.


@dataclass
class PublishOptions:
    settings_file: str = "publishconf.py"
    repo: str = "."  # the source repository: names the source commit and holds the publishing branch
    remote: str | None = None  # else WARTA_PUBLISH_REMOTE (environment, then setting), else origin
    branch: str | None = None  # else WARTA_PUBLISH_BRANCH, else gh-pages
    cname: str | None = None  # else WARTA_CNAME; none: no CNAME file
    push: bool = True
    now: str | None = None  # ISO 8601; the environment's WARTA_NOW wins, as in every build
    siteurl: str | None = None
    only_if_changed: bool = False  # skip the commit when the site's tree equals the branch's
    directory: str | None = None  # copy the gated site here instead of committing (GitLab Pages, rsync)
    overrides: dict = field(default_factory=dict)


@dataclass
class PublishReport:
    branch: str
    remote: str
    source_commit: str
    now: datetime | None = None
    steps: list[tuple[str, float]] = field(default_factory=list)
    files: int = 0
    commit: str | None = None
    pushed: bool = False
    unchanged: bool = False
    directory: str | None = None

    @contextmanager
    def step(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.steps.append((name, time.perf_counter() - started))
            logger.info("%s: %.2f s", name, self.steps[-1][1])

    def lines(self) -> list[str]:
        """A short Indonesian summary with the time of each step."""
        return [self.headline()] + self.timings()

    def timings(self) -> list[str]:
        width = max((len(name) for name, _ in self.steps), default=5)
        lines = [f"  {name:<{width}}  {seconds:6.2f} s" for name, seconds in self.steps]
        lines.append(f"  {'total':<{width}}  {sum(seconds for _, seconds in self.steps):6.2f} s")
        return lines

    def headline(self) -> str:
        source = f"sumber {self.source_commit}, waktu build {self.now:%Y-%m-%d %H:%M %z}" if self.now else ""
        if self.directory:
            return f"Situs lolos gerbang dan disalin ke {self.directory}: {self.files} berkas ({source})."
        if self.unchanged:
            return f"Tidak ada perubahan dibanding cabang {self.branch}; tidak ada commit baru ({source})."
        where = f", didorong ke {self.remote}" if self.pushed else " (belum didorong: --no-push)"
        return f"Dipublikasikan ke cabang {self.branch} sebagai {self.commit[:7]}{where}: {self.files} berkas ({source})."


class PublishFailed(Exception):
    """A step failed: nothing was published; `problems` say why, `report` holds the timings so far."""

    def __init__(self, step: str, problems: list[Problem], report: PublishReport):
        self.step = step
        self.problems = sorted(problems)
        self.report = report
        super().__init__(f"publikasi dibatalkan pada langkah '{step}'")

    def lines(self) -> list[str]:
        untouched = f"cabang {self.report.branch} dan output/ tidak diubah" if not self.report.directory \
            else f"{self.report.directory} tidak diubah"
        return ([str(problem) for problem in self.problems]
                + [f"{len(self.problems)} masalah. Publikasi dibatalkan pada langkah '{self.step}'; {untouched}."]
                + self.report.timings())


def publish(options: PublishOptions) -> PublishReport:
    """Validate, build, gate and publish; raises PublishFailed and changes nothing when any step fails."""
    settings = _settings(options)
    report = PublishReport(branch=_choice(options.branch, "WARTA_PUBLISH_BRANCH", settings),
                           remote=_choice(options.remote, "WARTA_PUBLISH_REMOTE", settings),
                           source_commit=source_commit(options.repo), now=build_now(settings),
                           directory=options.directory)
    if not options.directory:
        _refuse_checked_out_branch(options.repo, report)
    else:
        refuse_destructive(options.directory, settings, os.path.dirname(os.path.abspath(options.settings_file)),
                           "--directory")
    parent = os.path.dirname(os.path.abspath(options.directory)) if options.directory else None
    if parent:
        os.makedirs(parent, exist_ok=True)
    # Next to the target folder when copying, so the final move is a rename on one file system.
    workdir = tempfile.mkdtemp(prefix=".warta-publish-", dir=parent)
    try:
        content = _validate(settings, report)
        base, previous = _published_state(options, settings, report, workdir)
        site = _build(options, settings, report, workdir, previous)
        _gate(site, settings, content, report, previous)
        if options.directory:
            with build_lock(options.directory):
                recover(options.directory)
                swap(site, options.directory)
        else:
            _commit_and_push(site, options, settings, report, base)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return report


def _settings(options: PublishOptions) -> dict:
    from pelican.settings import read_settings

    from warta_core.settings import with_defaults

    overrides = dict(options.overrides)
    if options.now:
        overrides["WARTA_NOW"] = options.now
    if options.siteurl:
        overrides["SITEURL"] = options.siteurl.rstrip("/")
    settings = with_defaults(read_settings(options.settings_file, override=overrides))
    # One moment for the build and the embargo gate, even if the build starts a minute later. The
    # clock is cut to the minute, the precision of release dates, so that two runs in one minute
    # render the same bytes; cutting down never publishes a release early.
    now = build_now(settings)
    if not settings["WARTA_NOW"]:
        now = now.replace(second=0, microsecond=0)
    settings["WARTA_NOW"] = now.isoformat()
    return settings


def _choice(given, name: str, settings) -> str:
    return given or os.environ.get(name) or settings[name]


def _validate(settings, report: PublishReport):
    from warta_content.loading import load_content

    with report.step("validasi konten"):
        content, problems = load_content(settings, settings["PATH"], use_cache=False, render=False)
    if problems:
        raise PublishFailed("validasi konten", problems, report)
    return content


def _published_state(options: PublishOptions, settings, report: PublishReport, workdir: str):
    """(the publishing branch's commit, a file with its identity → URLs map) of the last published site.

    The new commit follows that same commit, and the build keeps every URL of its map.
    """
    name = settings["WARTA_URL_MAP"]
    if options.directory:
        path = os.path.join(options.directory, name)
        return None, (path if os.path.isfile(path) else None)
    with report.step("peta alamat terbit"):
        try:
            base = _base_commit(options.repo, report.remote, report.branch, options.push)
        except GitFailed as error:
            raise PublishFailed("git", [Problem(options.repo, 1, "git", str(error), _git_fix(error))], report) from error
        shown = _git(options.repo, "show", f"{base}:{name}", check=False) if base else None
    if shown is None or shown.returncode != 0:
        return base, None  # nothing published yet, or published before Warta kept its map
    path = os.path.join(workdir, name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(shown.stdout)
    return base, path


def _build(options: PublishOptions, settings, report: PublishReport, workdir: str, previous: str | None) -> str:
    site = os.path.join(workdir, "site")
    overrides = {**options.overrides, "PATH": settings["PATH"], "SITEURL": settings["SITEURL"],
                 "WARTA_NOW": settings["WARTA_NOW"], "WARTA_CACHE_DIR": os.path.join(workdir, "cache"),
                 "WARTA_PREVIOUS_URLS": previous}
    with report.step("build"):
        try:
            build(options.settings_file, site, overrides, incremental=False)
        except ContentError as error:
            raise PublishFailed("build", error.problems, report) from None
        except Exception as error:  # any build crash must stop the publish with a readable reason
            logger.debug("build gagal", exc_info=True)
            raise PublishFailed("build", [Problem(options.settings_file, 1, "build", f"build gagal ({type(error).__name__}: {error})",
                                                  "jalankan `invoke build --config publish -v` untuk rinciannya")],
                                report) from error
    report.files = sum(len(names) for _, _, names in os.walk(site))
    return site


def _gate(site: str, settings, content, report: PublishReport, previous: str | None = None) -> None:
    from warta_content.redirects import read_map

    visible, hidden = partition(content, build_now(settings))
    problems = []
    with report.step("gerbang alamat lama"):
        problems += check_kept_urls(site, read_map(previous))
    with report.step("gerbang tautan"):
        problems += check_links(site, settings.get("SITEURL"))
    with report.step("gerbang embargo"):
        problems += check_embargo(site, hidden, visible)
    if problems:
        raise PublishFailed("gerbang", problems, report)


# ---------------------------------------------------------------- git

def _git(repo: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise GitFailed(args, result.stderr.strip() or result.stdout.strip())
    return result


class GitFailed(Exception):
    def __init__(self, args, detail: str):
        self.detail = detail
        super().__init__(f"git {' '.join(args)}: {detail}")


def source_commit(repo: str) -> str:
    """The short hash of the source commit; CI variables stand in when git is absent (GitLab images)."""
    try:
        result = _git(repo, "rev-parse", "--short", "HEAD", check=False)
    except OSError:
        result = None
    if result is not None and result.returncode == 0:
        dirty = _git(repo, "status", "--porcelain", "--untracked-files=no", check=False).stdout.strip()
        return result.stdout.strip() + ("+perubahan-lokal" if dirty else "")
    for name in ("CI_COMMIT_SHORT_SHA", "GITHUB_SHA"):
        if os.environ.get(name):
            return os.environ[name][:7]
    return "tanpa-commit"


def _refuse_checked_out_branch(repo: str, report: PublishReport) -> None:
    try:
        head = _git(repo, "symbolic-ref", "--quiet", "HEAD", check=False).stdout.strip()
    except OSError as error:
        raise PublishFailed("persiapan", [Problem(repo, 1, "git", f"git tidak dapat dijalankan: {error}",
                                                  "pasang git, atau pakai --directory untuk menyalin situs saja")],
                            report) from error
    if head == f"refs/heads/{report.branch}":
        raise PublishFailed("persiapan", [Problem(repo, 1, "cabang", f"cabang publikasi {report.branch} sedang "
                                                  "di-checkout", "pindah ke cabang sumber (mis. main) lalu ulangi")],
                            report)


def _commit_and_push(site: str, options: PublishOptions, settings, report: PublishReport, base: str | None) -> None:
    repo, branch, remote = options.repo, report.branch, report.remote
    scratch = f"warta-publish-{os.getpid()}"
    try:
        with report.step("commit ghp-import"):
            if base:
                _git(repo, "update-ref", f"refs/heads/{scratch}", base)
            commit = _ghp_import(site, options, settings, report, scratch)
            if commit == base:
                raise GitFailed(("fast-import",), "ghp-import tidak membuat commit")
        derived = tuple(settings["WARTA_PUBLISH_DERIVED"] or [settings["SEARCH_INDEX_DIR"]])
        if options.only_if_changed and base and _listing(repo, commit, derived) == _listing(repo, base, derived):
            report.unchanged = True
            return
        if options.push:
            with report.step("push"):
                # No force: if someone published meanwhile, the push is refused and nothing changes.
                _git(repo, "push", "--quiet", remote, f"{commit}:refs/heads/{branch}")
            report.pushed = True
        _git(repo, "update-ref", f"refs/heads/{branch}", commit)
        report.commit = commit
    except (GitFailed, OSError) as error:
        raise PublishFailed("git", [Problem(repo, 1, "git", str(error), _git_fix(error))], report) from error
    finally:
        _git(repo, "update-ref", "-d", f"refs/heads/{scratch}", check=False)


def _base_commit(repo: str, remote: str, branch: str, push: bool) -> str | None:
    """The commit the new one follows: the remote's branch when pushing (it is the truth), else the local one."""
    if push:
        listed = _git(repo, "ls-remote", "--heads", remote, f"refs/heads/{branch}").stdout.split()
        if not listed:
            return None
        _git(repo, "fetch", "--quiet", "--no-tags", remote, f"refs/heads/{branch}")
        return _git(repo, "rev-parse", "FETCH_HEAD").stdout.strip()
    local = _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}", check=False)
    return local.stdout.strip() or None


def _ghp_import(site: str, options: PublishOptions, settings, report: PublishReport, scratch: str) -> str:
    cname = options.cname or os.environ.get("WARTA_CNAME") or settings["WARTA_CNAME"]
    message = (f"Publikasi situs dari {report.source_commit}\n\n"
               f"Waktu build (embargo): {report.now.isoformat()}\nSITEURL: {settings.get('SITEURL')}\n")
    command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--message", message, "--branch", scratch]
    if cname:
        command += ["--cname", cname]
    env = dict(os.environ)
    # A fresh CI checkout has no git identity; fast-import would then write an empty committer.
    if not _git(options.repo, "config", "user.email", check=False).stdout.strip():
        env.setdefault("GIT_COMMITTER_NAME", "Warta")
        env.setdefault("GIT_COMMITTER_EMAIL", "warta@localhost")
    result = subprocess.run([*command, site], cwd=options.repo, env=env, capture_output=True, text=True)
    if result.returncode != 0 or "Failed" in result.stdout:
        raise GitFailed(("ghp-import",), (result.stderr or result.stdout).strip())
    return _git(options.repo, "rev-parse", f"refs/heads/{scratch}").stdout.strip()


def _listing(repo: str, commit: str, derived: tuple[str, ...]) -> dict[str, str]:
    """Path -> mode and blob hash of every file of `commit`, derived folders left out."""
    listing = {}
    for record in _git(repo, "ls-tree", "-r", "-z", commit).stdout.split("\0"):
        if record:
            meta, path = record.split("\t", 1)
            if not path.startswith(derived):
                listing[path] = meta
    return listing


def _git_fix(error: Exception) -> str:
    text = str(error)
    if "rejected" in text or "non-fast-forward" in text or "fetch first" in text:
        return "cabang publikasi berubah selama proses (publikasi lain?); jalankan lagi `invoke publish`"
    if "Could not read from remote" in text or "does not appear to be a git repository" in text:
        return "periksa nama remote (--remote) dan hak akses push"
    return "periksa pesan git di atas; cabang publikasi tidak diubah"
