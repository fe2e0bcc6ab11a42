"""One URL vocabulary: change the *_URL / *_SAVE_AS settings and every page, link, feed, sitemap entry
and search result follows, and the link gate still passes."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from sitebuild import build_site, make_site, read_tree

from warta_ops.gates import check_links  # noqa: E402

SITEURL = "https://contoh.go.id"
VOCABULARY = {
    "RELEASE_URL": "rilis/{slug}/", "RELEASE_SAVE_AS": "rilis/{slug}/index.html",
    "ARCHIVE_URL": "arsip/{date:%Y}-{date:%m}/", "ARCHIVE_SAVE_AS": "arsip/{date:%Y}-{date:%m}/index.html",
    "GROUP_ARCHIVE_URL": "{url}bulan-{date:%Y}-{date:%m}/",
    "GROUP_ARCHIVE_SAVE_AS": "{url}bulan-{date:%Y}-{date:%m}/index.html",
    "OPD_URL": "instansi/{slug}/", "OPD_SAVE_AS": "instansi/{slug}/index.html",
    "OPDS_URL": "instansi/", "OPDS_SAVE_AS": "instansi/index.html",
    "REGION_URL": "daerah/{slug}/", "REGION_SAVE_AS": "daerah/{slug}/index.html",
    "REGIONS_URL": "daerah/", "REGIONS_SAVE_AS": "daerah/index.html",
    "TOPIC_URL": "label/{slug}/", "TOPIC_SAVE_AS": "label/{slug}/index.html",
    "TOPICS_URL": "label/", "TOPICS_SAVE_AS": "label/index.html",
    "SEARCH_SAVE_AS": "pencarian/index.html", "SEARCH_INDEX_DIR": "indeks/",
    "STATISTICS_SAVE_AS": "angka/index.html", "STATISTICS_OPD_CSV_SAVE_AS": "angka/opd.csv",
    "STATISTICS_REGION_CSV_SAVE_AS": "angka/daerah.csv",
    "SUBSCRIBE_SAVE_AS": "umpan/index.html", "FEEDS_OPML_SAVE_AS": "umpan/semua.opml",
    "FEED_RSS_FILE": "rss.xml", "FEED_ATOM_FILE": "atom-feed.xml", "FEED_JSON_FILE": "rilis.json",
    "NOT_FOUND_SAVE_AS": "tidak-ada.html", "SITEMAP_SAVE_AS": "peta.xml", "NEWS_SITEMAP_SAVE_AS": "peta-berita.xml",
    "PARTNERS_URL": "media/", "PARTNERS_SAVE_AS": "media/index.html",
    "PARTNER_URL": "media/{slug}/", "PARTNER_SAVE_AS": "media/{slug}/index.html",
    "PARTNER_PROOF_SAVE_AS": "media/{slug}/{month}.csv",
}
# The default addresses' first segments and files: none may appear in a link of the changed site.
OLD = ("berita/", "opd/", "wilayah/", "topik/", "cari/", "statistik/", "berlangganan/", "pagefind/", "mitra-media/",
       "feed.xml", "atom.xml", "feed.json", "feeds.opml", "sitemap.xml", "sitemap-news.xml", "404.html")
LINK = re.compile(r"""(?:href|src)=["']([^"']+)["']|<loc>([^<]+)</loc>|<link>([^<]+)</link>|"""
                  r"""(?:xmlUrl|htmlUrl)="([^"]+)"|"(?:url|feed_url|home_page_url)":\s*"([^"]+)"|Sitemap: (\S+)""")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("urls")
    output = tmp / "output"
    build_site(make_site(tmp), output, "pelicanconf.py", SITEURL=SITEURL, **VOCABULARY)
    return output


def site_paths(tree: dict[str, bytes]) -> list[tuple[str, str]]:
    """(file, site-relative path) of every internal link in every text file of the site."""
    found = []
    for name, data in tree.items():
        if not name.endswith((".html", ".xml", ".json", ".opml", ".txt")):
            continue
        for groups in LINK.findall(data.decode("utf-8", errors="replace")):
            url = next(group for group in groups if group)
            if url.startswith(SITEURL):
                found.append((name, url[len(SITEURL):].lstrip("/")))
            elif url.startswith("/") and not url.startswith("//"):
                found.append((name, url.lstrip("/")))
    return found


def test_every_page_is_written_where_the_vocabulary_says(site):
    tree = read_tree(site)
    releases = [name for name in tree if re.fullmatch(r"rilis/[a-z0-9-]+/index\.html", name)]
    assert len(releases) == 3
    for name in ("instansi/index.html", "instansi/dinkes/index.html", "daerah/index.html", "label/index.html",
                 "pencarian/index.html", "angka/index.html", "angka/opd.csv", "umpan/index.html", "umpan/semua.opml",
                 "rss.xml", "atom-feed.xml", "rilis.json", "instansi/dinkes/rss.xml", "tidak-ada.html", "peta.xml",
                 "peta-berita.xml", "robots.txt", "index.html"):
        assert name in tree, name
    assert any(re.fullmatch(r"arsip/\d{4}-\d{2}/index\.html", name) for name in tree)
    assert any(re.fullmatch(r"instansi/dinkes/bulan-\d{4}-\d{2}/index\.html", name) for name in tree)
    assert not [name for name in tree if name.startswith(OLD) and not name.startswith("theme/")]


def test_every_link_feed_entry_and_sitemap_entry_follows_and_the_link_gate_passes(site):
    tree = read_tree(site)
    paths = site_paths(tree)
    assert len(paths) > 500
    old = sorted({(name, path) for name, path in paths if path.startswith(OLD)})
    assert old == []
    assert check_links(str(site), SITEURL) == []
    rss = tree["rss.xml"].decode()
    assert f"<link>{SITEURL}/rilis/" in rss and f'href="{SITEURL}/rss.xml"' in rss
    sitemap = tree["peta.xml"].decode()
    assert f"<loc>{SITEURL}/rilis/" in sitemap and f"<loc>{SITEURL}/instansi/dinkes/</loc>" in sitemap
    assert f"Sitemap: {SITEURL}/peta.xml" in tree["robots.txt"].decode()
    home = tree["index.html"].decode()
    assert 'href="/pencarian/"' in home and 'href="/instansi/"' in home


def test_search_indexes_the_release_pages_at_their_new_addresses(site):
    bundle = site / "indeks" / "rilis"
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    releases = sorted(site.glob("rilis/*/index.html"))
    assert entry["languages"]["id"]["page_count"] == len(releases)
    urls = set()
    for fragment in bundle.glob("fragment/*.pf_fragment"):
        text = gzip.decompress(fragment.read_bytes()).decode("utf-8")
        urls.add(json.loads(text[text.index("{"):])["url"])
    assert urls == {f"/{path.parent.relative_to(site)}/" for path in releases}
    search_page = (site / "pencarian" / "index.html").read_text(encoding="utf-8")
    assert "/indeks/rilis/" in search_page


@pytest.mark.parametrize("vocabulary, refused, free", [
    ({}, {"berita", "opd", "cari", "pagefind", "theme", "gambar", "feed", "404", "index"}, {"rilis", "instansi"}),
    # OPD logos are still written under opd/ (OPD_LOGO_SAVE_AS is not changed): that name stays taken.
    (VOCABULARY, {"rilis", "arsip", "instansi", "daerah", "label", "pencarian", "indeks", "angka", "umpan", "media",
                  "rss", "tidak-ada", "peta", "opd"}, {"berita", "wilayah", "cari", "statistik", "mitra-media"}),
])
def test_a_static_page_may_not_take_a_name_the_vocabulary_uses(tmp_path, vocabulary, refused, free):
    from pelican.settings import read_settings
    from sitebuild import demo_settings
    from warta_content.loading import load_content
    from warta_core.settings import with_defaults

    content = make_site(tmp_path)
    for slug in refused | free:
        (content / "halaman" / f"{slug}.md").write_text(f"---\ntitle: Halaman {slug}\n---\nIsi halaman.\n")
    settings = with_defaults(read_settings(demo_settings(), override={"PATH": str(content), **vocabulary}))
    site, problems = load_content(settings, str(content), use_cache=False, render=False)
    taken = {problem.path.removeprefix("content/halaman/").removesuffix(".md") for problem in problems
             if "sudah dipakai oleh bagian situs" in problem.message}
    assert taken == refused
    assert {page.slug for page in site.pages} >= free
