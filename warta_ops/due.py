"""Is a publish due? Standard library only: scheduled jobs run it before installing anything.

A publish is due when the site's inputs (content, theme, code, settings, pinned dependencies, the
public address) differ from those of the last publish, or when a moment the last publish wrote
down has passed: the next embargo or end of a pinned headline, or midnight (the statistics change with the day, and the first
run of a day rebuilds everything as a check).

The last publish's record is the state file every publish writes (`--state`; CI keeps it in a
tiny cache of its own, a server on its disk). A publish that found nothing to change writes it too,
so the next run is not due again for the same reason. When the file is missing (first run, cache
expired), the trailers of the publishing branch's newest commit stand in (`--branch gh-pages`).
Inputs are compared by git tree ids, so a clone without file contents (`--filter=blob:none`,
sparse) is enough.

    python3 warta_ops/due.py --state .warta-state/terbit.json --branch gh-pages [--github-output]
    python3 warta_ops/due.py --state /var/lib/warta/terbit.json

Exit status 0: due (also when it cannot tell: publishing again is always safe); 1: nothing due.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime, timezone

# What shapes the published site. Files elsewhere (README, tests, docs, workflows) never make a publish due.
INPUT_PATHS = ("content", "theme", "branding", "plugins", "warta_ops", "pelicanconf.py", "publishconf.py", "requirements.txt",
               "tasks.py")
TRAILERS = {"inputs": "Warta-Inputs", "next_due": "Warta-Next-Due", "next_full": "Warta-Next-Full",
            "source": "Warta-Source"}


def _git(repo: str, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def inputs_digest(repo: str = ".", siteurl: str = "", cname: str = "") -> str:
    """One key for the inputs: the git ids of INPUT_PATHS at HEAD, the public address and the domain
    as CI variables give them (WARTA_SITEURL, WARTA_CNAME; the settings files are among the inputs).

    Where git is missing (GitLab's python images), the files themselves are hashed: the due check
    and the publish then run in the same image and agree; the prefix keeps the two kinds apart.
    """
    try:
        hasher = hashlib.sha256(b"git\0" + _git(repo, "ls-tree", "HEAD", "--", *INPUT_PATHS).encode())
    except FileNotFoundError:
        hasher = _files_digest(repo)
    hasher.update(f"\0{siteurl.rstrip('/')}\0{cname}".encode())
    return hasher.hexdigest()[:32]


def _files_digest(repo: str):
    hasher = hashlib.sha256(b"files\0")
    for top in INPUT_PATHS:
        root = os.path.join(repo, top)
        paths = [root] if os.path.isfile(root) else []
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(name for name in dirs if name != "__pycache__")
            paths += [os.path.join(folder, name) for name in sorted(names) if not name.endswith(".pyc")]
        for path in paths:
            with open(path, "rb") as handle:
                hasher.update(os.path.relpath(path, repo).encode() + b"\0" + hashlib.sha256(handle.read()).digest())
    return hasher


def trailers(state: dict) -> str:
    """The state as git trailers, for the end of a publishing commit's message."""
    return "".join(f"{TRAILERS[key]}: {state[key]}\n" for key in TRAILERS if state.get(key))


def parse_trailers(message: str) -> dict:
    names = {name.lower(): key for key, name in TRAILERS.items()}
    state = {}
    for line in message.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() in names and value.strip():
            state[names[name.strip().lower()]] = value.strip()
    return state


def state_from_branch(repo: str, remote: str, branch: str) -> dict:
    """The record in the newest commit of the remote publishing branch; {} when there is none yet."""
    if not _git(repo, "ls-remote", "--heads", remote, f"refs/heads/{branch}").strip():
        return {}
    # Only the commit object is needed: no trees, no files (GitHub and GitLab serve filtered fetches).
    partial = ["--filter=tree:0"] if _is_partial(repo, remote) else []
    _git(repo, "fetch", "--quiet", "--no-tags", "--depth=1", *partial, remote, f"refs/heads/{branch}")
    return parse_trailers(_git(repo, "log", "-1", "--format=%B", "FETCH_HEAD"))


def _is_partial(repo: str, remote: str) -> bool:
    result = subprocess.run(["git", "config", "--get", f"remote.{remote}.promisor"], cwd=repo, capture_output=True,
                            text=True)
    return result.stdout.strip() == "true"


def state_from_file(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            state = json.load(handle)
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def decide(state: dict, inputs: str, now: datetime) -> tuple[bool, bool, str]:
    """(due, full rebuild, reason in Indonesian) for the last publish's `state` at `now`."""
    if not state:
        return True, True, "belum ada catatan publikasi sebelumnya"
    if state.get("inputs") != inputs:
        full = _passed(state.get("next_full"), now)
        return True, full, "ada commit yang mengubah konten, tema, kode atau pengaturan sejak publikasi terakhir"
    if _passed(state.get("next_full"), now):
        return True, True, "hari berganti: statistik diperbarui dan situs dibangun ulang penuh sebagai pemeriksaan"
    if _passed(state.get("next_due"), now):
        return True, False, f"waktu terjadwal {state['next_due']} sudah lewat (embargo rilis atau akhir sorotan)"
    return False, False, f"tidak ada yang jatuh tempo; jadwal berikutnya {state.get('next_due') or '-'}"


def _passed(moment: str | None, now: datetime) -> bool:
    if not moment:
        return True
    try:
        when = datetime.fromisoformat(moment)
    except ValueError:
        return True
    if when.tzinfo is None:
        return True  # a record without an offset cannot be trusted: publish
    return now >= when


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Apakah publikasi jatuh tempo? Keluar 0: ya, 1: tidak.")
    parser.add_argument("--state", help="berkas catatan publikasi terakhir")
    parser.add_argument("--branch", help="cabang publikasi di remote, bila berkas catatan tidak ada (gh-pages)")
    parser.add_argument("--remote", default="origin")
    parser.add_argument("--repo", default=".")
    parser.add_argument("--siteurl", default=os.environ.get("WARTA_SITEURL", ""))
    parser.add_argument("--cname", default=os.environ.get("WARTA_CNAME", ""))
    parser.add_argument("--now", help="waktu pemeriksaan (ISO 8601 dengan zona), untuk uji")
    parser.add_argument("--github-output", action="store_true", help="tulis due=/full= ke $GITHUB_OUTPUT")
    parser.add_argument("--gitlab-trigger", action="store_true",
                        help="bila jatuh tempo, mulai pipeline publikasi di cabang ini dengan token job GitLab")
    args = parser.parse_args(argv)
    now = datetime.fromisoformat(args.now) if args.now else datetime.now(timezone.utc)
    try:
        inputs = inputs_digest(args.repo, args.siteurl, args.cname)
        state = state_from_file(args.state) if args.state else {}
        if not state and args.branch:
            state = state_from_branch(args.repo, args.remote, args.branch)
        due, full, reason = decide(state, inputs, now)
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        due, full, reason = True, False, f"tidak dapat memeriksa ({detail.strip()}); publikasi dijalankan saja"
    print(f"{'Jatuh tempo' if due else 'Tidak jatuh tempo'}{' (build penuh)' if full else ''}: {reason}.")
    if args.github_output:
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as handle:
            handle.write(f"due={'true' if due else 'false'}\nfull={'true' if full else 'false'}\n")
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(f"**Jadwal publikasi:** {'jatuh tempo' if due else 'tidak jatuh tempo'} — {reason}.\n")
    if due and args.gitlab_trigger:
        _trigger_gitlab_pipeline(full)
    return 0 if due else 1


def _trigger_gitlab_pipeline(full: bool) -> None:
    """Start a pipeline on this branch (its `pages` job publishes) through GitLab's trigger API."""
    from urllib.parse import urlencode
    from urllib.request import urlopen

    url = f"{os.environ['CI_API_V4_URL']}/projects/{os.environ['CI_PROJECT_ID']}/trigger/pipeline"
    form = urlencode({"token": os.environ["CI_JOB_TOKEN"], "ref": os.environ["CI_COMMIT_REF_NAME"],
                      "variables[WARTA_PUBLISH_FULL]": "true" if full else "false"}).encode()
    with urlopen(url, data=form, timeout=30) as response:  # noqa: S310 (the address is GitLab's own API)
        pipeline = json.load(response)
    print(f"Pipeline publikasi dimulai: {pipeline.get('web_url', pipeline.get('id'))}")


if __name__ == "__main__":
    sys.exit(main())
