"""The publishing branch (gh-pages): one commit per publish that changes only what changed.

ghp-import writes every file of the site into each commit (`deleteall`, then all files through
`git fast-import`), which at 20,000 releases reads, compresses and stores 49,000 files per publish.
Here a persistent git index of the published folder serves as a stat cache: `git add -A` hashes
only files whose size or modification time changed (the build hard-links unchanged files, so they
keep both), `write-tree` gives the new tree, and the commit follows the remote branch's tip, so the
push is never forced. The tree is always exactly the folder's content, whatever the index held
before: an outdated or missing index costs time (files are hashed again), never a wrong site.

ghp-import remains the tool for full publishes (the first one, `--full`, the daily rebuild).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
# Files written this close to (or after) the index are never trusted by their stat data alone.
RACY_SECONDS = 2.0
# The index only serves as a stat cache: sizes and whole-second modification times are what survive
# a CI cache round trip (tar keeps them; inodes and change times differ on every machine).
STAT_CACHE = ("-c", "core.trustctime=false", "-c", "core.checkStat=minimal", "-c", "core.autocrlf=false",
              "-c", "core.excludesFile=/dev/null", "-c", "core.fileMode=true", "-c", "core.sparseCheckout=false")


class GitFailed(Exception):
    def __init__(self, args, detail: str):
        self.detail = detail
        super().__init__(f"git {' '.join(args)}: {detail}")


def git(repo: str, *args: str, check: bool = True, env: dict | None = None, input: str | bytes | None = None,
        text: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=text, env=env, input=input)
    if check and result.returncode != 0:
        detail = result.stderr if text else result.stderr.decode(errors="replace")
        raise GitFailed(args, detail.strip() or str(result.stdout).strip())
    return result


class PagesBranch:
    """`branch` on `remote`, published from `repo` (the source repository holds its objects)."""

    def __init__(self, repo: str, remote: str, branch: str):
        self.repo, self.remote, self.branch = repo, remote, branch

    # ------------------------------------------------------------ base

    def fetch_base(self) -> str | None:
        """The remote branch's tip, fetched (commits and trees only when the clone is partial), or None."""
        if not git(self.repo, "ls-remote", "--heads", self.remote, f"refs/heads/{self.branch}").stdout.split():
            return None
        promisor = git(self.repo, "config", "--get", f"remote.{self.remote}.promisor", check=False).stdout.strip()
        partial = ["--filter=blob:none"] if promisor == "true" else []
        git(self.repo, "fetch", "--quiet", "--no-tags", "--depth=1", *partial, self.remote,
            f"refs/heads/{self.branch}")
        return git(self.repo, "rev-parse", "FETCH_HEAD").stdout.strip()

    def local_base(self) -> str | None:
        found = git(self.repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{self.branch}^{{commit}}", check=False)
        return found.stdout.strip() or None

    def cname_entry(self, base: str | None) -> str | None:
        """`mode blob` of the base commit's CNAME, so a publish without a domain keeps the one in use."""
        if not base:
            return None
        listed = git(self.repo, "ls-tree", base, "--", "CNAME").stdout.split()
        return f"{listed[0]},{listed[2]}" if listed else None

    # ------------------------------------------------------------ trees

    def tree_of(self, site: str, index: str, cname: str | None, base: str | None) -> str:
        """The tree of `site` plus .nojekyll and CNAME, through the persistent `index` (updated on success).

        Every file that differs from `base` is hashed again and written to the object store: the
        commit then never names an object that exists neither here nor on the remote (an index
        restored from a cache may name files of a build that was never pushed). Should a hash differ
        from the index's, the index is stale: it is dropped and every file is hashed.
        """
        tree = self._tree_of(site, index, cname, base, reuse=True)
        if self._written(site, base, tree):
            return tree
        return self._tree_of(site, index, cname, base, reuse=False)

    def _written(self, site: str, base: str | None, tree: str) -> bool:
        """Hash and store every file of `tree` that `base` lacks; False when one disagrees with the tree."""
        old = f"{base}^{{tree}}" if base else EMPTY_TREE
        listed = git(self.repo, "diff-tree", "-r", "--no-renames", "-z", "--diff-filter=AMT", old, tree).stdout
        fields = listed.split("\0")
        expected = {}
        for meta, path in zip(fields[0::2], fields[1::2]):
            if path and path not in (".nojekyll", "CNAME"):
                expected[path] = meta.split()[3]
        if not expected:
            return True
        paths = list(expected)
        hashed = git(self.repo, "hash-object", "-w", "--no-filters", "--stdin-paths",
                     input="".join(os.path.join(os.path.abspath(site), path) + "\n" for path in paths)).stdout.split()
        return hashed == [expected[path] for path in paths]

    def _tree_of(self, site: str, index: str, cname: str | None, base: str | None, reuse: bool) -> str:
        scratch = f"{index}.{os.getpid()}.tmp"
        fresh: list[str] = []
        if reuse and os.path.exists(index):
            shutil.copyfile(index, scratch)
            fresh = _written_since(site, os.stat(index).st_mtime - RACY_SECONDS)
        env = {**os.environ, "GIT_INDEX_FILE": scratch, "GIT_WORK_TREE": os.path.abspath(site),
               "GIT_DIR": self._git_dir()}
        try:
            if fresh:
                # The stat cache compares whole seconds and sizes only, and the copy hides the index's own
                # time from git's racy-entry check: a file rewritten with the same length in the second the
                # index was written would pass as unchanged. Whatever was written since is hashed again.
                git(site, "update-index", "--force-remove", "-z", "--stdin", env=env,
                    input="".join(path + "\0" for path in fresh))
            git(site, *STAT_CACHE, "add", "--all", "--force", ".", env=env)
            extras = [f"100644,{self._blob(b'')},.nojekyll"]
            kept = self._blob(cname.encode()) if cname else None
            if kept:
                extras.append(f"100644,{kept},CNAME")
            elif self.cname_entry(base):
                extras.append(f"{self.cname_entry(base)},CNAME")
            for entry in extras:
                git(site, "update-index", "--add", "--cacheinfo", entry, env=env)
            # Blobs of unchanged files may live only on the remote (a partial clone): do not look for them.
            tree = git(site, "write-tree", "--missing-ok", env=env).stdout.strip()
            os.replace(scratch, index)
            return tree
        finally:
            if os.path.exists(scratch):
                os.unlink(scratch)

    def refresh_index(self, site: str, index: str, commit: str) -> None:
        """After a full publish: an index of `commit` whose stat data matches `site` (hashes every file once)."""
        scratch = f"{index}.{os.getpid()}.tmp"
        env = {**os.environ, "GIT_INDEX_FILE": scratch, "GIT_WORK_TREE": os.path.abspath(site),
               "GIT_DIR": self._git_dir()}
        try:
            git(site, "read-tree", commit, env=env)
            git(site, *STAT_CACHE, "update-index", "-q", "--refresh", env=env, check=False)
            os.makedirs(os.path.dirname(os.path.abspath(index)), exist_ok=True)
            os.replace(scratch, index)
        finally:
            if os.path.exists(scratch):
                os.unlink(scratch)

    def changed_paths(self, base: str | None, tree: str) -> list[str]:
        old = f"{base}^{{tree}}" if base else EMPTY_TREE
        listed = git(self.repo, "diff-tree", "-r", "--no-renames", "--name-only", "-z", old, tree).stdout
        return [path for path in listed.split("\0") if path]

    # ------------------------------------------------------------ commits

    def commit(self, tree: str, base: str | None, message: str) -> str:
        parents = ["-p", base] if base else []
        return git(self.repo, "commit-tree", tree, *parents, "-F", "-", input=message,
                   env=committer_env(self.repo)).stdout.strip()

    def ghp_import(self, site: str, message: str, cname: str | None, base: str | None, scratch_branch: str) -> str:
        """A full commit of `site` on `scratch_branch` (which starts at `base`) with ghp-import."""
        if base:
            git(self.repo, "update-ref", f"refs/heads/{scratch_branch}", base)
        command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--message", message, "--branch", scratch_branch]
        if not cname and self.cname_entry(base):
            cname = git(self.repo, "cat-file", "blob", self.cname_entry(base).split(",")[1]).stdout.strip()
        if cname:
            command += ["--cname", cname]
        result = subprocess.run([*command, site], cwd=self.repo, env=committer_env(self.repo), capture_output=True,
                                text=True)
        if result.returncode != 0 or "Failed" in result.stdout:
            raise GitFailed(("ghp-import",), (result.stderr or result.stdout).strip())
        commit = git(self.repo, "rev-parse", f"refs/heads/{scratch_branch}").stdout.strip()
        if commit == base:
            raise GitFailed(("ghp-import",), "ghp-import tidak membuat commit")
        return commit

    def push(self, commit: str) -> None:
        # No force: if someone published meanwhile, the push is refused and nothing changes.
        git(self.repo, "push", "--quiet", self.remote, f"{commit}:refs/heads/{self.branch}")

    def set_local(self, commit: str) -> None:
        git(self.repo, "update-ref", f"refs/heads/{self.branch}", commit)

    # ------------------------------------------------------------ helpers

    def _git_dir(self) -> str:
        return git(self.repo, "rev-parse", "--absolute-git-dir").stdout.strip()

    def _blob(self, data: bytes) -> str:
        return git(self.repo, "hash-object", "-w", "--stdin", input=data, text=False).stdout.decode().strip()


def _written_since(site: str, moment: float) -> list[str]:
    """Paths under `site` (relative, '/'-separated) whose content changed at or after `moment`."""
    found = []
    pending = [""]
    while pending:
        folder = pending.pop()
        with os.scandir(os.path.join(site, folder)) as entries:
            for entry in entries:
                relative = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append(relative)
                elif entry.stat(follow_symlinks=False).st_mtime >= moment:
                    found.append(relative)
    return found


def committer_env(repo: str) -> dict:
    """A fresh CI checkout has no git identity: commits then name Warta instead of failing."""
    env = dict(os.environ)
    if not git(repo, "config", "user.email", check=False).stdout.strip():
        for role in ("AUTHOR", "COMMITTER"):
            env.setdefault(f"GIT_{role}_NAME", "Warta")
            env.setdefault(f"GIT_{role}_EMAIL", "warta@localhost")
    return env
