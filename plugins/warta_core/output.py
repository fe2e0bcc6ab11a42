"""Writing output files: only when the bytes change, reusing the previous build's file otherwise.

A build writes into an empty staging directory that replaces `output/` only when the whole build
succeeded (see `warta_ops.build`). A file whose bytes, or whose render key, are the same as in
the previous output is hard-linked from it instead of written, so unchanged files keep their inode
and modification time and a page whose inputs did not change is not even rendered.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pelican.writers import Writer


def digest(*parts: object) -> str:
    """A short, stable key for a page's inputs."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(repr(part).encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


@dataclass
class WriterPlan:
    """What a build (warta_ops.build) arranges for the writer Pelican will create for one output folder."""

    previous_path: str | None
    previous_keys: dict
    writer: OutputWriter | None = None  # the writer Pelican created, once it has


class OutputWriter(Writer):
    """Warta's writer: Pelican asks for it through `signals.get_writer` and hands it to every generator.

    It is Pelican's Writer (so Pelican's own generators could still write through it) with Warta's
    incremental writing on top. Pelican creates it with `(output_path, settings=...)`; a build that
    wants the previous output reused plans that beforehand with `OutputWriter.plan(...)`.
    """

    _plans: dict[str, WriterPlan] = {}
    _live: dict[str, OutputWriter] = {}

    def __init__(self, output_path: str, settings=None, previous_path: str | None = None,
                 previous_keys: dict | None = None):
        super().__init__(output_path, settings)
        plan = self._plans.pop(os.path.abspath(output_path), None) if settings is not None else None
        if plan is not None:
            previous_path, previous_keys, plan.writer = plan.previous_path, plan.previous_keys, self
        if settings is not None:
            # The run's writer, for receivers of Pelican's `finalized`, which is sent only the Pelican object.
            self._live[os.path.abspath(output_path)] = self
        self.previous_path = previous_path if previous_path and os.path.isdir(previous_path) else None
        self.previous_keys = previous_keys or {}
        self.keys: dict[str, str] = {}
        self.written: list[str] = []
        self.reused: list[str] = []
        self._folders: set[str] = set()
        # What the run learnt for after its pages are written:
        self.release_dates: list[float] = []  # every valid release's time and pin end: the build's skip check
        self.content = None  # every release and registry as loaded, for the publishing gates
        self.lastmod: dict[str, datetime] = {}  # page URL -> last change, for the sitemap
        self.unlisted: set[str] = set()  # pages that stay reachable but belong in no sitemap (redirects, withdrawn)
        self.background: list = []  # work still running (objects with wait()), finished at `finalized`

    @classmethod
    def plan(cls, output_path: str, previous_path: str | None, previous_keys: dict) -> WriterPlan:
        """Make the writer Pelican creates next for `output_path` reuse `previous_path`'s unchanged files."""
        plan = WriterPlan(previous_path, previous_keys)
        cls._plans[os.path.abspath(output_path)] = plan
        return plan

    @classmethod
    def previous_output(cls, output_path: str) -> str | None:
        """The output the coming run replaces: the one a build planned for its staging folder, else (a
        plain `pelican` run writes in place) the output folder itself, if it exists."""
        plan = cls._plans.get(os.path.abspath(output_path))
        if plan is not None:
            return plan.previous_path
        return output_path if os.path.isdir(output_path) else None

    @classmethod
    def forget_plan(cls, output_path: str) -> None:
        cls._plans.pop(os.path.abspath(output_path), None)

    @classmethod
    def for_output(cls, output_path: str) -> OutputWriter:
        writer = cls._live.get(os.path.abspath(output_path))
        if writer is None:
            raise RuntimeError(f"Tidak ada penulis Warta untuk {output_path}: plugin warta_content tidak aktif?")
        return writer

    def wait_background(self) -> None:
        """Wait for the run's background work (search indexing); the first failure is raised."""
        background, self.background = self.background, []
        for index, job in enumerate(background):
            try:
                job.wait()
            except BaseException:
                for other in background[index + 1:]:
                    other.cancel()
                raise

    def forget(self) -> None:
        """The run is over: `for_output` no longer finds this writer."""
        if self._live.get(os.path.abspath(self.output_path)) is self:
            del self._live[os.path.abspath(self.output_path)]

    def _target(self, relative: str) -> str:
        target = os.path.join(self.output_path, relative)
        folder = os.path.dirname(target)
        # Tens of thousands of files share a few thousand folders: create each one once.
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return target

    def _link_previous(self, relative: str) -> bool:
        if not self.previous_path:
            return False
        source = os.path.join(self.previous_path, relative)
        target = self._target(relative)
        try:
            if os.path.lexists(target):
                os.unlink(target)
            os.link(source, target)
        except FileNotFoundError:
            return False
        except OSError:
            return False
        self.reused.append(relative)
        return True

    def unchanged(self, relative: str, key: str) -> bool:
        """Reuse the previous file when its render key matches: the caller then skips rendering."""
        self.keys[relative] = key
        if self.previous_keys.get(relative) == key and self._link_previous(relative):
            return True
        return False

    def unchanged_tree(self, relative_dir: str, key: str) -> bool:
        """Reuse a whole folder of the previous output (a search bundle) when its key matches."""
        self.keys[relative_dir] = key
        if self.previous_keys.get(relative_dir) != key or not self.previous_path:
            return False
        source_root = os.path.join(self.previous_path, relative_dir)
        if not os.path.isdir(source_root):
            return False
        start = len(self.previous_path.rstrip(os.sep)) + 1
        for folder, _dirs, files in os.walk(source_root):
            for name in files:
                if not self._link_previous(os.path.join(folder, name)[start:]):
                    # All or nothing: whatever renders the folder instead must find it empty, never
                    # holding links to the live output that it would then write through.
                    shutil.rmtree(os.path.join(self.output_path, relative_dir), ignore_errors=True)
                    return False
        return True

    def write(self, relative: str, data: bytes | str, key: str | None = None) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        if key is not None:
            self.keys[relative] = key
        if self.previous_path:
            previous = os.path.join(self.previous_path, relative)
            try:
                if os.path.getsize(previous) == len(data) and Path(previous).read_bytes() == data:
                    if self._link_previous(relative):
                        return
            except OSError:
                pass
        target = self._target(relative)
        # A file already at `target` may be a hard link into the live output: never write through it.
        # Replace it by a new file, so a build that fails later leaves the live output byte-identical.
        if os.path.lexists(target):
            os.unlink(target)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        self.written.append(relative)

    def place(self, relative: str, source: str, key: str) -> None:
        """Publish an existing file (a cached derivative, an attachment) by hard link, or a copy across devices."""
        self.keys[relative] = key
        if self.previous_keys.get(relative) == key and self._link_previous(relative):
            return
        target = self._target(relative)
        if os.path.lexists(target):
            os.unlink(target)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        self.written.append(relative)

    def fork(self) -> "OutputWriter":
        """A writer for a worker process: same folders and previous keys, its own record of what it did."""
        return OutputWriter(self.output_path, previous_path=self.previous_path, previous_keys=self.previous_keys)

    def record(self) -> tuple[dict, list, list]:
        return self.keys, self.written, self.reused

    def merge(self, record: tuple[dict, list, list]) -> None:
        """Fold in what a worker process wrote."""
        keys, written, reused = record
        self.keys.update(keys)
        self.written.extend(written)
        self.reused.extend(reused)


def load_keys(path: str) -> dict:
    """A state file saved by `save_keys`; anything that does not verify reads as empty (render everything)."""
    try:
        with open(path, "rb") as handle:
            checksum, _, body = handle.read().partition(b"\n")
        if hashlib.blake2b(body).hexdigest().encode() != checksum:
            return {}
        state = json.loads(body)
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def save_keys(path: str, keys: dict) -> None:
    """JSON behind a checksum line: a truncated or altered file is never taken for a valid one."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    body = json.dumps(keys, sort_keys=True, separators=(",", ":")).encode()
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as handle:
            handle.write(hashlib.blake2b(body).hexdigest().encode() + b"\n" + body)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
