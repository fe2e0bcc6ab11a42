"""Atomic builds: Pelican writes into a staging folder that replaces `output/` only on success.

A build that fails or is killed leaves the previous `output/` exactly as it was. Files whose bytes
or render keys did not change are hard-linked from the previous output (see `warta_core.output`).
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass

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


def build(settings_file: str, output: str = "output", overrides: dict | None = None,
          incremental: bool = True) -> BuildResult:
    """Build the site with `settings_file` into `output`; raises on any failure, leaving `output` alone."""
    from pelican import Pelican
    from pelican.settings import read_settings

    started = time.perf_counter()
    output = os.path.abspath(output)
    os.makedirs(os.path.dirname(output), exist_ok=True)
    recover(output)
    overrides = dict(overrides or {})
    settings = read_settings(settings_file, override={**overrides, "OUTPUT_PATH": output})
    # Defaults and environment first, then this call's own overrides, which win over both.
    with_defaults(settings)
    settings.update(overrides)
    cache_dir = os.path.abspath(settings["WARTA_CACHE_DIR"] or DEFAULTS["WARTA_CACHE_DIR"])
    keys_path = _state_path(cache_dir, output, "keys")
    state_path = _state_path(cache_dir, output, "inputs")
    previous = output if (incremental and os.path.isdir(output)) else None
    now = build_now(settings)
    # Taken before anything runs: a file edited during the build makes the next build run again.
    sources = sources_key(settings)
    state = load_keys(state_path) if previous else {}
    if state and state.get("key") == input_key(sources, settings, state.get("release_dates", []), now):
        return BuildResult(output, time.perf_counter() - started, 0, 0, skipped=True)
    staging = tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=os.path.dirname(output))
    settings["OUTPUT_PATH"] = staging
    # Every part of the build sees the same instant, and the key below is taken for that instant.
    settings["WARTA_NOW"] = now
    writer = OutputWriter(staging, previous, load_keys(keys_path) if previous else {})
    settings["WARTA_OUTPUT_WRITER"] = writer
    settings["WARTA_CACHE_DIR"] = cache_dir if incremental else None
    # Pelican's own summary counts its article generator, which Warta replaces: it would say 0.
    from pelican.log import console

    quiet, console.quiet = console.quiet, True
    try:
        Pelican(settings).run()
        swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        console.quiet = quiet
    save_keys(keys_path, writer.keys)
    dates = writer.facts.get("release_dates", [])
    save_keys(state_path, {"key": input_key(sources, settings, dates, now), "release_dates": dates})
    return BuildResult(output, time.perf_counter() - started, len(writer.written), len(writer.reused))
