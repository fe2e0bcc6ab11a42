"""The read cache: releases read by earlier builds, reused while their files are unchanged.

The cache is untrusted input (a CI cache can be restored from anywhere, a disk can truncate it), so
it is plain JSON, which cannot run code when loaded, behind a header with a format version, the
salt of the code and settings that read it, and a checksum of the rest. A cache that does not
verify is ignored and every release is read again; it can never change what a page says.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os

from .release import Attachment, Photo, Release, media_fingerprint
from .schema import FrontMatter

logger = logging.getLogger(__name__)

FORMAT = "warta-read-cache"
VERSION = 5
# Derived after reading (identity, related) or from other fields (url, save_as): never stored.
_SKIPPED = {"identity", "preview_label", "related", "url", "save_as"}
_PHOTO_FIELDS = [name for name in Photo.__dataclass_fields__ if name not in Photo.DERIVED]
_MEDIA = ("gallery", "body_photos", "attachments")
BACKGROUND_ENTRIES = 2000  # from here on, writing takes long enough to hand to another process


def _encode(release: Release) -> dict:
    record = {name: getattr(release, name) for name in Release.__dataclass_fields__ if name not in _SKIPPED}
    # The front matter as a writer could have typed it (only the keys they typed): decoding validates
    # it again like a file's.
    record["meta"] = release.meta.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if release.image is not None:
        record["image"] = _encode_photo(release.image)
    record["gallery"] = [_encode_photo(photo) for photo in release.gallery]
    record["body_photos"] = [_encode_photo(photo) for photo in release.body_photos]
    record["attachments"] = [{name: getattr(item, name) for name in Attachment.__dataclass_fields__}
                             for item in release.attachments]
    return record


def _encode_photo(photo: Photo) -> dict:
    # What is published (variants) is derived after reading and never stored here.
    return {name: getattr(photo, name) for name in _PHOTO_FIELDS}


def _decode_photo(record: dict) -> Photo:
    return Photo(**{**record, "stamp": tuple(record["stamp"])})


def _decode(record: dict, validation: dict) -> Release:
    record = dict(record)
    record["meta"] = FrontMatter.model_validate(record["meta"], context=validation)
    for name, value in record.items():
        if isinstance(value, list):  # JSON has no tuples; the model's sequences are tuples
            record[name] = _tuples(value)
    if record["image"] is not None:
        record["image"] = _decode_photo(record["image"])
    record["gallery"] = tuple(_decode_photo(photo) for photo in record["gallery"])
    record["body_photos"] = tuple(_decode_photo(photo) for photo in record["body_photos"])
    record["attachments"] = tuple(Attachment(**{**item, "stamp": tuple(item["stamp"])})
                                  for item in record["attachments"])
    return Release(**record)


def _tuples(value):
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def _stamp(path: str) -> tuple | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _same_content(source: str, record: dict) -> bool:
    """The release file and its photos still hold the bytes `record` was read from (its fingerprint)."""
    image = record["image"]
    photos = ([image] if image is not None else []) + list(record["gallery"]) + list(record["body_photos"])
    try:
        if os.path.islink(source):
            return False
        with open(source, "rb") as handle:
            raw = handle.read()
        for photo in photos:
            if os.path.islink(photo["source"]):
                return False
            with open(photo["source"], "rb") as handle:
                if hashlib.blake2b(handle.read(), digest_size=16).hexdigest() != photo["digest"]:
                    return False
        for item in record["attachments"]:
            if os.path.islink(item["source"]) or os.path.getsize(item["source"]) != item["length"]:
                return False
    except OSError:
        return False
    return hashlib.blake2b(raw + repr(media_fingerprint(photos, record["attachments"])).encode(),
                           digest_size=16).hexdigest() == record["fingerprint"]


class ReleaseCache:
    """Releases by (source, path, opd) job, valid while the file, its photos and attachments are unchanged."""

    def __init__(self, path: str | None, salt: str, validation: dict):
        self.path = path
        self.salt = salt
        self.validation = validation  # the context FrontMatter is validated with (zone, limits)
        self.records: dict[tuple, dict] = {}
        self.hits: set[tuple] = set()
        if path:
            self.records = self._load(path)

    def _load(self, path: str) -> dict:
        try:
            with open(path, "rb") as handle:
                header_line = handle.readline(4096)
                header = json.loads(header_line)
                if header.get("format") != FORMAT or header.get("version") != VERSION or header.get("salt") != self.salt:
                    return {}
                body = handle.read(int(header["length"]) + 1)
            if len(body) != header["length"] or hashlib.blake2b(body).hexdigest() != header["checksum"]:
                raise ValueError("checksum")
            return {tuple(job): record for job, record in json.loads(body)}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            logger.warning("Cache baca %s rusak dan diabaikan; semua rilis dibaca ulang.", path)
            return {}

    def get(self, job: tuple) -> Release | None:
        """The cached release of `job` if its file and lead image are still the ones it was read from.

        A file whose stamp changed is compared by content: a fresh clone (every CI run) gives every
        file a new inode and times, yet most hold the bytes the cache was made from.
        """
        record = self.records.get(job)
        if record is None:
            return None
        image = record["image"]
        media = ([image] if image is not None else []) + [item for name in _MEDIA for item in record.get(name, ())]
        same_stamps = _stamp(job[0]) == tuple(record["stamp"]) and all(
            _stamp(item["source"]) == tuple(item["stamp"]) for item in media)
        if not same_stamps and not _same_content(job[0], record):
            return None
        try:
            release = _decode(record, self.validation)
        except (ValueError, KeyError, TypeError):  # pydantic's ValidationError is a ValueError
            return None
        if same_stamps:
            self.hits.add(job)  # else the cache is written again with the new stamps
        else:
            release.stamp = _stamp(job[0])
            if release.image is not None:
                release.image.stamp = _stamp(release.image.source)
        return release

    def save(self, releases: dict[tuple, Release]) -> None:
        if not self.path:
            return
        if releases.keys() == self.hits == self.records.keys():
            return  # every release came from the cache as it is
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        if len(releases) < BACKGROUND_ENTRIES:
            self._write(releases)
            return
        # Nothing in this build reads the cache again, so a detached grandchild writes it while the
        # build goes on. The file is replaced atomically; a cache that is late or missing only means
        # files are read again.
        child = os.fork()
        if child == 0:
            try:
                if os.fork() == 0:
                    self._write(releases)
            finally:
                os._exit(0)
        os.waitpid(child, 0)

    def _write(self, releases: dict[tuple, Release]) -> None:
        records = [(list(job), _encode(release)) for job, release in releases.items()]
        body = json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = {"format": FORMAT, "version": VERSION, "salt": self.salt, "length": len(body),
                  "checksum": hashlib.blake2b(body).hexdigest()}
        tmp = f"{self.path}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as handle:
                handle.write(json.dumps(header).encode() + b"\n")
                handle.write(body)
            os.replace(tmp, self.path)
        except OSError:
            # A cache that cannot be written (disk full) only costs the next build its reuse.
            try:
                os.unlink(tmp)
            except OSError:
                pass
