"""Small helpers shared by Warta's tests: locating external tools and running
the Nu HTML Checker (vnu).

External tools (chromium, java, vnu.jar, axe-core) are installed by
``.ci/run`` (system packages) and ``npm ci`` (package.json).  A test that
needs one calls :func:`require_tool`: under ``CI=true`` a missing tool is a
test failure, never a silent skip; on a developer machine it is a skip with a
message that says how to install it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import unquote, urlparse

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO_ROOT / "node_modules"

VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM_DEFAULT = Path("/usr/bin/chromium")

# How to get each tool, used in skip/fail messages.
INSTALL_HINTS = {
    "chromium": "apt-get install -y chromium (or run .ci/run)",
    "java": "apt-get install -y default-jre-headless (or run .ci/run)",
    "vnu.jar": "npm ci (package.json pins vnu-jar)",
    "axe-core": "npm ci (package.json pins axe-core)",
}


def in_ci() -> bool:
    """True when running in CI (env CI=true/1/yes)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _existing(path: str | os.PathLike | None) -> Path | None:
    if not path:
        return None
    p = Path(path)
    return p if p.is_file() else None


def find_chromium() -> Path | None:
    """Debian's chromium (WARTA_CHROMIUM overrides), else ``chromium`` on PATH."""
    override = os.environ.get("WARTA_CHROMIUM")
    if override:
        return _existing(override)
    return _existing(CHROMIUM_DEFAULT) or _existing(shutil.which("chromium"))


def find_java() -> Path | None:
    """The ``java`` launcher (WARTA_JAVA overrides), else ``java`` on PATH."""
    override = os.environ.get("WARTA_JAVA")
    if override:
        return _existing(override)
    return _existing(shutil.which("java"))


def find_vnu_jar() -> Path | None:
    return _existing(VNU_JAR)


def find_axe_js() -> Path | None:
    return _existing(AXE_JS)


def require_tool(name: str, path: str | os.PathLike | None) -> Path:
    """Return ``path`` as a Path if it exists.

    Otherwise: under CI (env CI=true) fail the test; elsewhere skip it with a
    message naming the tool and how to install it.
    """
    found = _existing(path)
    if found is not None:
        return found
    hint = INSTALL_HINTS.get(name, "")
    msg = f"required tool {name!r} not found" + (f" at {path}" if path else "")
    if hint:
        msg += f"; install with: {hint}"
    if in_ci():
        pytest.fail(msg + " [CI=true: a missing tool is a failure]", pytrace=False)
    pytest.skip(msg)


def _file_from_url(url: str) -> str:
    """vnu reports ``file:/abs/path``; turn it back into a path (relative to
    the repo root when possible) for readable messages."""
    if not url:
        return "<unknown>"
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return url
    p = Path(unquote(parsed.path))
    try:
        return str(p.relative_to(REPO_ROOT))
    except ValueError:
        return str(p)


def format_vnu_message(msg: dict) -> str:
    """``file:line:col: [type] message`` (plus the quoted extract if any)."""
    where = _file_from_url(msg.get("url", ""))
    line = msg.get("lastLine", msg.get("firstLine"))
    col = msg.get("firstColumn", msg.get("lastColumn"))
    if line is not None:
        where += f":{line}"
        if col is not None:
            where += f":{col}"
    text = f"{where}: {msg.get('message', '').strip()}"
    if msg.get("type") != "error":
        text += f" [{msg.get('type')}]"
    extract = (msg.get("extract") or "").strip()
    if extract:
        text += f"  «{' '.join(extract.split())[:160]}»"
    return text


def run_vnu_raw(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    extra_args: Sequence[str] = (),
    timeout: float = 600,
) -> list[dict]:
    """Run vnu with ``--errors-only --format json`` and return its raw message
    dicts (errors and non-document errors such as unreadable files).

    ``paths`` is one path or a list of HTML files and/or directories; if any
    is a directory, ``--skip-non-html`` is added so only *.html/*.htm files
    below it are checked.  ``extra_args`` go to vnu before the paths (e.g.
    ``["--filterpattern", "regex"]``).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if not paths:
        raise ValueError("run_vnu: no paths given")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"run_vnu: no such file or directory: {missing}")

    java = require_tool("java", find_java())
    jar = require_tool("vnu.jar", find_vnu_jar())

    cmd = [
        str(java),
        "-Dfile.encoding=UTF-8",
        "-Dstdout.encoding=UTF-8",
        "-Dstderr.encoding=UTF-8",
        "-Dsun.stdout.encoding=UTF-8",
        "-Dsun.stderr.encoding=UTF-8",
        # vnu needs a deep stack for its schema (it dies with
        # StackOverflowError below ~512k, and C1-compiled frames are larger).
        "-Xss8m",
        # C1 only: halves vnu's start-up and is faster even on a few hundred
        # pages, since the C2 compiler never pays off within one run.
        "-XX:TieredStopAtLevel=1",
        "-jar",
        str(jar),
        "--errors-only",
        "--format",
        "json",
        "--stdout",
    ]
    if any(p.is_dir() for p in paths):
        cmd.append("--skip-non-html")
    cmd.extend(extra_args)
    cmd.extend(str(p.resolve()) for p in paths)

    proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
    out = proc.stdout.decode("utf-8", "replace").strip()
    err = proc.stderr.decode("utf-8", "replace").strip()
    # vnu exits 0 (no errors) or 1 (errors reported); anything else, or
    # unparsable output, means vnu itself broke: never treat that as "valid".
    if proc.returncode not in (0, 1):
        raise RuntimeError(
            f"vnu failed (exit {proc.returncode}): {' '.join(cmd)}\n{err}\n{out}"
        )
    try:
        data = json.loads(out or err)
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            f"vnu printed no JSON (exit {proc.returncode}): {exc}\n"
            f"stdout: {out[:2000]}\nstderr: {err[:2000]}"
        ) from None
    messages = data.get("messages", [])
    if proc.returncode == 1 and not messages:
        raise RuntimeError(f"vnu exited 1 without messages\nstderr: {err[:2000]}")
    # --errors-only already drops info/warnings; keep anything else
    # (type "error", "non-document-error" e.g. an unreadable file).
    return [m for m in messages if m.get("type") != "info"]


def run_vnu(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    extra_args: Sequence[str] = (),
    timeout: float = 600,
) -> list[str]:
    """Validate HTML files/directories with vnu; return the errors as
    ``"file:line:col: message «extract»"`` strings (empty list = valid)."""
    return [format_vnu_message(m) for m in run_vnu_raw(paths, extra_args, timeout)]
