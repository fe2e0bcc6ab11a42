"""A withdrawn release keeps its URL with a dated notice and its reason, and leaves every list, feed and index."""

from __future__ import annotations

import gzip

import lxml.html
import pytest

from sitebuild import build_site, demo_settings, make_site

URL = "berita/2026/11/data-stunting-majene/"
TITLE = "Angka Stunting Majene Turun Separuh dalam Setahun"
MARK = b"PENANDA-DITARIK-UJI"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("withdrawn")
    output = root / "output"
    build_site(make_site(root, "withdrawn_release"), output, "publishconf.py")
    return output


def test_withdrawn_release_keeps_its_page_with_a_notice(site):
    page = lxml.html.parse(str(site / URL / "index.html")).getroot()
    notice = page.xpath("//aside[contains(@class, 'warta-withdrawn')]")[0]
    assert notice.xpath(".//h2")[0].text_content() == "Berita ini ditarik"
    assert "Sabtu, 21 November 2026 08.00 WITA" in notice.text_content()
    assert notice.xpath(".//time/@datetime") == ["2026-11-21T08:00:00+08:00"]
    assert "Angka dalam berita ini keliru" in notice.text_content()
    assert page.xpath("//h1")[0].text_content() == TITLE
    assert not page.xpath("//*[@data-pagefind-body]"), "not indexed for the site search"
    assert not page.xpath("//*[contains(@class, 'warta-share')]"), "no share buttons"


def test_withdrawn_release_is_in_no_list_feed_sitemap_or_index(site):
    found = []
    for path in site.rglob("*"):
        if not path.is_file() or path.relative_to(site).as_posix() in (URL + "index.html", "warta-urls.json"):
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if MARK in data or URL.encode() in data or TITLE.encode() in data:
            found.append(path.relative_to(site).as_posix())
    assert found == []
    assert (site / "opd/dinkes/index.html").exists()


def test_withdrawn_needs_a_reason_and_a_date(tmp_path):
    from warta_content.loading import load_content
    from warta_core.settings import with_defaults
    from pelican.settings import read_settings

    content = make_site(tmp_path, "withdrawn_release")
    release = content / "berita/dinkes/2026-11-15-data-stunting-majene.md"
    release.write_text(release.read_text(encoding="utf-8").replace("withdrawn_reason:", "# withdrawn_reason:"),
                       encoding="utf-8")
    other = content / "berita/bpbd/2026-11-18-siaga-banjir-di-mamuju.md"
    other.write_text(other.read_text(encoding="utf-8").replace("status: published", "withdrawn_reason: salah"),
                     encoding="utf-8")
    settings = with_defaults(read_settings(demo_settings(), override={"PATH": str(content)}))
    _, problems = load_content(settings, str(content), use_cache=False, render=False)
    messages = sorted((problem.path.rsplit("/", 1)[-1], problem.message) for problem in problems)
    assert messages == [
        ("2026-11-15-data-stunting-majene.md",
         "rilis yang ditarik (status: withdrawn) perlu alasan dan tanggal penarikan"),
        ("2026-11-18-siaga-banjir-di-mamuju.md", "withdrawn_reason hanya untuk rilis yang ditarik"),
    ]
