"""Reading release files into `Release` objects, collecting every problem on the way.

Files are read in a process pool when there are many, and each result is cached by the file's
size and modification time so that a rebuild re-reads only what changed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from functools import partial

import imagesize
from pydantic import ValidationError

from warta_core.problems import Problem
from warta_core.parallel import map_chunks
from . import render, yamlsource
from .release import LeadImage, Release
from .schema import SLUG, FrontMatter, validation_problems

FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)\.md$")
POOL_THRESHOLD = 200  # below this, starting worker processes costs more than it saves
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
               ".gif": "image/gif"}


def slugify(text: str) -> str:
    from unidecode import unidecode

    return re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-")


def split_front_matter(text: str, path: str):
    """(front matter text, first YAML line, body, problems)."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, 0, "", [Problem(path, 1, "front matter", "tidak ada front matter di awal berkas",
                                     "baris pertama harus '---', lalu kunci-kunci, lalu '---' lagi")]
    for index in range(1, len(lines)):
        if lines[index].strip() in {"---", "..."}:
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]), []
    return None, 0, "", [Problem(path, 1, "front matter", "front matter tidak ditutup",
                                 "tambahkan baris '---' setelah kunci terakhir, sebelum isi berita")]


def _known_keys(loc):
    if loc and loc[0] == "image":
        return ["src", "alt", "caption", "credit"]
    return list(FrontMatter.model_fields)


def _lead_image(meta, folder: str, opd: str, path: str, lines: dict, output_dir: str, problems):
    src = meta.src.replace("\\", "/")
    line = lines.get(("image", "src"), 1)
    if src.startswith(("/", "http:", "https:")) or ".." in src.split("/"):
        problems.append(Problem(path, line, "image.src", f"'{src}' bukan alamat gambar di folder OPD",
                                "simpan gambar di folder gambar/ di samping rilis, lalu tulis src: gambar/nama.jpg"))
        return None
    source = os.path.join(folder, src)
    extension = os.path.splitext(src)[1].lower()
    if extension not in IMAGE_TYPES:
        problems.append(Problem(path, line, "image.src", f"jenis berkas '{extension or src}' tidak didukung",
                                "pakai gambar .jpg, .png atau .webp"))
        return None
    try:
        length = os.path.getsize(source)
    except OSError:
        problems.append(Problem(path, line, "image.src", f"berkas gambar '{src}' tidak ditemukan",
                                f"unggah gambar ke {os.path.dirname(path)}/{src} atau perbaiki namanya "
                                "(huruf besar/kecil berpengaruh)"))
        return None
    width, height = imagesize.get(source)
    inside = src[len("gambar/"):] if src.startswith("gambar/") else src
    return LeadImage(source, f"{output_dir}/{opd}/{inside}", meta.alt, meta.caption, meta.credit,
                     width if width > 0 else None, height if height > 0 else None, length, IMAGE_TYPES[extension])


def read_release(source: str, path: str, opd: str, zone, options: dict):
    """Read one release file: (Release or None, problems)."""
    problems: list[Problem] = []
    with open(source, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [Problem(path, line, "berkas", "berkas bukan teks UTF-8 (ada karakter yang rusak)",
                              "simpan ulang berkas dengan encoding UTF-8, lalu ketik ulang huruf yang rusak")]
    text = text.replace("\r\n", "\n")
    if not text.strip():
        return None, [Problem(path, 1, "berkas", "berkas kosong",
                              "salin templat rilis (docs/templat-rilis.md) lalu isi")]
    match = FILE_NAME.match(os.path.basename(source))
    slug = match.group(2) if match else ""
    if not match or not SLUG.match(slug):
        problems.append(Problem(path, 1, "nama berkas", f"nama berkas '{os.path.basename(source)}' tidak sesuai pola",
                                "beri nama TAHUN-BULAN-TANGGAL-judul-singkat.md, huruf kecil dan tanda hubung, "
                                f"mis. 2026-11-20-{slugify(slug or 'judul-berita') or 'judul-berita'}.md"))
    front, first_line, body, found = split_front_matter(text, path)
    problems.extend(found)
    if front is None:
        return None, problems
    data, lines, found = yamlsource.load(front, path, first_line)
    problems.extend(found)
    if found and data is None:
        return None, problems
    if not isinstance(data, dict):
        problems.append(Problem(path, first_line, "front matter", "front matter kosong atau bukan daftar kunci",
                                "tulis kunci seperti title:, date:, region:, author:"))
        return None, problems
    body_line = first_line + len(front.split("\n")) + 1
    if not body.strip():
        problems.append(Problem(path, body_line, "isi", "isi berita kosong",
                                "tulis isi berita di bawah baris '---' penutup"))
    try:
        meta = FrontMatter.model_validate(data, context={"zone": zone})
    except ValidationError as error:
        problems.extend(validation_problems(error, path, lines, _known_keys))
        return None, problems
    image = None
    if meta.image:
        image = _lead_image(meta.image, os.path.dirname(source), opd, path, lines, options["image_dir"], problems)
    if problems:
        return None, problems
    # Rendering cannot fail, so a check that only validates skips it (most of the reading time).
    body_html, lead = render.render(body, options["iframe_hosts"]) if options.get("render", True) else ("", "")
    summary = render.shorten(meta.summary or lead)
    image_stamp = (image.length, os.stat(image.source).st_mtime_ns) if image else None
    fingerprint = hashlib.blake2b(raw + repr(image_stamp).encode(), digest_size=16).hexdigest()
    tags = tuple(dict.fromkeys(tag for tag in meta.tags if slugify(tag)))
    release = Release(
        source=path, opd=meta.opd or opd, slug=slug, title=meta.title, date=meta.date, modified=meta.modified,
        regions=tuple(dict.fromkeys(meta.region)), author=meta.author, editor=meta.editor, summary=summary,
        image=image, tags=tags, tag_slugs=tuple(slugify(tag) for tag in tags), status=meta.status,
        correction=meta.correction, body_html=body_html, explicit_id=meta.id, fingerprint=fingerprint,
        field_lines={key[0]: line for key, line in lines.items() if len(key) == 1},
    )
    return release, []


def _read_chunk(jobs, zone, options):
    return [(job, read_release(*job, zone, options)) for job in jobs]


class ReleaseCache:
    """Read results keyed by (path, size, mtime), stored between builds in the cache folder."""

    VERSION = 1

    def __init__(self, path: str | None, salt: str):
        self.path = path
        self.salt = salt
        self.entries: dict = {}
        if path:
            try:
                with open(path, "rb") as handle:
                    stored = pickle.load(handle)
                if stored.get("version") == self.VERSION and stored.get("salt") == salt:
                    self.entries = stored["entries"]
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, KeyError, TypeError):
                self.entries = {}

    BACKGROUND_ENTRIES = 2000  # from here on, pickling takes long enough to hand to another process

    def save(self, entries: dict) -> None:
        if not self.path:
            return
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        if len(entries) < self.BACKGROUND_ENTRIES:
            self._write(entries)
            return
        # Nothing in this build reads the cache again, so a detached grandchild writes it while the
        # build goes on (about a second at 20,000 releases). The file is replaced atomically; a cache
        # that is late or missing only means files are read again.
        child = os.fork()
        if child == 0:
            try:
                if os.fork() == 0:
                    self._write(entries)
            finally:
                os._exit(0)
        os.waitpid(child, 0)

    def _write(self, entries: dict) -> None:
        tmp = f"{self.path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as handle:
            pickle.dump({"version": self.VERSION, "salt": self.salt, "entries": entries}, handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)


def read_all(jobs: list[tuple[str, str, str]], zone, options: dict, cache: ReleaseCache, workers: int):
    """Read every (source, path, opd) job: a list of (job, (release, problems)) in job order."""
    results: dict = {}
    fresh: dict = {}
    pending = []
    for job in jobs:
        try:
            stat = os.stat(job[0])
        except OSError:
            continue
        stamp = (job, stat.st_size, stat.st_mtime_ns)
        cached = cache.entries.get(stamp)
        # A cached result is reused only if its lead image has not changed either.
        if cached is not None and _image_unchanged(cached[0]):
            results[job] = cached
            fresh[stamp] = cached
        else:
            pending.append((job, stamp))
    jobs_pending = [job for job, _ in pending]
    chunks = map_chunks(partial(_read_chunk, zone=zone, options=options), jobs_pending, workers,
                        min_items=POOL_THRESHOLD, min_chunk=20, label="Membaca rilis")
    for (job, result), (_, stamp) in zip((item for chunk in chunks for item in chunk), pending):
        results[job] = result
        fresh[stamp] = result
    # Only clean results are cached: a file with problems is read again until it is fixed.
    kept = {stamp: result for stamp, result in fresh.items() if result[0] is not None}
    if kept.keys() != cache.entries.keys():
        cache.save(kept)
    return [(job, results[job]) for job in jobs if job in results]


def _image_unchanged(release: Release | None) -> bool:
    if release is None or release.image is None:
        return True
    try:
        stat = os.stat(release.image.source)
    except OSError:
        return False
    return stat.st_size == release.image.length
