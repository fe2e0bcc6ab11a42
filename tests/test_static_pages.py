"""Static pages of content/halaman/: their own page, the sitemap, the search index, and validation."""

from __future__ import annotations

import json

import lxml.html
import pytest

from sitebuild import build_site, demo_settings, make_site
from test_search import page_count


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("static_pages")
    output = root / "output"
    build_site(make_site(root, "static_pages"), output, "publishconf.py")
    return output


def test_page_has_its_own_url_and_template(site):
    page = lxml.html.parse(str(site / "tentang/index.html")).getroot()
    assert page.xpath("//h1")[0].text_content() == "Tentang Situs Uji"
    assert page.xpath("//article//strong")[0].text == "berita resmi"
    assert page.xpath("//meta[@name='description']/@content") == ["Ringkasan halaman tentang."]
    assert "Diperbarui" in page.xpath("//article")[0].text_content()
    assert page.xpath("//link[@rel='canonical']/@href") == ["https://berita.sulbarprov.go.id/tentang/"]
    contact = lxml.html.parse(str(site / "kontak/index.html")).getroot()
    assert contact.xpath("//meta[@name='description']/@content") == ["Surel redaksi: redaksi@example.org."]


def test_pages_are_in_the_sitemap_and_the_search(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://berita.sulbarprov.go.id/tentang/</loc>" in sitemap
    assert "<loc>https://berita.sulbarprov.go.id/kontak/</loc>" in sitemap
    assert page_count(site, "halaman") == 5  # the base site has five, two of them replaced here
    search = lxml.html.parse(str(site / "cari/index.html")).getroot().xpath("//*[@data-warta-search]")[0]
    assert {"bundlePath": "/pagefind/halaman/"} in json.loads(search.get("data-merge"))


def test_invalid_pages_are_reported_together(tmp_path):
    from warta_content.loading import load_content
    from warta_core.settings import with_defaults
    from pelican.settings import read_settings

    content = make_site(tmp_path, "invalid_static_pages")
    settings = with_defaults(read_settings(demo_settings(), override={"PATH": str(content)}))
    _, problems = load_content(settings, str(content), use_cache=False, render=False)
    found = {(problem.path, problem.field, problem.message.split(" ")[0]) for problem in problems}
    assert found == {
        ("content/halaman/opd.md", "nama berkas", "alamat"),
        ("content/halaman/ppid.md", "judul", "kunci"),
        ("content/halaman/ppid.md", "title", "wajib"),
        ("content/halaman/kosong.md", "isi", "isi"),
    }
