"""The derivative cache: one folder per photo content and plan, kept between builds.

A folder's name is a hash of the photo's bytes and of the derivative settings, so a photo that did
not change is never decoded again, whatever its file is called or which release uses it; changing
a setting (widths, quality) makes new folders. The index of every folder's manifest is one small
file, read once per build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile

from .derive import Plan, derive


def derivative_key(digest: str, plan: Plan) -> str:
    return hashlib.blake2b(f"{digest}\0{plan.identity()}".encode(), digest_size=16).hexdigest()


class DerivativeStore:
    def __init__(self, root: str, plan: Plan):
        self.root = root
        self.plan = plan
        self.index_path = os.path.join(root, "index.json")
        try:
            with open(self.index_path, encoding="utf-8") as handle:
                self.index: dict[str, dict] = json.load(handle)
        except (OSError, ValueError):
            self.index = {}
        self._dirty = False

    def folder(self, key: str) -> str:
        return os.path.join(self.root, key[:2], key)

    def has(self, key: str) -> bool:
        return key in self.index and os.path.isdir(self.folder(key))

    def path(self, key: str, name: str) -> str:
        return os.path.join(self.folder(key), name)

    def make(self, job: tuple[str, str, int, int]) -> tuple[str, dict]:
        """Derive one photo into its folder (written aside, then renamed into place): (key, manifest)."""
        source, key, width, height = job
        final = self.folder(key)
        os.makedirs(os.path.dirname(final), exist_ok=True)
        work = tempfile.mkdtemp(prefix=f".{key}-", dir=os.path.dirname(final))
        try:
            manifest = derive(source, work, self.plan, width, height)
            with open(os.path.join(work, "manifest.json"), "w", encoding="utf-8") as handle:
                json.dump(manifest, handle)
            if os.path.isdir(final):
                shutil.rmtree(final)
            os.rename(work, final)
        finally:
            if os.path.isdir(work):
                shutil.rmtree(work, ignore_errors=True)
        return key, manifest

    def add(self, key: str, manifest: dict) -> None:
        self.index[key] = manifest
        self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        os.makedirs(self.root, exist_ok=True)
        tmp = f"{self.index_path}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(self.index, handle, sort_keys=True, separators=(",", ":"))
        os.replace(tmp, self.index_path)
        self._dirty = False
