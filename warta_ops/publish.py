"""Gated, incremental, atomic publishing: build what changed, run the gates, commit only changed files.

A publish builds into a fresh staging folder that reuses, by render key, the files of the last
gated tree kept in the build cache (`<cache>/terbit/site`), so a merge at 20,000 releases renders a
few hundred pages instead of 49,000. The gates read only what the build wrote (see `gates`), the
publishing branch gets one commit with only the changed files (see `warta_ops.branch`), and the
push is never forced. Nothing reaches the branch or the target folder unless every step passed.
`--full` (or WARTA_PUBLISH_FULL) renders everything from scratch and commits with ghp-import; the
scheduled workflow does so once a day as a check.

Each publish writes a small state file (its inputs and the next moment something becomes due) that
`warta_ops/due.py` reads before a scheduled run installs anything; the same record ends the commit
message as trailers.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from warta_core.clock import build_now, site_zone
from warta_core.output import load_keys, save_keys
from warta_core.problems import ContentError, Problem

from . import due
from .branch import GitFailed, PagesBranch, git
from .build import (BuildRefused, _folder_id, _state_path, build, build_lock, exclusive, recover,
                    refuse_destructive, swap)
from .gates import GateRecord, check_kept_urls, gate, partition

logger = logging.getLogger(__name__)

PUBLISH_LOCK = ".warta-publish.lock"
FUTURE_TOLERANCE = timedelta(minutes=5)  # clocks of two machines differ a little


@dataclass
class PublishOptions:
    settings_file: str = "publishconf.py"
    repo: str = "."  # the source repository: names the source commit and holds the publishing branch
    remote: str | None = None  # else WARTA_PUBLISH_REMOTE (environment, then setting), else origin
    branch: str | None = None  # else WARTA_PUBLISH_BRANCH, else gh-pages
    cname: str | None = None  # else WARTA_CNAME, else the CNAME of the branch's last commit
    push: bool = True
    now: str | None = None  # ISO 8601; the environment's WARTA_NOW wins, as in every build
    siteurl: str | None = None
    only_if_changed: bool = False  # skip the commit when the site's tree equals the branch's
    directory: str | None = None  # copy the gated site here instead of committing (GitLab Pages, rsync)
    full: bool = False  # render everything from scratch (also WARTA_PUBLISH_FULL)
    allow_dirty: bool = False  # publish uncommitted changes under content/ (the commit message says so)
    allow_future: bool = False  # accept a --now in the future for a real push or folder
    state_file: str | None = None  # else <cache>/terbit.json
    overrides: dict = field(default_factory=dict)


@dataclass
class PublishReport:
    branch: str
    remote: str
    source_commit: str
    now: datetime | None = None
    steps: list[tuple[str, float]] = field(default_factory=list)
    # Processor seconds of each step, this process and the ones it waited for (Pagefind, git): on a
    # shared or loaded machine the wall time says little, the processor time what the step costs.
    cpu: dict[str, float] = field(default_factory=dict)
    files: int = 0
    changed: int = 0  # files of the commit that differ from the branch's previous commit
    rendered: int = 0  # files the build wrote; the others were reused from the last gated tree
    full: bool = False
    commit: str | None = None
    pushed: bool = False
    unchanged: bool = False
    directory: str | None = None
    dirty: bool = False

    @contextmanager
    def step(self, name: str):
        started, processor = time.perf_counter(), _processor_seconds()
        try:
            yield
        finally:
            self.steps.append((name, time.perf_counter() - started))
            self.cpu[name] = _processor_seconds() - processor
            logger.info("%s: %.2f s (CPU %.2f s)", name, self.steps[-1][1], self.cpu[name])

    def lines(self) -> list[str]:
        """A short Indonesian summary with the time of each step."""
        return [self.headline()] + self.timings()

    def timings(self) -> list[str]:
        width = max((len(name) for name, _ in self.steps), default=5)
        lines = [f"  {name:<{width}}  {seconds:6.2f} s  (CPU {self.cpu.get(name, 0):6.2f} s)"
                 for name, seconds in self.steps]
        lines.append(f"  {'total':<{width}}  {sum(seconds for _, seconds in self.steps):6.2f} s  "
                     f"(CPU {sum(self.cpu.values()):6.2f} s)")
        return lines

    def headline(self) -> str:
        source = f"sumber {self.source_commit}, waktu build {self.now:%Y-%m-%d %H:%M %z}" if self.now else ""
        kind = f"build {'penuh' if self.full else 'inkremental'}, {self.rendered} berkas dirender"
        if self.directory:
            return (f"Situs lolos gerbang dan disalin ke {self.directory}: {self.files} berkas "
                    f"({kind}; {source}).")
        if self.unchanged:
            return f"Tidak ada perubahan dibanding cabang {self.branch}; tidak ada commit baru ({kind}; {source})."
        where = f", didorong ke {self.remote}" if self.pushed else " (belum didorong: --no-push)"
        return (f"Dipublikasikan ke cabang {self.branch} sebagai {self.commit[:7]}{where}: {self.changed} dari "
                f"{self.files} berkas berubah ({kind}; {source}).")


def _processor_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


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


@dataclass
class Workspace:
    """Where a publish keeps what the next one reuses: all of it inside the build cache folder."""

    cache: str

    @property
    def site(self) -> str:  # the last built tree; only a source of reusable files, never trusted as published
        return os.path.join(self.cache, "terbit", "site")

    @property
    def lock(self) -> str:  # held for a whole publish
        return os.path.join(self.cache, PUBLISH_LOCK)

    @property
    def gates(self) -> str:
        return os.path.join(self.cache, "terbit", "gates.json")

    @property
    def index(self) -> str:
        return os.path.join(self.cache, "terbit", "branch.index")


def publish(options: PublishOptions) -> PublishReport:
    """Build, gate and publish; raises PublishFailed and changes nothing published when any step fails.

    One publish at a time per cache: a second one (a scheduled run while a merge publishes) would
    swap the build tree under the first one's commit, so it is refused before it touches anything.
    """
    settings = _settings(options)
    # Publishing always keeps a cache: without one, every publish would render all 49,000 files again.
    workspace = Workspace(os.path.abspath(settings["WARTA_CACHE_DIR"] or ".warta-cache"))
    report = PublishReport(branch=_choice(options.branch, "WARTA_PUBLISH_BRANCH", settings),
                           remote=_choice(options.remote, "WARTA_PUBLISH_REMOTE", settings),
                           source_commit="", directory=options.directory)
    with ExitStack() as held:
        try:
            held.enter_context(exclusive(workspace.lock, "publikasi lain sedang berjalan dengan cache ini"))
        except BuildRefused as refused:
            raise PublishFailed("persiapan", [Problem(workspace.lock, 1, "kunci", str(refused),
                                                      "tunggu sampai publikasi itu selesai, lalu jalankan lagi; "
                                                      "jadwalkan publikasi satu per satu (concurrency di CI, "
                                                      "flock di server)")], report) from None
        return _publish(options, settings, workspace, report)


def _publish(options: PublishOptions, settings: dict, workspace: Workspace, report: PublishReport) -> PublishReport:
    full = options.full or settings["WARTA_PUBLISH_FULL"]
    report.source_commit, report.now = source_commit(options.repo), build_now(settings)
    # Nothing to reuse (the first publish, an empty cache) renders everything too, but still fills the caches.
    report.full = full or not os.path.isdir(workspace.site)
    with report.step("persiapan"):
        if not options.directory:
            _refuse_checked_out_branch(options.repo, report)
        else:
            refuse_destructive(options.directory, settings, os.path.dirname(os.path.abspath(options.settings_file)),
                               "--directory")
        report.dirty = _guard_uncommitted_content(options, settings, report)
        _guard_future_now(options, report)
        # Read once (16 MB at 20,000 releases): it vouches for the restored tree, then the gates start from it.
        record = GateRecord.load(workspace.gates, settings["SITEURL"])
        if not report.full and _adopt_restored_site(workspace, record):
            logger.info("pohon terbit terakhir dari cache dipakai lagi setelah diperiksa berkas demi berkas")
    base, previous_urls = _published_state(options, settings, report, workspace)
    result = _build(options, settings, report, workspace, full, previous_urls)
    _gate(settings, result, report, workspace, previous_urls, record)
    state = _next_state(options, settings, result, report, workspace)
    if options.directory:
        with report.step("salin ke folder"):
            _copy_tree(workspace.site, options.directory)
    else:
        _commit_and_push(options, settings, report, workspace, state, base)
    _save_state(options, workspace, state)
    recover(workspace.site)  # the replaced tree is deleted now, not while CI packs the cache
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


# ---------------------------------------------------------------- guards

def _in_repo(repo: str, path: str) -> str | None:
    """`path` relative to the repository's top, or None when it lies outside it (or there is no git)."""
    try:
        top = git(repo, "rev-parse", "--show-toplevel").stdout.strip()
    except (GitFailed, OSError):
        return None
    relative = os.path.relpath(os.path.realpath(path), os.path.realpath(top))
    return None if relative.startswith("..") else relative


def _guard_uncommitted_content(options: PublishOptions, settings, report: PublishReport) -> bool:
    """True when uncommitted changes under content/ are published (allowed by a flag); else refuse them."""
    content = _in_repo(options.repo, settings["PATH"])
    if content is None:
        return False
    changes = git(options.repo, "status", "--porcelain", "--untracked-files=all", "--", content).stdout.splitlines()
    if not changes:
        return False
    if options.allow_dirty:
        return True
    listed = ", ".join(line[3:] for line in changes[:5]) + (" …" if len(changes) > 5 else "")
    raise PublishFailed("persiapan", [Problem(content, 1, "perubahan lokal",
                                              f"{len(changes)} berkas di {content}/ belum di-commit: {listed}",
                                              "commit dulu perubahan itu (yang terbit harus tercatat di riwayat), "
                                              "atau ulangi dengan --allow-dirty bila memang disengaja")], report)


def _guard_future_now(options: PublishOptions, report: PublishReport) -> None:
    real_target = options.directory or options.push
    if not options.now or not real_target or options.allow_future:
        return
    if report.now > datetime.now(report.now.tzinfo) + FUTURE_TOLERANCE:
        raise PublishFailed("persiapan", [Problem(options.settings_file, 1, "--now",
                                                  f"waktu build {report.now.isoformat()} ada di masa depan: rilis "
                                                  "berembargo sampai waktu itu akan terbit sekarang",
                                                  "hapus --now, pakai --no-push untuk mencoba, atau tambahkan "
                                                  "--allow-future bila memang disengaja")], report)


def _refuse_checked_out_branch(repo: str, report: PublishReport) -> None:
    try:
        head = git(repo, "symbolic-ref", "--quiet", "HEAD", check=False).stdout.strip()
    except OSError as error:
        raise PublishFailed("persiapan", [Problem(repo, 1, "git", f"git tidak dapat dijalankan: {error}",
                                                  "pasang git, atau pakai --directory untuk menyalin situs saja")],
                            report) from error
    if head == f"refs/heads/{report.branch}":
        raise PublishFailed("persiapan", [Problem(repo, 1, "cabang", f"cabang publikasi {report.branch} sedang "
                                                  "di-checkout", "pindah ke cabang sumber (mis. main) lalu ulangi")],
                            report)


# ---------------------------------------------------------------- build and gates

def _adopt_restored_site(workspace: Workspace, record: GateRecord) -> bool:
    """Let the build reuse the last gated tree after a CI cache restore made it a new folder.

    The build's saved state names the folder it describes (by device and inode), so a tree unpacked
    from a cache is a stranger and everything would be rendered again. The state is tied to the new
    folder only when the gate record vouches for every file in it (same names, sizes and times, or
    same bytes) and names the same folder as the state: then the new folder is that tree.
    """
    current = _folder_id(workspace.site)
    if current is None or not record.folder or record.folder == current:
        return False
    paths = [_state_path(workspace.cache, workspace.site, kind) for kind in ("keys", "inputs")]
    states = [load_keys(path) for path in paths]
    if any(state.get("output") != record.folder for state in states) or not record.describes(workspace.site):
        return False
    # The gate record keeps naming the old folder: the gates replace it with this tree's record, and
    # should this publish fail first, the states already name the folder and need no adopting.
    for path, state in zip(paths, states):
        save_keys(path, {**state, "output": current})
    return True


def _published_state(options: PublishOptions, settings, report: PublishReport, workspace: Workspace):
    """(the publishing branch's commit, a file with its identity → URLs map) of the last published site.

    The new commit follows that same commit, and the build keeps every URL of its map.
    """
    name = settings["WARTA_URL_MAP"]
    if options.directory:
        path = os.path.join(options.directory, name)
        return None, (path if os.path.isfile(path) else None)
    pages = PagesBranch(options.repo, report.remote, report.branch)
    with report.step("cabang terbit"):
        try:
            base = pages.fetch_base() if options.push else pages.local_base()
            shown = git(options.repo, "show", f"{base}:{name}", check=False) if base else None
        except (GitFailed, OSError) as error:
            raise PublishFailed("git", [Problem(options.repo, 1, "git", str(error), _git_fix(error))], report) from error
    if shown is None or shown.returncode != 0:
        return base, None  # nothing published yet, or published before Warta kept its map
    path = os.path.join(workspace.cache, "terbit", "previous-" + os.path.basename(name))
    _write_text(path, shown.stdout)
    return base, path


def last_published_map(repo: str, settings) -> tuple[dict[str, list[str]] | None, str]:
    """(identity → URLs map, where it was read) of the last published site as this clone knows it.

    Read without the network from the publishing branch: its remote-tracking branch (what the last
    fetch saw published), else the local branch (what a publish from here left). (None, the branch
    looked for, as "remote/branch") when neither holds a map: nothing was published yet, or the branch was
    never fetched.
    """
    from warta_content.redirects import parse_map

    remote = _choice(None, "WARTA_PUBLISH_REMOTE", settings)
    branch = _choice(None, "WARTA_PUBLISH_BRANCH", settings)
    name = settings["WARTA_URL_MAP"]
    for ref, label in ((f"refs/remotes/{remote}/{branch}", f"{remote}/{branch}"), (f"refs/heads/{branch}", branch)):
        try:
            found = git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
            commit = found.stdout.strip()
            shown = git(repo, "show", f"{commit}:{name}", check=False) if commit else None
        except OSError:  # no git at all
            break
        if shown is not None and shown.returncode == 0:
            return parse_map(shown.stdout, f"{label}:{name}"), f"cabang {label} ({commit[:7]})"
    return None, f"{remote}/{branch}"


def _write_text(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def _build(options: PublishOptions, settings, report: PublishReport, workspace: Workspace, full: bool,
           previous_urls: str | None):
    overrides = {**options.overrides, "PATH": settings["PATH"], "SITEURL": settings["SITEURL"],
                 "WARTA_NOW": settings["WARTA_NOW"], "WARTA_CACHE_DIR": workspace.cache,
                 "WARTA_PREVIOUS_URLS": previous_urls}
    with report.step("build"):
        try:
            result = build(options.settings_file, workspace.site, overrides, incremental=not full)
        except ContentError as error:
            raise PublishFailed("build", error.problems, report) from None
        except Exception as error:  # any build crash must stop the publish with a readable reason
            logger.debug("build gagal", exc_info=True)
            raise PublishFailed("build", [Problem(options.settings_file, 1, "build", f"build gagal ({type(error).__name__}: {error})",
                                                  "jalankan `invoke build --config publish -v` untuk rinciannya")],
                                report) from error
    report.rendered = result.written
    return result


def _gate(settings, result, report: PublishReport, workspace: Workspace, previous_urls: str | None,
          record: GateRecord) -> None:
    from warta_content.redirects import read_map

    with report.step("gerbang"):
        kept = check_kept_urls(workspace.site, read_map(previous_urls))
        # Digests taken while vouching for the restored tree are of files the build may have replaced since.
        record.digests = {}
        content = result.content
        if content is None and not (result.skipped and record.files):
            content = _load_content(settings)
        if content is None:
            # The build skipped itself: nothing it reads changed since the tree the record vouches for,
            # so neither did the set of hidden releases.
            problems, learnt = gate(workspace.site, settings["SITEURL"], [], [], record)
            learnt.hidden = record.hidden
        else:
            visible, hidden = partition(content, build_now(settings))
            problems, learnt = gate(workspace.site, settings["SITEURL"], hidden, visible, record)
        problems = kept + problems
        if problems:
            if os.path.exists(workspace.gates):
                os.unlink(workspace.gates)
            raise PublishFailed("gerbang", problems, report)
        learnt.folder = _folder_id(workspace.site)
        learnt.save(workspace.gates)
    report.files = len(learnt.files)


def _load_content(settings):
    from warta_content.loading import load_content

    content, problems = load_content(settings, settings["PATH"], use_cache=False, render=False)
    if problems:
        raise ContentError(problems)
    return content


# ---------------------------------------------------------------- state for the due check

def _next_state(options: PublishOptions, settings, result, report: PublishReport, workspace: Workspace) -> dict:
    """What `warta_ops/due.py` needs: this publish's inputs and the next moment a publish becomes due."""
    now = report.now
    zone = site_zone(settings)
    midnight = datetime.combine((now.astimezone(zone) + timedelta(days=1)).date(), datetime.min.time(), zone)
    previous = due.state_from_file(_due_state_path(options, workspace))
    next_full = midnight if report.full else _parse(previous.get("next_full")) or now
    # Embargoes end at their release's time, pins at their end (both in release_dates); the statistics
    # change at midnight. A release leaving the news sitemap makes no run due of its own (at 20,000
    # releases that would be ~18 runs a day): the next publish, at the latest the one at midnight, drops it.
    moments = [midnight, next_full] + [moment for moment in (datetime.fromtimestamp(stamp, zone)
                                                             for stamp in result.release_dates) if moment > now]
    try:
        # The address and domain as the due check sees them: the CI variables, before any settings file is read.
        inputs = due.inputs_digest(options.repo, os.environ.get("WARTA_SITEURL", ""), os.environ.get("WARTA_CNAME", ""))
    except (subprocess.CalledProcessError, OSError):
        inputs = ""
    if report.dirty:
        inputs = "perubahan-lokal"  # never matches: the next run publishes the committed content again
    return {"inputs": inputs, "next_due": min(moments).isoformat(), "next_full": next_full.isoformat(),
            "source": _full_source(options.repo)}


def _parse(moment: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(moment) if moment else None
    except ValueError:
        return None


def _due_state_path(options: PublishOptions, workspace: Workspace) -> str:
    return options.state_file or os.path.join(workspace.cache, "terbit.json")


def _save_state(options: PublishOptions, workspace: Workspace, state: dict) -> None:
    _write_json(_due_state_path(options, workspace), state)


def _write_json(path: str, value) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(value, handle, separators=(",", ":"))
    os.replace(tmp, path)


# ---------------------------------------------------------------- targets

def _copy_tree(site: str, directory: str) -> None:
    """Replace `directory` with a copy of `site` (hard links where possible), in one rename."""
    parent = os.path.dirname(os.path.abspath(directory))
    os.makedirs(parent, exist_ok=True)
    with build_lock(directory):
        recover(directory)
        staging = tempfile.mkdtemp(prefix=".warta-build-", dir=parent)
        try:
            shutil.copytree(site, staging, copy_function=_link_or_copy, dirs_exist_ok=True)
            swap(staging, directory)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _cname(options: PublishOptions, settings) -> str | None:
    return options.cname or os.environ.get("WARTA_CNAME") or settings["WARTA_CNAME"]


def _commit_and_push(options: PublishOptions, settings, report: PublishReport, workspace: Workspace,
                     state: dict, base: str | None) -> None:
    repo = options.repo
    pages = PagesBranch(repo, report.remote, report.branch)
    scratch = f"warta-publish-{os.getpid()}"
    try:
        with report.step("commit"):
            message = _message(options, settings, report, state)
            if report.full or not base or not os.path.exists(workspace.index):
                commit = pages.ghp_import(workspace.site, message, _cname(options, settings), base, scratch)
                tree = git(repo, "rev-parse", f"{commit}^{{tree}}").stdout.strip()
                pages.refresh_index(workspace.site, workspace.index, commit)
            else:
                tree = pages.tree_of(workspace.site, workspace.index, _cname(options, settings), base)
                commit = None
            changed = pages.changed_paths(base, tree)
            derived = tuple(settings["WARTA_PUBLISH_DERIVED"] or [settings["SEARCH_INDEX_DIR"]])
            report.changed = len(changed)
            if base and (not changed or (options.only_if_changed
                                         and all(path.startswith(derived) for path in changed))):
                report.unchanged = True
                return
            if commit is None:
                commit = pages.commit(tree, base, message)
        if options.push:
            with report.step("push"):
                pages.push(commit)
            report.pushed = True
        pages.set_local(commit)
        report.commit = commit
    except (GitFailed, OSError) as error:
        raise PublishFailed("git", [Problem(repo, 1, "git", str(error), _git_fix(error))], report) from error
    finally:
        git(repo, "update-ref", "-d", f"refs/heads/{scratch}", check=False)


def _message(options: PublishOptions, settings, report: PublishReport, state: dict) -> str:
    dirty = " (termasuk perubahan lokal di content/ yang belum di-commit)" if report.dirty else ""
    return (f"Publikasi situs dari {report.source_commit}{dirty}\n\n"
            f"Waktu build (embargo): {report.now.isoformat()}\nSITEURL: {settings['SITEURL']}\n"
            f"Build: {'penuh' if report.full else 'inkremental'}\n\n{due.trailers(state)}")


def source_commit(repo: str) -> str:
    """The short hash of the source commit; CI variables stand in when git is absent (GitLab images)."""
    try:
        result = git(repo, "rev-parse", "--short", "HEAD", check=False)
    except OSError:
        result = None
    if result is not None and result.returncode == 0:
        dirty = git(repo, "status", "--porcelain", "--untracked-files=no", check=False).stdout.strip()
        return result.stdout.strip() + ("+perubahan-lokal" if dirty else "")
    for name in ("CI_COMMIT_SHORT_SHA", "GITHUB_SHA"):
        if os.environ.get(name):
            return os.environ[name][:7]
    return "tanpa-commit"


def _full_source(repo: str) -> str:
    try:
        return git(repo, "rev-parse", "HEAD", check=False).stdout.strip() or os.environ.get("CI_COMMIT_SHA", "")
    except OSError:
        return os.environ.get("CI_COMMIT_SHA", "")


def _git_fix(error: Exception) -> str:
    text = str(error)
    if "rejected" in text or "non-fast-forward" in text or "fetch first" in text:
        return "cabang publikasi berubah selama proses (publikasi lain?); jalankan lagi `invoke publish`"
    if "Could not read from remote" in text or "does not appear to be a git repository" in text:
        return "periksa nama remote (--remote) dan hak akses push"
    return "periksa pesan git di atas; cabang publikasi tidak diubah"
