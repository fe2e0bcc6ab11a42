"""From a fresh clone, a Pemda sets up its own site and everything still passes (issue #13, done when).

The clone is of the working tree (every file git tracks or would track, as committed), so the test
proves what is being changed, not the last commit. In it `invoke init` sets up Kabupaten Bangka
(WIB) without the demo; then `invoke build`, `invoke check` and a part of the test suite run there:
the tests that build the demo from its fixture, and those that check the project's own files. The
whole suite, run the same way by hand, is what `make test` runs after `invoke init`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from sitebuild import ROOT

# Fast, and each reads what `invoke init` changes: the project's settings, content/, CODEOWNERS.
SUITE_PART = [
    "tests/test_demo.py",
    "tests/test_site_links.py",
    "tests/test_withdrawn.py",
    "tests/test_publish.py::test_committed_codeowners_matches_the_opd_registry",
    "tests/test_pelican_native.py::test_pelican_builds_the_same_bytes_as_invoke_build",
    "tests/test_writer_tools.py",
]
# Installed once for the project, shared with the clone as a new checkout's `make` would install them.
INSTALLED = (".venv", "node_modules")


def working_tree_clone(target: Path) -> Path:
    """A new git repository holding the working tree's files: tracked, and untracked but not ignored."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if name.split("/")[0] in INSTALLED or not os.path.lexists(source):  # deleted, not yet committed
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name, follow_symlinks=False)
    for name in INSTALLED:
        if (ROOT / name).exists():
            (target / name).symlink_to((ROOT / name).resolve())
    identity = ["-c", "user.name=Uji", "-c", "user.email=uji@example.org"]
    for command in (["init", "--quiet", "--initial-branch=main"], ["add", "-A"], [*identity, "commit", "--quiet", "-m", "klon"]):
        subprocess.run(["git", *command], cwd=target, check=True, capture_output=True)
    return target


def run(clone: Path, *command: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("WARTA_", "PYTEST_"))}
    result = subprocess.run([sys.executable, "-m", *command], cwd=clone, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


def test_a_fresh_clone_set_up_for_kabupaten_bangka_builds_checks_and_passes_the_tests(tmp_path):
    clone = working_tree_clone(tmp_path / "warta")
    run(clone, "invoke", "init", "--region", "Kabupaten Bangka", "--domain", "berita.bangka.go.id")
    regions = yaml.safe_load((clone / "content/data/region.yml").read_text(encoding="utf-8"))
    assert regions[0]["code"] == "19.01" and not (clone / "content/berita/dinkes").exists()
    assert 'WARTA_DEMO_NOTICE = ""' in (clone / "pelicanconf.py").read_text(encoding="utf-8")

    built = run(clone, "invoke", "build")
    assert "Situs dibangun" in built.stdout and (clone / "output/index.html").is_file()
    home = (clone / "output/index.html").read_text(encoding="utf-8")
    assert "Warta Bangka" in home and "Situs demo" not in home
    assert "Konten valid: 0 rilis, 1 OPD, 9 wilayah" in run(clone, "invoke", "check").stdout
    run(clone, "invoke", "codeowners", "--check")

    tests = run(clone, "pytest", "-q", "-p", "no:cacheprovider", "-m", "not browser", *SUITE_PART, timeout=600)
    summary = tests.stdout.strip().splitlines()[-1]
    assert "failed" not in summary and "error" not in summary and " passed" in summary, tests.stdout[-4000:]
