"""Creating a release file for a writer: the right folder, today's date, every field to fill in."""

from __future__ import annotations

import os
import re

import yaml

from warta_core.clock import build_now
from warta_core.problems import nearest

from warta_content.schema import slugify
from warta_content.registry import load_registries


TEMPLATE = """---
title: {title}
date: {date}              # waktu terbit ({zone}); waktu di masa depan = embargo
region: [{regions}]       # slug dari content/data/region.yml; {root} = seluruh {root_type}
author: {author}
editor: ""                # opsional: nama editor
summary: ""               # opsional: satu-dua kalimat; kosong = paragraf pertama
# image:                  # opsional: foto utama di folder gambar/ di samping berkas ini
#   src: gambar/{day}-{slug}.jpg
#   alt: Jelaskan isi foto untuk pembaca tunanetra
#   caption: Keterangan foto.
#   credit: Humas OPD
# galeri:                 # opsional: foto-foto lain, tampil sebagai galeri di bawah berita
#   - src: gambar/{day}-{slug}-2.jpg
#     alt: Jelaskan isi foto kedua
#     caption: Keterangan foto.
#     credit: Humas OPD
# lampiran:               # opsional: dokumen di folder berkas/ (PDF, DOCX, XLSX, PPTX, ODT, ODS, CSV)
#   - src: berkas/{day}-{slug}.pdf
#     title: Judul dokumen, mis. Jadwal kegiatan per kecamatan
tags: []                  # topik, mis. [kesehatan, vaksinasi]
status: draft             # ganti menjadi published bila siap terbit
---
{city} — Tulis paragraf pembuka di sini: siapa, melakukan apa, di mana, kapan.

Paragraf berikutnya.
"""


def _quoted(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=1000).strip()


def create_release(settings, opd: str, title: str, regions: list[str], author: str) -> str:
    """`regions` empty: the whole site's region (the province, or the kabupaten/kota of its site)."""
    content_path = settings["PATH"]
    registries, problems = load_registries(content_path, settings["WARTA_DATA_DIR"])
    if problems:
        raise ValueError("Registri bermasalah; jalankan `invoke check` dulu.")
    root = registries.province
    regions = regions or [root.slug]
    if opd not in registries.opds:
        guess = nearest(opd, registries.opds)
        raise ValueError(f"OPD '{opd}' tidak dikenal." + (f" Maksud Anda '{guess}'?" if guess else ""))
    for region in regions:
        if region not in registries.regions:
            guess = nearest(region, registries.regions)
            raise ValueError(f"Wilayah '{region}' tidak dikenal." + (f" Maksud Anda '{guess}'?" if guess else ""))
    slug = slugify(title)[:80].strip("-")
    if not slug:
        raise ValueError("Judul harus berisi huruf atau angka.")
    now = build_now(settings)
    folder = os.path.join(content_path, settings["WARTA_CONTENT_DIR"], opd)
    path = os.path.join(folder, f"{now:%Y-%m-%d}-{slug}.md")
    if os.path.exists(path):
        raise ValueError(f"Berkas {path} sudah ada; pakai judul lain.")
    os.makedirs(folder, exist_ok=True)
    first = registries.regions[regions[0]]
    lead_city = (first.capital or re.sub(r"^(Kabupaten|Kota|Kecamatan) ", "", first.name)).upper()
    text = TEMPLATE.format(title=_quoted(title), date=f"{now:%Y-%m-%d %H:%M}", regions=", ".join(regions),
                           zone=settings["WARTA_TIMEZONE_LABEL"], root=root.slug, root_type=root.type,
                           author=_quoted(author), city=lead_city, slug=slug, day=f"{now:%Y-%m-%d}")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path
