"""CI files a security reviewer accepts, and the standard-library due check that scheduled runs start with."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GITHUB_WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
DUE = ROOT / "warta_ops" / "due.py"

sys.path.insert(0, str(ROOT))
from warta_ops.due import decide, inputs_digest, parse_trailers, trailers  # noqa: E402


def test_github_workflows_have_no_zizmor_finding_at_medium_or_above():
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--min-severity=medium", "--format=plain",
                             *map(str, GITHUB_WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


def test_zizmor_would_catch_an_unpinned_action(tmp_path):
    """The test above can fail: the same run flags a workflow with a tag instead of a commit."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/checkout@v4\n        with: {persist-credentials: false}\n")
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--min-severity=medium", str(bad)],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "unpinned-uses" in result.stdout


@pytest.mark.parametrize("schema, paths", [("vendor.github-workflows", GITHUB_WORKFLOWS),
                                           ("vendor.gitlab-ci", [ROOT / ".gitlab-ci.yml"])],
                         ids=["github", "gitlab"])
def test_ci_files_validate_against_their_hosts_schema(schema, paths):
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, paths)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- due check

NOW = "2026-11-24T12:00:00+08:00"


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "src"
    (repo / "content").mkdir(parents=True)
    (repo / "content" / "a.md").write_text("a\n")
    (repo / "README.md").write_text("x\n")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "user.name=u", "-c", "user.email=u@x",
                                                                 "commit", "-qm", "a"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    return repo


def _commit(repo: Path, name: str, text: str) -> None:
    (repo / name).write_text(text)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.name=u", "-c", "user.email=u@x", "commit", "-qm", name], cwd=repo, check=True)


def _due(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # No environment beyond PATH, and the system's python3: exactly what a job has before installing anything.
    return subprocess.run(["python3", str(DUE), "--now", NOW, *args], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin"})


def test_due_check_uses_the_standard_library_only():
    imported = subprocess.run(["python3", "-X", "importtime", str(DUE), "--help"], capture_output=True,
                              text=True, env={"PATH": "/usr/bin:/bin"}).stderr
    modules = {line.split("|")[-1].strip().split(".")[0] for line in imported.splitlines() if "|" in line}
    assert modules and not modules & {"pelican", "yaml", "jinja2", "warta_core", "warta_content", "invoke"}


def test_inputs_change_with_content_not_with_other_files(tmp_path):
    repo = _repo(tmp_path)
    before = inputs_digest(str(repo), "https://contoh.go.id")
    _commit(repo, "README.md", "lain\n")
    assert inputs_digest(str(repo), "https://contoh.go.id") == before
    assert inputs_digest(str(repo), "https://lain.go.id") != before
    _commit(repo, "content/a.md", "b\n")
    assert inputs_digest(str(repo), "https://contoh.go.id") != before


def test_decide_each_reason():
    now = __import__("datetime").datetime.fromisoformat(NOW)
    state = {"inputs": "abc", "next_due": "2026-11-25T00:00:00+08:00", "next_full": "2026-11-25T00:00:00+08:00"}
    assert decide({}, "abc", now)[:2] == (True, True)
    assert decide(state, "abc", now)[:2] == (False, False)
    assert decide(state, "changed", now)[:2] == (True, False)
    assert decide({**state, "next_due": "2026-11-24T11:00:00+08:00"}, "abc", now)[:2] == (True, False)
    assert decide({**state, "next_full": "2026-11-24T00:00:00+08:00"}, "abc", now)[:2] == (True, True)
    assert decide({**state, "next_due": "2026-11-24T13:00:00"}, "abc", now)[0]  # no offset: publish to be safe


def test_trailers_round_trip_through_a_commit_message():
    state = {"inputs": "abc", "next_due": "2026-11-25T00:00:00+08:00", "source": "f00"}
    assert parse_trailers(f"Publikasi situs dari f00\n\nWaktu build: x\n{trailers(state)}") == state


def test_due_from_the_publishing_branch_of_a_remote(tmp_path):
    repo = _repo(tmp_path)
    remote = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run(["git", "remote", "add", "origin", str(remote)], cwd=repo, check=True)
    assert _due("--branch", "gh-pages", cwd=repo).returncode == 0  # never published

    state = {"inputs": inputs_digest(str(repo)), "next_due": "2026-11-24T15:00:00+08:00",
             "next_full": "2026-11-25T00:00:00+08:00"}
    pages = subprocess.run(["git", "commit-tree", "-m", f"Publikasi\n\n{trailers(state)}",
                            subprocess.run(["git", "mktree"], cwd=repo, input="", capture_output=True, text=True,
                                           check=True).stdout.strip()],
                           cwd=repo, capture_output=True, text=True, check=True,
                           env={"PATH": "/usr/bin:/bin", "GIT_AUTHOR_NAME": "u", "GIT_AUTHOR_EMAIL": "u@x",
                                "GIT_COMMITTER_NAME": "u", "GIT_COMMITTER_EMAIL": "u@x"}).stdout.strip()
    subprocess.run(["git", "push", "-q", "origin", f"{pages}:refs/heads/gh-pages"], cwd=repo, check=True)

    quiet = _due("--branch", "gh-pages", cwd=repo)
    assert quiet.returncode == 1, quiet.stdout + quiet.stderr
    assert "Tidak jatuh tempo" in quiet.stdout
    assert _due("--branch", "gh-pages", "--now", "2026-11-24T15:00:00+08:00", cwd=repo).returncode == 0
    _commit(repo, "README.md", "hanya dokumentasi\n")
    assert _due("--branch", "gh-pages", cwd=repo).returncode == 1
    _commit(repo, "content/a.md", "rilis diperbaiki\n")
    assert _due("--branch", "gh-pages", cwd=repo).returncode == 0


def test_due_writes_github_outputs_and_summary(tmp_path):
    repo = _repo(tmp_path)
    state = tmp_path / "terbit.json"
    state.write_text(json.dumps({"inputs": inputs_digest(str(repo)), "next_due": "2026-11-24T11:00:00+08:00",
                                 "next_full": "2026-11-25T00:00:00+08:00"}))
    output, summary = tmp_path / "out", tmp_path / "summary"
    result = subprocess.run(["python3", str(DUE), "--now", NOW, "--state", str(state), "--github-output"], cwd=repo,
                            capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "GITHUB_OUTPUT": str(output),
                                 "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0
    assert output.read_text() == "due=true\nfull=false\n"
    assert "jatuh tempo" in summary.read_text()


def test_due_without_git_hashes_the_files_and_triggers_a_gitlab_pipeline(tmp_path):
    repo = _repo(tmp_path)
    received = []

    class Api(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            received.append((self.path, parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())))
            body = b'{"id": 7, "web_url": "http://gitlab.contoh/p/7"}'
            self.send_response(201)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Api)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        env = {"PATH": str(tmp_path / "no-git"), "CI_API_V4_URL": f"http://127.0.0.1:{server.server_port}/api/v4",
               "CI_PROJECT_ID": "12", "CI_JOB_TOKEN": "rahasia", "CI_COMMIT_REF_NAME": "main"}
        result = subprocess.run([sys.executable, str(DUE), "--now", NOW, "--state", str(tmp_path / "tidak-ada.json"),
                                 "--gitlab-trigger"], cwd=repo, capture_output=True, text=True, env=env)
        thread.join(10)
    finally:
        server.server_close()
    assert result.returncode == 0, result.stdout + result.stderr
    assert received == [("/api/v4/projects/12/trigger/pipeline",
                         {"token": ["rahasia"], "ref": ["main"], "variables[WARTA_PUBLISH_FULL]": ["true"]})]
    assert "http://gitlab.contoh/p/7" in result.stdout
