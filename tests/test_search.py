"""The search index: one Pagefind bundle per year, rebuilt only for the years whose releases changed."""

from __future__ import annotations

import json

from lxml import html

from sitebuild import build_site, make_site

NEW_RELEASE = """---
title: Dinkes Tambah Posko Kesehatan di Mamuju
date: 2026-11-21 10:00
region: [mamuju]
author: Rina Fiktif
tags: [kesehatan]
status: published
---
MAMUJU — Dinas Kesehatan menambah dua posko kesehatan, Sabtu (21/11/2026).
"""


def bundle_files(output, year):
    return {path.relative_to(output): path.stat().st_ino for path in (output / "pagefind" / str(year)).rglob("*")
            if path.is_file()}


def test_one_bundle_per_year_merged_on_the_search_page(tmp_path):
    output = tmp_path / "output"
    build_site(make_site(tmp_path, "search_older_year"), output)
    for year, pages in ((2025, 1), (2026, 3)):
        entry = json.loads((output / f"pagefind/{year}/pagefind-entry.json").read_text())
        assert entry["languages"]["id"]["page_count"] == pages
    root = html.fromstring((output / "cari/index.html").read_bytes()).xpath("//*[@data-warta-search]")[0]
    assert root.get("data-bundle") == "/pagefind/2026/"
    assert json.loads(root.get("data-merge")) == [{"bundlePath": "/pagefind/2025/"}]


def test_adding_a_release_reindexes_only_its_year(tmp_path):
    content = make_site(tmp_path, "search_older_year")
    output = tmp_path / "output"
    build_site(content, output)
    before_2025, before_2026 = bundle_files(output, 2025), bundle_files(output, 2026)
    (content / "berita/dinkes/2026-11-21-posko-kesehatan-di-mamuju.md").write_text(NEW_RELEASE, encoding="utf-8")
    build_site(content, output)
    assert bundle_files(output, 2025) == before_2025, "the 2025 bundle is reused, file for file"
    assert bundle_files(output, 2026) != before_2026
    entry = json.loads((output / "pagefind/2026/pagefind-entry.json").read_text())
    assert entry["languages"]["id"]["page_count"] == 4


def test_search_page_without_an_index_links_nothing_missing(tmp_path):
    output = tmp_path / "output"
    build_site(make_site(tmp_path), output, WARTA_SEARCH=False)
    page = (output / "cari/index.html").read_text(encoding="utf-8")
    assert "pagefind" not in page
    assert not (output / "pagefind").exists()
