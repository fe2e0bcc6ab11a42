"""The reader theme on the demo site: structure, metadata, sharing, sitemaps, search index, page weight."""

from __future__ import annotations

import gzip
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse
from xml.etree import ElementTree

import pytest
from lxml import html

from sitebuild import DEMO_CONTENT, TEST_NOW, build_site, make_site

SITEURL = "https://berita.sulbarprov.go.id"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
RELEASE_PAGE = re.compile(r"^berita/\d{4}/\d{2}/[^/]+/index\.html$")
BUDGETS = {"release": 100_000, "home": 150_000}  # bytes before images: HTML + CSS + JS, uncompressed


def html_pages(root: Path) -> dict[str, Path]:
    return {str(path.relative_to(root)): path for path in sorted(root.rglob("*.html"))
            if not str(path.relative_to(root)).startswith("pagefind/")}


def release_pages(root: Path) -> dict[str, Path]:
    """The pages of published releases (a withdrawn release's page and a redirect page are not)."""
    return {name: path for name, path in html_pages(root).items()
            if RELEASE_PAGE.match(name) and b"data-pagefind-body" in path.read_bytes()}


def parse(path: Path):
    return html.fromstring(path.read_bytes())


def json_ld(doc) -> dict:
    scripts = doc.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def meta(doc, name: str) -> str | None:
    found = doc.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content')
    return found[0] if found else None


@pytest.fixture(scope="module")
def releases(demo_site):
    pages = release_pages(demo_site)
    assert len(pages) >= 40
    return {name: parse(path) for name, path in pages.items()}


def test_every_page_has_one_h1_a_canonical_link_and_indonesian_language(demo_site):
    pages = html_pages(demo_site)
    for expected in ("index.html", "404.html", "cari/index.html", "opd/index.html", "wilayah/index.html",
                     "statistik/index.html", "berlangganan/index.html"):
        assert expected in pages
    for name, path in pages.items():
        doc = parse(path)
        assert len(doc.xpath("//h1")) == 1, name
        canonical = doc.xpath('//link[@rel="canonical"]/@href')
        assert len(canonical) == 1 and canonical[0].startswith(SITEURL + "/"), name
        assert doc.get("lang") == "id", name
        assert doc.xpath('//a[@class="warta-skip-link"]/@href') == ["#isi"], name
        assert doc.xpath('//main[@id="isi"]'), name


def test_images_have_alt_and_dimensions(demo_site):
    for name, path in html_pages(demo_site).items():
        for img in parse(path).xpath("//img"):
            assert img.get("alt") is not None, (name, img.get("src"))
            assert img.get("width") and img.get("height"), (name, img.get("src"))


def test_release_pages_carry_news_article_json_ld(releases):
    for name, doc in releases.items():
        data = json_ld(doc)
        assert data["@type"] == "NewsArticle"
        for key in ("headline", "datePublished", "dateModified", "author", "publisher", "image"):
            assert data.get(key), (name, key)
        assert data["headline"] == doc.xpath("string(//h1)").strip()
        assert data["publisher"]["logo"]["url"].startswith(SITEURL)
        assert data["image"][0]["url"].startswith(SITEURL)
        assert datetime.fromisoformat(data["dateModified"]) >= datetime.fromisoformat(data["datePublished"])
        assert data["mainEntityOfPage"]["@id"] == doc.xpath('string(//link[@rel="canonical"]/@href)')


def test_release_pages_carry_open_graph_and_twitter_tags(releases):
    with_image = 0
    for name, doc in releases.items():
        assert meta(doc, "og:type") == "article"
        assert meta(doc, "og:title") == doc.xpath("string(//h1)").strip()
        assert meta(doc, "og:url") == doc.xpath('string(//link[@rel="canonical"]/@href)')
        assert meta(doc, "og:image").startswith(SITEURL)
        assert meta(doc, "article:published_time")
        figure = doc.xpath('//figure[@class="warta-figure"]//img')
        if figure:
            with_image += 1
            assert meta(doc, "twitter:card") == "summary_large_image"
            # The social card is made from the same upload as the figure: same name and derivative key.
            assert meta(doc, "og:image").endswith("-social.jpg")
            assert meta(doc, "og:image").rsplit("-", 1)[0].endswith(figure[0].get("src").rsplit("-", 1)[0])
            assert meta(doc, "og:image:width") == "1200" and meta(doc, "og:image:height") == "630"
            assert meta(doc, "og:image:alt") == figure[0].get("alt")
        else:
            assert meta(doc, "twitter:card") == "summary"
    assert with_image >= 3


def test_release_page_shows_date_opd_regions_people_and_credit(demo_site):
    doc = parse(demo_site / "berita/2026/11/dinas-kesehatan-gelar-vaksinasi-massal-di-majene/index.html")
    assert "Jumat, 20 November 2026 09.30 WITA" in doc.xpath("string(//time)")
    assert doc.xpath('//p[@class="warta-release__opd"]/a/@href') == ["/opd/dinkes/"]
    assert "/wilayah/majene/" in doc.xpath('//dl[@class="warta-release__meta"]//a/@href')
    people = doc.xpath('string(//dl[@class="warta-release__meta"])')
    assert "Rahmawati Said" in people and "Editor" in people
    assert "Foto: Humas Dinkes Sulbar" in doc.xpath("string(//figcaption)")
    assert doc.xpath("//figure//img/@loading") == [], "the lead image is above the fold"


def test_corrected_release_shows_a_dated_correction(demo_site):
    doc = parse(demo_site / "berita/2026/11/longsor-tutup-jalan-poros-majene-mamuju-di-malunda/index.html")
    notice = doc.xpath('//aside[@class="warta-correction"]')
    assert len(notice) == 1
    assert "Kecamatan Malunda" in notice[0].text_content()
    assert notice[0].xpath(".//time/@datetime")
    assert "WITA" in notice[0].xpath("string(.//time)")


def test_share_links_are_encoded_and_point_at_the_canonical_url(releases):
    for name, doc in releases.items():
        canonical = doc.xpath('string(//link[@rel="canonical"]/@href)')
        title = doc.xpath("string(//h1)").strip()
        links = dict(zip(doc.xpath('//section[@class="warta-share"]//a/text()'),
                         doc.xpath('//section[@class="warta-share"]//a/@href')))
        assert set(links) == {"WhatsApp", "Facebook", "X", "Telegram", "E-mail"}, name
        for href in links.values():
            assert " " not in href and "\n" not in href, (name, href)
        whatsapp = urlparse(links["WhatsApp"])
        assert (whatsapp.scheme, whatsapp.netloc, whatsapp.path) == ("https", "wa.me", "/")
        message = parse_qs(whatsapp.query)["text"][0]
        assert title in message and message.endswith(canonical)
        assert parse_qs(urlparse(links["Facebook"]).query)["u"] == [canonical]
        assert parse_qs(urlparse(links["X"]).query) == {"text": [title], "url": [canonical]}
        assert parse_qs(urlparse(links["Telegram"]).query)["url"] == [canonical]
        mail = urlparse(links["E-mail"])
        assert mail.scheme == "mailto" and unquote(parse_qs(mail.query)["subject"][0]) == title
        text = doc.xpath('string(//details[@class="warta-wa"]//pre)')
        assert text.startswith(f"*{title}*") and text.endswith(canonical)


def page_weight(root: Path, page: str) -> int:
    """HTML plus every stylesheet and script it links (print CSS included: counted conservatively)."""
    path = root / page
    doc = parse(path)
    total = path.stat().st_size
    for href in doc.xpath('//link[@rel="stylesheet"]/@href | //script/@src'):
        total += (root / href.lstrip("/")).stat().st_size
    return total


def test_page_weight_budgets(demo_site):
    weights = {name: page_weight(demo_site, name) for name in release_pages(demo_site)}
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] < BUDGETS["release"], (heaviest, weights[heaviest])
    assert page_weight(demo_site, "index.html") < BUDGETS["home"]


def test_sitemap_lists_every_page_once(demo_site):
    tree = ElementTree.parse(demo_site / "sitemap.xml")
    locs = [url.findtext(f"{SITEMAP}loc") for url in tree.getroot().iter(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs))
    expected = set()
    withdrawn = "berita/2026/11/cakupan-imunisasi-sulbar-capai-seratus-persen/index.html"
    for name, path in html_pages(demo_site).items():
        if name not in ("404.html", withdrawn) and b'http-equiv="refresh"' not in path.read_bytes():
            expected.add(SITEURL + "/" + (name[: -len("index.html")] if name.endswith("index.html") else name))
    assert set(locs) == expected
    lastmods = [url.findtext(f"{SITEMAP}lastmod") for url in tree.getroot().iter(f"{SITEMAP}url")]
    assert all(datetime.fromisoformat(value).tzinfo for value in lastmods if value)


def test_news_sitemap_lists_the_last_two_days(demo_site, releases):
    now = datetime.fromisoformat(TEST_NOW)
    expected = set()
    for doc in releases.values():
        data = json_ld(doc)
        if now - timedelta(days=2) <= datetime.fromisoformat(data["datePublished"]) <= now:
            expected.add(data["url"])
    assert expected, "the demo has news from the last two days"
    root = ElementTree.parse(demo_site / "sitemap-news.xml").getroot()
    urls = list(root.iter(f"{SITEMAP}url"))
    assert {url.findtext(f"{SITEMAP}loc") for url in urls} == expected
    for url in urls:
        news = url.find(f"{NEWS}news")
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Warta Sulawesi Barat"
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == "id"
        assert news.findtext(f"{NEWS}title")
        assert datetime.fromisoformat(news.findtext(f"{NEWS}publication_date")).tzinfo


def test_robots_points_to_both_sitemaps(demo_site):
    lines = (demo_site / "robots.txt").read_text().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITEURL}/sitemap.xml" in lines
    assert f"Sitemap: {SITEURL}/sitemap-news.xml" in lines


def test_404_page_is_not_indexed_and_leads_back(demo_site):
    doc = parse(demo_site / "404.html")
    assert meta(doc, "robots") == "noindex"
    links = doc.xpath("//main//a/@href")
    assert {"/", "/cari/", "/opd/", "/wilayah/"} <= set(links)


def test_search_page_explains_itself_without_javascript(demo_site):
    doc = parse(demo_site / "cari" / "index.html")
    fallback = doc.xpath("//main//noscript")[0]
    assert {"/opd/", "/wilayah/"} <= set(fallback.xpath(".//a/@href"))
    assert "JavaScript" in fallback.text_content()


def test_search_index_holds_release_and_static_pages_only_and_no_embargo_or_draft(demo_site):
    bundle = demo_site / "pagefind"
    entries = {path.parent.name: json.loads(path.read_text()) for path in sorted(bundle.glob("*/pagefind-entry.json"))}
    assert entries, "one bundle per year of releases"
    assert all(list(entry["languages"]) == ["id"] for entry in entries.values()), "Indonesian indexes (stemming)"
    pages = entries.pop("halaman")["languages"]["id"]["page_count"]
    assert pages == len(list((DEMO_CONTENT / "halaman").glob("*.md")))
    assert sum(entry["languages"]["id"]["page_count"] for entry in entries.values()) == len(release_pages(demo_site))
    for path in bundle.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            assert b"PENANDA-EMBARGO-DEMO" not in data and b"PENANDA-DRAF-DEMO" not in data, path


def test_release_body_is_marked_for_the_index_with_filters(releases):
    for name, doc in releases.items():
        assert len(doc.xpath("//article[@data-pagefind-body]")) == 1, name
        assert len(doc.xpath('//*[@data-pagefind-filter="OPD"]')) == 1, name
        assert doc.xpath('//*[@data-pagefind-filter="Wilayah"]'), name
        assert doc.xpath('//h1[@data-pagefind-meta="title"]'), name


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("theme_xss")
    output = tmp / "output"
    build_site(make_site(tmp, "theme_xss"), output, "publishconf.py", WARTA_SEARCH=False)
    return output


def test_markup_in_titles_stays_text_in_page_metadata_and_json_ld(hostile_site):
    page = hostile_site / "berita/2026/11/judul-berbahaya/index.html"
    raw = page.read_text()
    assert "<script>alert" not in raw and "<b>tebal" not in raw and "<img src=x" not in raw
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", raw, re.S)
    assert len(scripts) == 1, "only the JSON-LD script is inline"
    data = json.loads(scripts[0])
    assert data["headline"] == "Uji <script>alert('judul')</script> & </script><b>tebal</b>"
    assert data["description"].startswith("Ringkasan </script><script>")
    doc = parse(page)
    assert doc.xpath("string(//h1)") == data["headline"]
    assert meta(doc, "og:title") == data["headline"]


def test_seo_files_do_not_depend_on_the_build_time(tmp_path):
    content = make_site(tmp_path)
    outputs = []
    for index, now in enumerate(("2026-11-24T12:00:00+08:00", "2026-11-24T12:30:00+08:00")):
        output = tmp_path / f"output{index}"
        build_site(content, output, "publishconf.py", incremental=False, WARTA_SEARCH=False, WARTA_NOW=now)
        outputs.append(output)
    for name in ("sitemap.xml", "sitemap-news.xml", "robots.txt", "404.html", "index.html"):
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name
