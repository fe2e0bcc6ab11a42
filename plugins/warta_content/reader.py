"""Reading release files into `Release` objects, collecting every problem on the way.

Every file is checked to be a regular file inside the content tree, within the size limits and
free of characters XML forbids before its YAML is read. Files are read in a process pool when
there are many, and each result is cached (see `readcache`) so that a rebuild re-reads only what changed.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import partial

from pydantic import ValidationError

from warta_core.characters import describe, forbidden_characters, line_at
from warta_core.parallel import map_chunks
from warta_core.problems import Problem
from warta_core.safefiles import UnsafeFile, read_regular_file, safe_regular_file
from . import files, render, yamlsource
from .files import file_stamp
from .readcache import ReleaseCache
from .release import Release, media_fingerprint
from .schema import SLUG, FrontMatter, known_keys, slugify, validation_problems

FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)\.md$")
# Link targets in Markdown and HTML: [text](url), [label]: url, <https://...>, href="url".
LINK_TARGET = re.compile(r"""\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?([^\s>]+)|<(https?://[^>\s]+)>|"""
                         r"""\bhref\s*=\s*["']?([^"'\s>]+)""", re.M)
POOL_THRESHOLD = 200  # below this, starting worker processes costs more than it saves


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


def _media(meta, body: str, body_line: int, source: str, opd: str, path: str, lines: dict, options: dict,
           problems: list[Problem]):
    """(lead image, gallery, body photos, attachments), each checked by its bytes."""
    folder = os.path.dirname(source)
    image = None
    if meta.image:
        image = files.photo(meta.image.src, meta.image.alt, meta.image.caption, meta.image.credit, folder, opd, path,
                            lines.get(("image", "src"), 1), "image.src", options, problems)
    gallery = []
    for number, item in enumerate(meta.gallery):
        line = lines.get(("galeri", number, "src"), lines.get(("galeri", number), 1))
        found = files.photo(item.src, item.alt, item.caption, item.credit, folder, opd, path, line, "galeri.src",
                            options, problems)
        if found is not None:
            gallery.append(found)
    attachments = []
    for number, item in enumerate(meta.attachments):
        line = lines.get(("lampiran", number, "src"), lines.get(("lampiran", number), 1))
        found = files.attachment(item.src, item.title, folder, opd, path, line, "lampiran.src", options, problems)
        if found is not None:
            attachments.append(found)
    seen: dict[str, str] = {}
    for found in attachments:
        if found.url in seen and seen[found.url] != found.src:
            problems.append(Problem(path, lines.get(("lampiran",), 1), "lampiran.src",
                                    f"'{found.src}' dan '{seen[found.url]}' akan terbit di alamat yang sama",
                                    "beri salah satu berkas nama lain"))
        seen[found.url] = found.src
    body_photos = files.body_photos(body, body_line, folder, opd, path, options, problems)
    return image, tuple(gallery), tuple(body_photos), tuple(attachments)


def character_problems(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """One problem per line that holds a character XML forbids (it would crash every feed)."""
    problems, seen = [], set()
    for offset, char in forbidden_characters(text):
        line = line_at(text, offset, first_line)
        if line not in seen:
            seen.add(line)
            problems.append(Problem(path, line, "teks", f"karakter tak terlihat {describe(char)}",
                                    "hapus karakter itu (sering terbawa saat menyalin dari PDF atau Word): "
                                    "hapus lalu ketik ulang kata di sekitarnya"))
    return problems


# `&#12;` or `&#x0c;`: the HTML parser turns it into the character itself, which no feed may carry.
CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
# Python-Markdown recurses once per level of a nested list: some hundreds of levels exhaust the stack
# while rendering, which a check that does not render would never see. No release needs more than a few.
MAX_INDENT = 100


def _referenced(number: int) -> str:
    """The character an HTML parser makes of `&#number;` (the HTML standard's replacements included)."""
    if number == 0 or 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
        return "\ufffd"
    if 0x80 <= number <= 0x9F:
        try:
            return bytes([number]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return chr(number)


def body_problems(body: str, path: str, body_line: int) -> list[Problem]:
    """What the Markdown text would turn into only when rendered: forbidden characters and a too deep nesting."""
    problems, seen = [], set()
    if "&#" in body:
        for match in CHARACTER_REFERENCE.finditer(body):
            char = _referenced(int(match.group(1), 16) if match.group(1) else int(match.group(2)))
            line = line_at(body, match.start(), body_line)
            if forbidden_characters(char) and line not in seen:
                seen.add(line)
                problems.append(Problem(path, line, "teks",
                                        f"karakter tak terlihat {describe(char)} ditulis sebagai kode '{match.group()}'",
                                        "hapus kode itu"))
    for number, text in enumerate(body.split("\n")):
        indent = len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())
        if indent > MAX_INDENT and text.strip():
            problems.append(Problem(path, body_line + number, "isi",
                                    f"baris menjorok terlalu dalam ({indent} spasi, batas {MAX_INDENT})",
                                    "kurangi indentasinya: daftar bertingkat cukup beberapa tingkat"))
            break
    return problems


def value_problems(data, lines: dict, path: str, prefix: tuple = ()) -> list[Problem]:
    """Forbidden characters that YAML escapes (`"\\x0c"`) put into parsed values."""
    problems = []
    if isinstance(data, dict):
        for key, value in data.items():
            problems.extend(value_problems(value, lines, path, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            problems.extend(value_problems(value, lines, path, (*prefix, index)))
    elif isinstance(data, str):
        found = forbidden_characters(data)
        if found:
            field = ".".join(str(part) for part in prefix if not isinstance(part, int)) or "front matter"
            problems.append(Problem(path, yamlsource.line_of(lines, prefix, 1), field,
                                    f"karakter tak terlihat {describe(found[0][1])}",
                                    "hapus kode karakter itu (mis. \\x0c) dari nilainya"))
    return problems


def parse_front_matter(text: str, path: str, problems: list[Problem]):
    """Split off and parse the YAML front matter, adding to `problems`.

    (data, lines, body, first_line, body_line, yaml_failed), or None when there is no front matter at all.
    """
    front, first_line, body, found = split_front_matter(text, path)
    problems.extend(found)
    if front is None:
        return None
    data, lines, found = yamlsource.load(front, path, first_line)
    problems.extend(found)
    return data, lines, body, first_line, first_line + len(front.split("\n")) + 1, bool(found)


def read_release(source: str, path: str, opd: str, zone, options: dict):
    """Read one release file: (Release or None, problems)."""
    problems: list[Problem] = []
    try:
        raw = read_regular_file(source, options["root"], options["max_release_bytes"])
        info = os.stat(source)
    except FileNotFoundError:
        return None, [Problem(path, 1, "berkas", "berkas hilang saat dibaca", "jalankan lagi")]
    except UnsafeFile as error:
        return None, [Problem(path, 1, "berkas", error.message, error.fix)]
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
    found = character_problems(text, path)
    if found:
        return None, found
    match = FILE_NAME.match(os.path.basename(source))
    slug = match.group(2) if match else ""
    if not match or not SLUG.match(slug):
        problems.append(Problem(path, 1, "nama berkas", f"nama berkas '{os.path.basename(source)}' tidak sesuai pola",
                                "beri nama TAHUN-BULAN-TANGGAL-judul-singkat.md, huruf kecil dan tanda hubung, "
                                f"mis. 2026-11-20-{slugify(slug or 'judul-berita') or 'judul-berita'}.md"))
    parsed = parse_front_matter(text, path, problems)
    if parsed is None:
        return None, problems
    data, lines, body, first_line, body_line, yaml_failed = parsed
    problems.extend(body_problems(body, path, body_line))
    if yaml_failed and data is None:
        return None, problems
    if not isinstance(data, dict):
        problems.append(Problem(path, first_line, "front matter", "front matter kosong atau bukan daftar kunci",
                                "tulis kunci seperti title:, date:, region:, author:"))
        return None, problems
    # Only a YAML escape (a backslash in double quotes) can put a character the text scan did not see.
    found = value_problems(data, lines, path) if "\\" in text else []
    if found:
        return None, problems + found
    if not body.strip():
        problems.append(Problem(path, body_line, "isi", "isi berita kosong",
                                "tulis isi berita di bawah baris '---' penutup"))
    try:
        meta = FrontMatter.model_validate(data, context=options["validation"])
    except ValidationError as error:
        problems.extend(validation_problems(error, path, lines, known_keys(FrontMatter)))
        return None, problems
    image, gallery, body_photos, attachments = _media(meta, body, body_line, source, opd, path, lines, options,
                                                      problems)
    if problems:
        return None, problems
    # Rendering cannot fail, so a check that only validates skips it (most of the reading time).
    body_html, lead = render.render(body, options["iframe_hosts"]) if options.get("render", True) else ("", "")
    body_html = files.mark_body_photos(body_html, list(body_photos))
    summary = render.shorten(meta.summary or lead)
    media = media_fingerprint([*([image] if image else []), *gallery, *body_photos], attachments)
    fingerprint = hashlib.blake2b(raw + repr(media).encode(), digest_size=16).hexdigest()
    release = Release(
        meta=meta, source=path, opd=opd, slug=slug, summary=summary, image=image,
        tag_slugs=tuple(slugify(tag) for tag in meta.tags), body_html=body_html, fingerprint=fingerprint,
        field_lines={key[0]: line for key, line in lines.items() if len(key) == 1},
        gallery=gallery, body_photos=body_photos, attachments=attachments,
    )
    release.stamp = file_stamp(info)
    if "](" in body or "]:" in body or "href" in body or "<http" in body:
        release.body_links = tuple((next(group for group in match.groups() if group),
                                    body_line + body.count("\n", 0, match.start()))
                                   for match in LINK_TARGET.finditer(body))
    return release, []


def _read_chunk(jobs, zone, options):
    return [(job, read_release(*job, zone, options)) for job in jobs]


def read_all(jobs: list[tuple[str, str, str]], zone, options: dict, cache: ReleaseCache, workers: int):
    """Read every (source, path, opd) job: a list of (job, (release, problems)) in job order."""
    results: dict = {}
    pending = []
    for job in jobs:
        cached = cache.get(job)
        if cached is not None:
            results[job] = (cached, [])
        else:
            pending.append(job)
    chunks = map_chunks(partial(_read_chunk, zone=zone, options=options), pending, workers,
                        min_items=POOL_THRESHOLD, min_chunk=20, label="Membaca rilis")
    for job, result in (item for chunk in chunks for item in chunk):
        results[job] = result
    # Only clean results are cached: a file with problems is read again until it is fixed.
    cache.save({job: result[0] for job, result in results.items() if result[0] is not None})
    return [(job, results[job]) for job in jobs if job in results]
