"""Embargoed and draft releases leak into no byte of a published build."""

from __future__ import annotations

import lxml.html

from sitebuild import DEMO_CONTENT, build_site, make_site, read_tree

MARKERS = [b"PENANDAEMBARGO", b"penandaembargo", b"PENANDADRAF", b"penandadraf", b"penanda-embargo-rahasia",
           b"penanda-draf-rahasia"]


def hits(tree: dict[str, bytes], markers) -> list[tuple[str, bytes]]:
    found = [(path, marker) for path, data in tree.items() for marker in markers if marker in data]
    found += [(path, marker) for path in tree for marker in markers if marker.decode().lower() in path.lower()]
    return found


def test_embargoed_and_draft_releases_leak_nowhere(tmp_path):
    content = make_site(tmp_path, "embargoed_release", "draft_release")
    output = tmp_path / "output"
    build_site(content, output, "publishconf.py")
    tree = read_tree(output)
    assert "index.html" in tree
    assert hits(tree, MARKERS) == []


def test_embargoed_release_appears_once_its_time_has_come(tmp_path):
    content = make_site(tmp_path, "embargoed_release")
    output = tmp_path / "output"
    build_site(content, output, "publishconf.py", WARTA_NOW="2026-12-01T08:59:00+08:00")
    assert hits(read_tree(output), MARKERS) == []
    build_site(content, output, "publishconf.py", WARTA_NOW="2026-12-01T09:00:00+08:00")
    tree = read_tree(output)
    assert "berita/2026/12/penanda-embargo-rahasia/index.html" in tree
    assert b"PENANDAEMBARGO" in tree["index.html"]


def test_demo_embargo_and_draft_markers_are_absent(demo_site):
    tree = read_tree(demo_site)
    demo_markers = [b"PENANDA-EMBARGO-DEMO", b"PENANDA-DRAF-DEMO", b"aplikasi-layanan-publik-terpadu-sulbar-diluncurkan",
                    b"posko-kesehatan-banjir-pasangkayu-tambah-tenaga-medis"]
    assert (DEMO_CONTENT / "berita/diskominfo/2027-01-15-aplikasi-layanan-publik-terpadu-sulbar-diluncurkan.md").exists()
    assert hits(tree, demo_markers) == []


def test_preview_shows_drafts_only_with_the_flag_and_a_banner(tmp_path):
    content = make_site(tmp_path, "draft_release")
    output = tmp_path / "output"
    build_site(content, output, "pelicanconf.py", WARTA_SHOW_DRAFTS=True)
    page = lxml.html.parse(str(output / "berita/2026/11/penanda-draf-rahasia/index.html"))
    banners = page.xpath("//main//*[contains(concat(' ', @class, ' '), ' warta-banner--draft ')]")
    assert len(banners) == 1 and banners[0].get("role") == "status"
    assert banners[0].findtext("strong") == "DRAF"
    build_site(content, output, "publishconf.py", WARTA_SHOW_DRAFTS=True)
    assert hits(read_tree(output), MARKERS) == []
