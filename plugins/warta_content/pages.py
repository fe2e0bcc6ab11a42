"""Static pages (Tentang, Kontak, PPID, ...): `content/halaman/<slug>.md`, published at PAGE_URL."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime

from pydantic import Field, ValidationError, ValidationInfo, field_validator

from warta_core.problems import Problem
from warta_core.safefiles import UnsafeFile, read_regular_file
from warta_core.urls import Urls
from . import render
from .reader import body_problems, character_problems, parse_front_matter, value_problems
from .schema import SLUG, Strict, known_keys, parse_moment, slugify, validation_problems


class PageFrontMatter(Strict):
    title: str = Field(min_length=1)
    summary: str | None = None
    modified: datetime | None = None

    @field_validator("modified", mode="before")
    @classmethod
    def _moment(cls, value, info: ValidationInfo):
        return None if value is None else parse_moment(value, info.context["zone"], info.context["years"])


@dataclass(slots=True)
class StaticPage:
    source: str  # path for messages
    slug: str
    title: str
    summary: str
    modified: datetime | None
    body_html: str
    fingerprint: str
    url: str
    save_as: str


def read_page(source: str, path: str, zone, settings, render_body: bool = True):
    """One page file: (StaticPage or None, problems)."""
    slug = os.path.splitext(os.path.basename(source))[0]
    problems: list[Problem] = []
    if not SLUG.match(slug):
        problems.append(Problem(path, 1, "nama berkas", f"nama berkas '{os.path.basename(source)}' tidak sesuai pola",
                                f"beri nama huruf kecil dan tanda hubung, mis. {slugify(slug) or 'tentang'}.md"))
    elif slug in Urls(settings).reserved():
        problems.append(Problem(path, 1, "nama berkas", f"alamat /{slug}/ sudah dipakai oleh bagian situs",
                                f"ganti nama berkas, mis. tentang-{slug}.md"))
    # content/halaman/<slug>.md: only a regular file inside content/ is read.
    root = os.path.dirname(os.path.dirname(os.path.abspath(source)))
    try:
        raw = read_regular_file(source, root, settings["WARTA_MAX_RELEASE_BYTES"])
    except UnsafeFile as error:
        return None, [*problems, Problem(path, 1, "berkas", error.message, error.fix)]
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None, [*problems, Problem(path, 1, "berkas", "berkas bukan teks UTF-8",
                                         "simpan ulang berkas dengan encoding UTF-8")]
    found = character_problems(text, path)
    if found:
        return None, [*problems, *found]
    parsed = parse_front_matter(text, path, problems)
    if parsed is None:
        return None, problems
    data, lines, body, first_line, body_line, yaml_failed = parsed
    problems.extend(body_problems(body, path, body_line))
    if not isinstance(data, dict):
        if not yaml_failed:
            problems.append(Problem(path, first_line, "front matter", "front matter kosong",
                                    "tulis setidaknya title: Judul Halaman"))
        return None, problems
    # A YAML escape ("\\x0c") puts in a character the text scan above did not see.
    if "\\" in text:
        problems.extend(value_problems(data, lines, path))
    if not body.strip():
        problems.append(Problem(path, body_line, "isi", "isi halaman kosong",
                                "tulis isi halaman di bawah baris '---' penutup"))
    try:
        meta = PageFrontMatter.model_validate(data, context={
            "zone": zone, "years": (settings["WARTA_YEAR_MIN"], settings["WARTA_YEAR_MAX"])})
    except ValidationError as error:
        problems.extend(validation_problems(error, path, lines, known_keys(PageFrontMatter)))
        return None, problems
    if problems:
        return None, problems
    iframe_hosts = frozenset(settings["WARTA_IFRAME_HOSTS"])
    body_html, lead = render.render(body, iframe_hosts) if render_body else ("", "")
    url = settings["PAGE_URL"].format(slug=slug)
    return StaticPage(path, slug, meta.title, render.shorten(meta.summary or lead), meta.modified, body_html,
                      hashlib.blake2b(raw, digest_size=16).hexdigest(), url,
                      settings["PAGE_SAVE_AS"].format(slug=slug)), []


def read_pages(content_path: str, label: str, settings, zone, render_body: bool = True):
    """Every page of content/halaman/, sorted by slug: (pages, problems)."""
    folder = os.path.join(content_path, settings["WARTA_PAGES_DIR"])
    pages, problems = [], []
    if not os.path.isdir(folder):
        return pages, problems
    for name in sorted(os.listdir(folder)):
        source = os.path.join(folder, name)
        path = os.path.join(label, settings["WARTA_PAGES_DIR"], name)
        if os.path.isdir(source) or not name.endswith(".md"):
            if not name.startswith("."):
                problems.append(Problem(path, 1, "lokasi", "hanya berkas .md yang boleh ada di folder halaman",
                                        "pindahkan berkas ini; gambar halaman disimpan di folder gambar OPD"))
            continue
        page, found = read_page(source, path, zone, settings, render_body)
        problems.extend(found)
        if page:
            pages.append(page)
    return pages, problems
