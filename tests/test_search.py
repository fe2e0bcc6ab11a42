"""The search index: a bundle for the newest month and one per year before it, rebuilt only when changed."""

from __future__ import annotations

import json

from lxml import html

from sitebuild import build_site, make_site
from warta_search.indexer import bundle_layout

# Unrelated to the older releases (other OPD, region and topic), so no older page changes with it:
# a release that enters an older page's related list rightly re-indexes that page's bundle.
NEW_RELEASE = """---
title: Diskominfo Buka Layanan Aduan Daring
date: 2026-11-21 10:00
region: [sulbar]
author: Nur Fiktif
tags: [digital]
status: published
---
MAMUJU — Dinas Komunikasi dan Informatika membuka layanan aduan daring bagi warga, Sabtu (21/11/2026).
"""


def bundle_files(output, name):
    return {path.relative_to(output): path.stat().st_ino for path in (output / "pagefind" / name).rglob("*")
            if path.is_file()}


def page_count(output, name):
    return json.loads((output / f"pagefind/{name}/pagefind-entry.json").read_text())["languages"]["id"]["page_count"]


def test_layout_gives_the_newest_month_its_own_bundle():
    assert bundle_layout([(2026, 11), (2026, 10), (2026, 1), (2025, 8)]) == {
        "2026-11": [(2026, 11)], "2026": [(2026, 10), (2026, 1)], "2025": [(2025, 8)]}
    assert bundle_layout([(2027, 1), (2026, 12)]) == {"2027-01": [(2027, 1)], "2026": [(2026, 12)]}
    assert bundle_layout([]) == {}


def test_bundles_are_merged_on_the_search_page(tmp_path):
    output = tmp_path / "output"
    build_site(make_site(tmp_path, "search_older_year"), output)
    assert {name: page_count(output, name) for name in ("2026-11", "2026", "2025")} == \
        {"2026-11": 3, "2026": 1, "2025": 1}
    root = html.fromstring((output / "cari/index.html").read_bytes()).xpath("//*[@data-warta-search]")[0]
    assert root.get("data-bundle") == "/pagefind/2026-11/"
    assert json.loads(root.get("data-merge")) == [{"bundlePath": "/pagefind/2026/"}, {"bundlePath": "/pagefind/2025/"},
                                                  {"bundlePath": "/pagefind/halaman/"}]


def test_adding_a_release_reindexes_only_the_newest_month(tmp_path):
    content = make_site(tmp_path, "search_older_year")
    output = tmp_path / "output"
    build_site(content, output)
    before = {name: bundle_files(output, name) for name in ("2026-11", "2026", "2025")}
    (content / "berita/diskominfo/2026-11-21-layanan-aduan-daring.md").write_text(NEW_RELEASE, encoding="utf-8")
    build_site(content, output)
    assert bundle_files(output, "2026") == before["2026"], "older bundles are reused, file for file"
    assert bundle_files(output, "2025") == before["2025"]
    assert bundle_files(output, "2026-11") != before["2026-11"]
    assert page_count(output, "2026-11") == 4


def test_search_page_without_an_index_links_nothing_missing(tmp_path):
    output = tmp_path / "output"
    build_site(make_site(tmp_path), output, WARTA_SEARCH=False)
    page = (output / "cari/index.html").read_text(encoding="utf-8")
    assert "pagefind" not in page
    assert not (output / "pagefind").exists()
