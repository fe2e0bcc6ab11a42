"""Atomic builds: Pelican writes into a staging folder that replaces `output/` only on success.

A build that fails or is killed leaves the previous `output/` exactly as it was. Files whose bytes
or render keys did not change are hard-linked from the previous output (see `warta_core.output`).
One build at a time per folder (a lock), never into the sources (refused), and the state the next
build trusts (render keys, input key) names the folder it describes, so it is only ever used with
the very output it was saved for, whatever happened around the swap.
"""

from __future__ import annotations

import fcntl
import glob
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from warta_core.clock import build_now
from warta_core.output import OutputWriter, load_keys, save_keys
from warta_core.settings import DEFAULTS, with_defaults

from .inputs import input_key, sources_key

logger = logging.getLogger(__name__)
STAGING_PREFIX = ".warta-build-"


@dataclass
class BuildResult:
    output: str
    seconds: float
    written: int
    reused: int
    skipped: bool = False  # nothing the build reads had changed: output/ was left as it was
    release_dates: list = field(default_factory=list)  # sorted timestamps of every valid release and pin end
    content: object = None  # the loaded content (None when skipped), for the publishing gates


class BuildRefused(Exception):
    """The build did not start (another one runs, or the output would destroy sources); one Indonesian line."""


LOCK_NAME = ".warta-build.lock"


@contextmanager
def build_lock(output: str):
    """One build at a time next to `output`: builds there share the staging folders that `recover` clears."""
    parent = os.path.dirname(os.path.abspath(output))
    with exclusive(os.path.join(parent, LOCK_NAME),
                   f"Build lain sedang berjalan di {parent}; {os.path.basename(output)}/ tidak diubah. "
                   "Tunggu sampai build itu selesai, lalu jalankan lagi."):
        yield


@contextmanager
def exclusive(lock_file: str, refusal: str):
    """Hold `lock_file` or raise BuildRefused(refusal) at once: a second run never waits behind a first."""
    try:
        os.makedirs(os.path.dirname(lock_file), exist_ok=True)
        handle = open(lock_file, "a+b")
    except OSError as error:  # a folder or a dangling link where the lock file goes
        raise BuildRefused(f"berkas kunci {lock_file} tidak dapat dibuka ({error.strerror}); hapus "
                           "lalu jalankan lagi") from None
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildRefused(refusal) from None
        yield
    finally:
        handle.close()  # closing releases the lock; a killed run releases it too


def protected_paths(settings, project: str) -> list[tuple[str, bool]]:
    """(path, whether an output may lie inside it): sources, theme, plugins and the project itself."""
    paths = [(settings["PATH"], False), (settings["THEME"], False), (project, True),
             (os.path.join(project, ".git"), False), (os.path.dirname(os.path.abspath(__file__)), False)]
    paths += [(os.path.join(project, folder) if not os.path.isabs(folder) else folder, False)
              for folder in settings.get("PLUGIN_PATHS") or ()]
    return [(os.path.realpath(path), inside_allowed) for path, inside_allowed in paths]


def refuse_destructive(target: str, settings, project: str, what: str = "--output") -> None:
    """Refuse an output that is, contains, or lies inside what a build reads: it would be replaced by the site."""
    real = os.path.realpath(target)
    for path, inside_allowed in protected_paths(settings, project):
        contains = real == path or path.startswith(real.rstrip(os.sep) + os.sep)
        inside = real.startswith(path.rstrip(os.sep) + os.sep)
        if contains or (inside and not inside_allowed):
            relation = "adalah" if real == path else ("berisi" if contains else "berada di dalam")
            raise BuildRefused(f"{what} {target} {relation} {path}, yang akan tertimpa situs; tidak ada yang diubah. "
                               "Pilih folder tersendiri, mis. output atau public.")


def _state_path(cache_dir: str, output: str, kind: str) -> str:
    name = hashlib.blake2b(os.path.abspath(output).encode(), digest_size=8).hexdigest()
    return os.path.join(cache_dir, f"{kind}-{name}.json")


def recover(output: str) -> None:
    """Undo what a build killed mid-swap or mid-run left behind."""
    parent = os.path.dirname(os.path.abspath(output))
    old = os.path.abspath(output) + ".old"
    if not os.path.exists(output) and os.path.isdir(old):
        os.rename(old, output)
    for stale in glob.glob(os.path.join(parent, STAGING_PREFIX + "*")):
        shutil.rmtree(stale, ignore_errors=True)


def swap(staging: str, output: str) -> None:
    old = os.path.abspath(output) + ".old"
    if os.path.exists(old):
        shutil.rmtree(old)
    if os.path.exists(output):
        os.rename(output, old)
    os.rename(staging, output)
    # Deleting tens of thousands of old files takes a while and nothing waits for it: hand the
    # folder to a background `rm` under a staging name, which the next build clears if it is left.
    trash = tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=os.path.dirname(os.path.abspath(output)))
    if os.path.exists(old):
        os.rename(old, os.path.join(trash, "old"))
    # The shell returns at once and leaves `rm` running on its own, so no child is left to reap.
    subprocess.run(["sh", "-c", 'rm -rf "$1" >/dev/null 2>&1 &', "sh", trash], check=False)


def _folder_id(path: str) -> list[int] | None:
    """What names a folder across renames: the staging folder keeps it when it becomes `output/`."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_dev, info.st_ino]


def _load_state(path: str, output: str) -> dict:
    """State saved for the folder that is now `output`, or nothing (then everything is rendered)."""
    state = load_keys(path)
    return state if state.get("output") and state.get("output") == _folder_id(output) else {}


def build(settings_file: str, output: str = "output", overrides: dict | None = None,
          incremental: bool = True) -> BuildResult:
    """Build the site with `settings_file` into `output`; raises on any failure, leaving `output` alone."""
    from pelican.settings import read_settings

    output = os.path.abspath(output)
    overrides = dict(overrides or {})
    settings = read_settings(settings_file, override={**overrides, "OUTPUT_PATH": output})
    # Defaults and environment first, then this call's own overrides, which win over both.
    with_defaults(settings)
    settings.update(overrides)
    refuse_destructive(output, settings, os.path.dirname(os.path.abspath(settings_file)))
    with build_lock(output):
        return _build(settings, output, incremental)


def _build(settings, output: str, incremental: bool) -> BuildResult:
    from pelican import Pelican

    started = time.perf_counter()
    recover(output)
    cache_dir = os.path.abspath(settings["WARTA_CACHE_DIR"] or DEFAULTS["WARTA_CACHE_DIR"])
    keys_path = _state_path(cache_dir, output, "keys")
    state_path = _state_path(cache_dir, output, "inputs")
    previous = output if (incremental and os.path.isdir(output)) else None
    now = build_now(settings)
    # Taken before anything runs: a file edited during the build makes the next build run again.
    sources = sources_key(settings)
    state = _load_state(state_path, output) if previous else {}
    if state and state.get("key") == input_key(sources, settings, state.get("release_dates", []), now):
        return BuildResult(output, time.perf_counter() - started, 0, 0, skipped=True,
                           release_dates=state.get("release_dates", []))
    staging = tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=os.path.dirname(output))
    settings["OUTPUT_PATH"] = staging
    # Every part of the build sees the same instant, and the key below is taken for that instant.
    settings["WARTA_NOW"] = now
    # Pelican creates the writer (warta_content answers its get_writer signal); it reuses what it can
    # of the previous output.
    plan = OutputWriter.plan(staging, previous, _load_state(keys_path, output).get("keys", {}) if previous else {})
    settings["WARTA_CACHE_DIR"] = cache_dir if incremental else None
    # Pelican's own summary counts its article generator, which Warta replaces: it would say 0.
    from pelican.log import console

    quiet, console.quiet = console.quiet, True
    try:
        Pelican(settings).run()
        writer = plan.writer
        if writer is None:
            raise RuntimeError("Pelican tidak memakai penulis Warta: plugin warta_content tidak aktif?")
        # Saved before the swap, for the staging folder by its identity: if the swap never happens,
        # the state names a folder that is not `output/` and the next build renders everything.
        folder = _folder_id(staging)
        save_keys(keys_path, {"output": folder, "keys": writer.keys})
        dates = writer.release_dates
        save_keys(state_path, {"output": folder, "key": input_key(sources, settings, dates, now),
                               "release_dates": dates})
        swap(staging, output)
    except BaseException:
        if plan.writer is not None:
            for job in plan.writer.background:  # search indexing still running for a failed build
                job.cancel()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        console.quiet = quiet
        OutputWriter.forget_plan(staging)
        if plan.writer is not None:
            plan.writer.forget()
    return BuildResult(output, time.perf_counter() - started, len(writer.written), len(writer.reused),
                       release_dates=dates, content=writer.content)
