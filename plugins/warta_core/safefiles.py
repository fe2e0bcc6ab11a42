"""Which files may be read as content: regular files whose real path lies inside the tree being read.

A symlink to `/etc/passwd`, `/proc/self/environ` or `/dev/zero`, a dangling symlink, a FIFO or a
device is never opened as content, an image or a template: each is a problem with its path, so
`invoke check` reports what the build would otherwise publish or crash on.
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache


class UnsafeFile(Exception):
    """A path that must not be read as content; `message` and `fix` are Indonesian, for a Problem."""

    def __init__(self, message: str, fix: str):
        self.message = message
        self.fix = fix
        super().__init__(message)


class TooLarge(UnsafeFile):
    def __init__(self, size: int, limit: int):
        self.size = size
        self.limit = limit
        super().__init__(f"berkas terlalu besar ({_megabytes(size)}, batas {_megabytes(limit)})",
                         "perkecil berkasnya; batas diatur di pengaturan situs")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bita".replace(",", ".")


@lru_cache(maxsize=4096)
def _real_folder(path: str) -> str:
    return os.path.realpath(path)


def forget_folders() -> None:
    """Resolve folders afresh: called at the start of every read of the content tree."""
    _real_folder.cache_clear()


def _realpath(path: str) -> str:
    # Thousands of files share a few dozen folders: resolve each folder once per read of the tree.
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(_real_folder(folder), name)


def is_inside(path: str, root: str) -> bool:
    """Whether `path` (already resolved) lies inside the resolved `root`."""
    root = _real_folder(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def safe_regular_file(path: str, root: str) -> str:
    """The real path of `path` if it is a regular file inside `root`; raises UnsafeFile otherwise.

    Raises FileNotFoundError when nothing at all is at `path`, so callers keep their own "not
    found" message (with its hint about letter case).
    """
    info = os.lstat(path)  # FileNotFoundError propagates
    real = os.path.realpath(path) if stat.S_ISLNK(info.st_mode) else _realpath(path)
    if stat.S_ISLNK(info.st_mode):
        if not os.path.exists(real):
            raise UnsafeFile("tautan simbolik (symlink) rusak: tujuannya tidak ada",
                             "hapus symlink itu dan simpan berkas aslinya di tempat ini")
        if not is_inside(real, root):
            raise UnsafeFile("tautan simbolik (symlink) menunjuk ke luar folder situs",
                             "hapus symlink itu dan simpan salinan berkas aslinya di tempat ini")
    elif not is_inside(real, root):
        raise UnsafeFile("berkas berada di luar folder situs", "simpan berkas di dalam folder situs")
    if not stat.S_ISREG((os.stat(real) if stat.S_ISLNK(info.st_mode) else info).st_mode):
        raise UnsafeFile("bukan berkas biasa (folder, perangkat atau pipa)",
                         "ganti dengan berkas biasa atau hapus")
    return real


def read_regular_file(path: str, root: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file inside `root`, at most `limit` of them (TooLarge beyond)."""
    real = safe_regular_file(path, root)
    # O_NOFOLLOW and the check on the open handle close the gap between the check and the read.
    descriptor = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile("bukan berkas biasa (folder, perangkat atau pipa)", "ganti dengan berkas biasa atau hapus")
        if limit is not None and info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        data = handle.read(limit + 1) if limit is not None else handle.read()
    if limit is not None and len(data) > limit:
        raise TooLarge(len(data), limit)
    return data


def unsafe_entries(root: str):
    """(relative path, UnsafeFile) for every entry under `root` that a build must not read or copy.

    Symlinks are fine when they resolve to a regular file or folder inside `root`; dangling ones,
    ones that leave the tree, FIFOs, sockets and devices are not. Plain files and folders cost no
    system call beyond listing their folder.
    """
    root_real = _real_folder(os.path.abspath(root))
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
                continue
            if entry.is_file(follow_symlinks=False):
                continue
            if entry.is_symlink():
                real = os.path.realpath(entry.path)
                if os.path.isdir(real) and is_inside(real, root_real):
                    continue
            try:
                safe_regular_file(entry.path, root_real)
            except UnsafeFile as error:
                yield os.path.relpath(entry.path, root), error
            except FileNotFoundError:
                continue
