"""`invoke liputan` against partner feeds and sitemaps served from 127.0.0.1: matching, failures, stable data."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import zlib
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from sitebuild import FIXTURES, ROOT, build_site, demo_settings

sys.path.insert(0, str(ROOT))
from warta_ops.fetching import FetchRules, Validators, fetch  # noqa: E402
from warta_ops.liputan import run  # noqa: E402

SCENARIO = FIXTURES / "liputan_partners"
OUR_SITE = "https://berita.sulbarprov.go.id"
NOW = "2026-11-25T12:00:00+08:00"
SERVER_LIFETIME = 300  # seconds: the server stops by itself even if a test never reaches its teardown
HUGE = 2 * 1024 * 1024
LIMIT = 1024 * 1024

MITRA = """\
- slug: koran-mandar
  name: Koran Mandar
  legal_name: PT Mandar Media Utama
  url: https://koranmandar.example.com/
  feeds: [http://127.0.0.1:{port}/koran-mandar/feed/]
  press_council: verified
  contract: {{start: 2026-01-01, end: 2026-12-31}}
  contact: {{name: Redaksi}}
- slug: suara-manakarra
  name: Radio Suara Manakarra
  legal_name: PT Radio Suara Manakarra
  url: https://suaramanakarra.example.com/
  feeds: [http://127.0.0.1:{port}/suara-manakarra/feed/]
  press_council: administrative
  contract: {{start: 2026-03-01, end: 2027-02-28}}
  contact: {{name: Redaksi}}
- slug: sulbar-terkini
  name: Sulbar Terkini
  legal_name: CV Terkini Sulbar Digital
  url: https://sulbarterkini.example.com/
  feeds: [http://127.0.0.1:{port}/sulbar-terkini/feed.json]
  press_council: none
  contract: {{start: 2026-01-01, end: 2026-12-31}}
  contact: {{name: Redaksi}}
- slug: media-rusak
  name: Media Rusak
  legal_name: PT Media Rusak
  url: https://rusak.example.com/
  feeds:
    - http://127.0.0.1:{down}/feed/
    - http://127.0.0.1:{port}/rusak/lambat/
    - http://127.0.0.1:{port}/rusak/putar/
    - http://127.0.0.1:{port}/rusak/besar/
    - http://127.0.0.1:{port}/rusak/besar-diumumkan/
    - http://127.0.0.1:{port}/rusak/html/
    - http://127.0.0.1:{port}/rusak/patah/
    - http://127.0.0.1:{port}/rusak/latin1/
    - http://127.0.0.1:{port}/rusak/500/
  press_council: none
  contract: {{start: 2026-01-01, end: 2026-12-31}}
  contact: {{name: Redaksi}}
- slug: mamuju-pos
  name: Mamuju Pos
  legal_name: PT Mamuju Pos Media
  url: https://mamujupos.example.com/
  sitemap: http://127.0.0.1:{port}/mamuju-pos/sitemap_index.xml
  press_council: administrative
  contract: {{start: 2026-01-01, end: 2026-12-31}}
  contact: {{name: Redaksi}}
- slug: sulbar-news
  name: Sulbar News
  legal_name: PT Sulbar News Digital
  url: https://sulbarnews.example.id/
  sitemap: http://127.0.0.1:{port}/sulbar-news/news-sitemap.xml
  press_council: none
  contract: {{start: 2026-11-20, end: 2027-11-19}}
  contact: {{name: Redaksi}}
- slug: mitra-lama
  name: Mitra Lama
  legal_name: PT Mitra Lama
  url: https://lama.example.com/
  feeds: [http://127.0.0.1:{port}/tidak-pernah-diminta/]
  press_council: none
  contract: {{start: 2025-01-01, end: 2025-12-31}}
  contact: {{name: Redaksi}}
"""

# Coverage found by an earlier run: a failing feed must not remove it.
EARLIER = """\
- partner: media-rusak
  release: tag:sulbarprov.go.id,2026:berita/dinkes/202611200930
  url: https://rusak.example.com/vaksinasi/
  title: Vaksinasi di Majene
  published: '2026-11-20T15:00:00+08:00'
  first_seen: '2026-11-20T18:00:00+08:00'
  method: text
  score: 0.7
"""

LATIN1_FEED = ('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Rusak</title>'
               '<link>https://rusak.example.com/</link><description>x</description><item><title>Caf\xe9 di Mamuju'
               '</title><link>https://rusak.example.com/cafe/</link><description>Caf\xe9 baru.</description>'
               '<pubDate>Sat, 21 Nov 2026 02:00:00 GMT</pubDate></item></channel></rss>').encode("latin-1")


BROKEN_SITEMAPS = """\
- slug: sitemap-rusak
  name: Sitemap Rusak
  legal_name: PT Sitemap Rusak
  url: https://sitemaprusak.example.com/
  sitemap: http://127.0.0.1:{port}/sitemap-rusak/sitemap_index.xml
  press_council: none
  contract: {{start: 2026-01-01, end: 2026-12-31}}
  contact: {{name: Redaksi}}
- slug: sitemap-html
  name: Sitemap HTML
  legal_name: PT Sitemap HTML
  url: https://sitemaphtml.example.com/
  sitemap: http://127.0.0.1:{port}/sitemap-rusak/beranda/
  press_council: none
  contract: {{start: 2026-01-01, end: 2026-12-31}}
  contact: {{name: Redaksi}}
- slug: sitemap-mati
  name: Sitemap Mati
  legal_name: PT Sitemap Mati
  url: https://sitemapmati.example.com/
  sitemap: http://127.0.0.1:{port}/sitemap-rusak/mati.xml
  press_council: none
  contract: {{start: 2026-01-01, end: 2026-12-31}}
  contact: {{name: Redaksi}}
"""
EARLIER_FROM_A_SITEMAP = """\
- partner: sitemap-html
  release: tag:sulbarprov.go.id,2026:berita/dinkes/202611200930
  url: https://sitemaphtml.example.com/vaksinasi/
  title: Vaksinasi di Majene
  published: '2026-11-20T15:00:00+08:00'
  first_seen: '2026-11-20T18:00:00+08:00'
  method: text
  score: 0.7
"""
URLSET = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
INDEX = ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
         '{}</sitemapindex>')
# The broken site's post sitemap, newest first as the run reads it: a good article, two pages that are no article,
# two that fail to download, and an article that carries nothing of ours.
BROKEN_POSTS = [("baik", "2026-11-22T10:00:00+08:00"), ("gambar", "2026-11-22T09:00:00+08:00"),
                ("kosong", "2026-11-22T08:00:00+08:00"), ("galat", "2026-11-21T10:00:00+08:00"),
                ("besar", "2026-11-21T09:00:00+08:00"), ("biasa", "2026-11-21T08:00:00+08:00")]
# The index lists its sitemaps newest first, as the run reads them: the posts before the long tail of old ones.
BROKEN_CHILDREN = ["post-sitemap.xml", "html-sitemap.xml", "patah-sitemap.xml", "besar-sitemap.xml",
                   "putar-sitemap.xml", "dalam-1.xml", "category-sitemap.xml", "banyak.xml"]
GOOD_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title><b onmouseover="alert(1)">Vaksinasi</b> Massal Digelar di Majene</title>
</head><body><article><h1>Vaksinasi Massal Digelar di Majene</h1><div class="isi"><p>MAJENE – Vaksinasi massal untuk
lansia dan ibu hamil digelar di Majene, seperti diberitakan portal resmi pemerintah provinsi.</p><p>Sumber:
<a href="https://berita.sulbarprov.go.id/berita/2026/11/dinas-kesehatan-gelar-vaksinasi-massal-di-majene/">Warta</a></p>
</div></article></body></html>"""
PLAIN_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Jadwal Kapal Mamuju–Balikpapan</title></head>
<body><p>Kapal penumpang dari Pelabuhan Mamuju ke Balikpapan berangkat dua kali sepekan selama musim liburan.</p>
</body></html>"""


class PartnerSites(http.server.BaseHTTPRequestHandler):
    """The partners' web servers, good and bad; counts conditional requests answered with 304 and every request."""

    not_modified: list[str] = []
    requests: list[str] = []

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first, as it should with a slow server

    def _feed(self, name: str, content_type: str):
        body = (SCENARIO / "feeds" / name).read_bytes()
        etag = f'"{len(body)}"'
        if self.headers.get("If-None-Match") == etag:
            PartnerSites.not_modified.append(self.path)
            return self._send(304, headers={"ETag": etag})
        assert "127.0.0.1" not in self.headers["User-Agent"] and "Warta" in self.headers["User-Agent"]
        self._send(200, body, {"Content-Type": content_type, "ETag": etag,
                               "Last-Modified": "Tue, 24 Nov 2026 04:00:00 GMT"})

    def _fixture_site(self, path: str):
        """A file of the sitemap partners' sites, with this server's address where the fixture says {origin}."""
        root = (SCENARIO / "sitemaps").resolve()
        file = (root / path.lstrip("/")).resolve()
        file = file / "index.html" if path.endswith("/") else file
        if root not in file.parents or not file.is_file():
            return self._send(404, b"tidak ada")
        body = file.read_bytes().replace(b"{origin}", f"http://127.0.0.1:{self.server.server_address[1]}".encode())
        etag = f'"{zlib.crc32(body)}"'
        if self.headers.get("If-None-Match") == etag:
            PartnerSites.not_modified.append(path)
            return self._send(304, headers={"ETag": etag})
        kind = "application/xml; charset=UTF-8" if file.suffix == ".xml" else "text/html; charset=UTF-8"
        return self._send(200, body, {"Content-Type": kind, "ETag": etag})

    def _stream(self, content_type: str):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.end_headers()
        try:
            for _ in range(HUGE // 65536):
                self.wfile.write(b"<url>" + b"x" * 65531)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _broken_sitemaps(self, path: str):
        """A partner site whose sitemap index leads to every kind of trouble, and one good article."""
        origin = f"http://127.0.0.1:{self.server.server_address[1]}/sitemap-rusak"
        xml = {"Content-Type": "application/xml"}
        name = path.removeprefix("/sitemap-rusak/").split("?", 1)[0]
        if name == "sitemap_index.xml":
            listed = "".join(f"<sitemap><loc>{origin}/{child}</loc><lastmod>2026-11-{22 - number}</lastmod></sitemap>"
                             for number, child in enumerate(BROKEN_CHILDREN))
            listed += "<sitemap><loc>https://lain.example.com/sitemap.xml</loc></sitemap>"
            return self._send(200, INDEX.format(listed).encode(), xml)
        if name == "post-sitemap.xml":
            # A bare "&", as hand-written sitemaps have it, in the query of the last article's address.
            entries = "".join(f"<url><loc>{origin}/artikel/{slug}/{'?asal=sitemap&urut=6' if slug == 'biasa' else ''}"
                              f"</loc><lastmod>{when}</lastmod></url>" for slug, when in BROKEN_POSTS)
            entries += f"<url><loc>{origin}/artikel/tanpa-tanggal/</loc></url>"
            entries += "<url><loc>https://lain.example.com/artikel/</loc><lastmod>2026-11-22</lastmod></url>"
            return self._send(200, URLSET.format(entries).encode(), xml)
        if name in ("html-sitemap.xml", "beranda/"):
            return self._send(200, b"<!DOCTYPE html><html><body><h1>Beranda</h1></body></html>",
                              {"Content-Type": "text/html"})
        if name == "patah-sitemap.xml":
            return self._send(200, URLSET.format(f"<url><loc>{origin}/artikel/baik/</loc><lastm").encode()[:-12], xml)
        if name == "besar-sitemap.xml":
            return self._stream("application/xml")
        if name == "putar-sitemap.xml":
            listed = (f"<sitemap><loc>{origin}/sitemap_index.xml</loc></sitemap>"
                      f"<sitemap><loc>{origin}/putar-sitemap.xml</loc></sitemap>")
            return self._send(200, INDEX.format(listed).encode(), xml)
        if name.startswith("dalam-"):
            deeper = int(name.removeprefix("dalam-").removesuffix(".xml")) + 1
            listed = f"<sitemap><loc>{origin}/dalam-{deeper}.xml</loc></sitemap>"
            return self._send(200, INDEX.format(listed).encode(), xml)
        if name == "banyak.xml":
            return self._send(200, INDEX.format("".join(f"<sitemap><loc>{origin}/kosong-{number}.xml</loc></sitemap>"
                                                        for number in range(40))).encode(), xml)
        if name.startswith("kosong-"):
            return self._send(200, URLSET.format("").encode(), xml)
        if name == "mati.xml":
            return self._send(200, URLSET.format("".join(
                f"<url><loc>{origin}/artikel/mati-{number}/</loc><lastmod>2026-11-2{number}</lastmod></url>"
                for number in range(5))).encode(), xml)
        if name in ("artikel/baik/", "artikel/biasa/"):
            page = GOOD_PAGE if name == "artikel/baik/" else PLAIN_PAGE
            return self._send(200, page.encode(), {"Content-Type": "text/html; charset=utf-8"})
        if name == "artikel/gambar/":
            return self._send(200, b"\x89PNG\r\n\x1a\n", {"Content-Type": "image/png"})
        if name == "artikel/kosong/":
            return self._send(200, b"", {"Content-Type": "text/html"})
        if name == "artikel/besar/":
            return self._stream("text/html")
        return self._send(500, b"galat")

    def do_GET(self):
        path = self.path
        PartnerSites.requests.append(path)
        if path.startswith(("/mamuju-pos/", "/sulbar-news/")):
            return self._fixture_site(path)
        if path.startswith("/sitemap-rusak/"):
            return self._broken_sitemaps(path)
        if path == "/koran-mandar/feed/":
            return self._feed("koran-mandar.xml", "application/rss+xml; charset=UTF-8")
        if path == "/suara-manakarra/feed/":
            return self._feed("suara-manakarra.xml", "application/rss+xml; charset=UTF-8")
        if path == "/sulbar-terkini/feed.json":
            return self._feed("sulbar-terkini.json", "application/feed+json")
        if path == "/rusak/lambat/":
            time.sleep(2.5)  # longer than the test's timeout, bounded so the server always finishes
            return self._send(200, b"<rss/>")
        if path in ("/rusak/putar/", "/rusak/putar-lagi/"):
            target = "/rusak/putar-lagi/" if path == "/rusak/putar/" else "/rusak/putar/"
            return self._send(302, headers={"Location": target})
        if path == "/rusak/besar/":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            try:
                for _ in range(HUGE // 65536):
                    self.wfile.write(b"<item>" + b"x" * 65530)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if path == "/rusak/besar-diumumkan/":
            return self._send(200, b"<rss>", {"Content-Length": str(50 * LIMIT)})
        if path == "/rusak/html/":
            return self._send(200, b"<!DOCTYPE html><html><body><h1>Koran</h1></body></html>",
                              {"Content-Type": "text/html"})
        if path == "/rusak/patah/":
            return self._send(200, b'<?xml version="1.0"?><rss version="2.0"><channel><title>Pat')
        if path == "/rusak/latin1/":
            return self._send(200, LATIN1_FEED, {"Content-Type": "application/rss+xml"})
        return self._send(500, b"galat")


@pytest.fixture(scope="module")
def partner_sites():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PartnerSites)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stopper = threading.Timer(SERVER_LIFETIME, server.shutdown)
    stopper.daemon = True
    stopper.start()
    with socket.socket() as probe:  # a port where nothing listens: a partner site that is down
        probe.bind(("127.0.0.1", 0))
        down = probe.getsockname()[1]
    yield server.server_address[1], down
    stopper.cancel()
    server.shutdown()
    server.server_close()


def make_content(tmp_path: Path, ports) -> Path:
    content = tmp_path / "content"
    shutil.copytree(SCENARIO / "content", content)
    port, down = ports
    (content / "data" / "mitra.yml").write_text(MITRA.format(port=port, down=down), encoding="utf-8")
    (content / "data" / "liputan").mkdir()
    (content / "data" / "liputan" / "2026-11.yml").write_text(EARLIER, encoding="utf-8")
    return content


def settings_for(content: Path, allow_private: bool = True) -> dict:
    from pelican.settings import read_settings
    from warta_core.settings import with_defaults

    settings = with_defaults(read_settings(demo_settings("publishconf.py"), override={"PATH": str(content)}))
    settings.update(SITEURL=OUR_SITE, WARTA_NOW=NOW, WARTA_LIPUTAN_ALLOW_PRIVATE=allow_private,
                    WARTA_LIPUTAN_TIMEOUT=1.5, WARTA_LIPUTAN_MAX_BYTES=LIMIT)
    return settings


def coverage(content: Path) -> list[dict]:
    entries = []
    for path in sorted((content / "data" / "liputan").glob("20*.yml")):
        entries += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return entries


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, partner_sites):
    content = make_content(tmp_path_factory.mktemp("liputan"), partner_sites)
    PartnerSites.requests.clear()
    report = run(settings_for(content))
    return content, report, list(PartnerSites.requests)


def identity_of(label: str) -> str:
    opd, stem = label.split("/")
    return f"tag:sulbarprov.go.id,2026:berita/{opd}/{stem[:4]}{stem[5:7]}{stem[8:10]}"


def labelled(port: int) -> list[dict]:
    """The labelled articles, with the test server's address in those of the sitemap partners."""
    labels = yaml.safe_load((SCENARIO / "labels.yml").read_text(encoding="utf-8"))
    for label in labels:
        label["url"] = label["url"].replace("{origin}", f"http://127.0.0.1:{port}")
    return labels


def test_matching_precision_and_recall_on_the_labelled_set(first_run, partner_sites):
    content, report, _ = first_run
    labels = labelled(partner_sites[0])
    # Articles the run must not even fetch (before the contract, no release of ours before them) are no test of
    # matching; that they stay out of the data is checked by `not found` below and by a test of their own.
    labels = [label for label in labels if label["kind"] != "unread"]
    found = {(entry["partner"], entry["url"]): entry["release"] for entry in coverage(content)
             if entry["partner"] != "media-rusak"}
    true_positive = false_positive = false_negative = 0
    mistakes = []
    for label in labels:
        got = found.pop((label["partner"], label["url"]), None)
        wanted = label["release"]
        if wanted and got and got.startswith(identity_of(wanted)):
            true_positive += 1
        else:
            if got:
                false_positive += 1
            if wanted:
                false_negative += 1
            if got or wanted:
                mistakes.append((label["kind"], label["url"], wanted, got))
    assert not found, f"coverage for articles that are not in the feeds: {found}"
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    summary = (f"{len(labels)} labelled articles ({sum(1 for label in labels if label['release'])} carrying a release): "
               f"precision {precision:.3f}, recall {recall:.3f}")
    print(summary, mistakes)
    assert len(labels) == 70
    assert sum(1 for label in labels if label["partner"] in ("mamuju-pos", "sulbar-news")) == 18
    assert precision >= 0.95 and recall >= 0.90, f"{summary}\n" + "\n".join(map(str, mistakes))


def test_each_method_is_recorded(first_run):
    content, _, _ = first_run
    methods = {entry["url"]: (entry["method"], entry["score"]) for entry in coverage(content)}
    linked = "https://koranmandar.example.com/2026/11/20/ribuan-warga-majene-ikut-vaksinasi-massal-lansia-jadi-prioritas/"
    assert methods[linked] == ("link", 1.0)
    assert methods["https://suaramanakarra.example.com/2026/11/19/tagana-buka-dapur-umum-di-mamasa/"] == ("guid", 1.0)
    rewritten = "https://sulbarterkini.example.com/2026/10/14/akhirnya-12-desa-di-mamasa-bisa-internetan/"
    assert methods[rewritten][0] == "text" and 0 < methods[rewritten][1] < 1


def test_every_broken_feed_is_reported_in_indonesian_and_earlier_coverage_kept(first_run):
    content, report, _ = first_run
    failed = {feed.url.split("/", 3)[-1]: feed.message for feed in report.failed}
    assert len(failed) == 8, "\n".join(report.lines())
    messages = list(failed.values())
    assert any("koneksi ditolak" in message for message in messages)  # the site is down
    assert failed["rusak/lambat/"] == "tidak menjawab dalam 1.5 detik"
    assert "pengalihan" in failed["rusak/putar/"]
    assert "terlalu besar" in failed["rusak/besar/"] and "terlalu besar" in failed["rusak/besar-diumumkan/"]
    assert "halaman HTML" in failed["rusak/html/"]
    assert failed["rusak/patah/"].startswith("feed rusak: XML tidak lengkap")
    assert failed["rusak/500/"].startswith("server menjawab HTTP 500")
    # A feed in another encoding is read, not failed.
    assert "rusak/latin1/" not in failed
    lines = report.lines()
    assert any(line.startswith("media-rusak: ") and "GAGAL" in line and "data liputan sebelumnya tetap" in line
               for line in lines)
    # The run went on: the other partners' coverage is there, and so is the earlier entry.
    entries = coverage(content)
    assert any(entry["url"] == "https://rusak.example.com/vaksinasi/" for entry in entries)
    assert {entry["partner"] for entry in entries} == {"koran-mandar", "suara-manakarra", "sulbar-terkini",
                                                      "media-rusak", "mamuju-pos", "sulbar-news"}
    # A partner whose contract has ended is not fetched.
    assert not any(feed.partner == "mitra-lama" for feed in report.feeds)


def test_data_files_are_sorted_and_a_rerun_writes_the_same_bytes(first_run, partner_sites):
    content, _, _ = first_run
    folder = content / "data" / "liputan"
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert set(before) >= {"2026-09.yml", "2026-10.yml", "2026-11.yml", "feeds.yml", "sitemaps.yml"}
    for name in ("2026-10.yml", "2026-11.yml"):
        entries = yaml.safe_load(before[name])
        keys = [(entry["partner"], datetime.fromisoformat(entry["published"])) for entry in entries]
        assert keys == sorted(keys)
    assert "etag" in yaml.safe_load(before["feeds.yml"])[f"http://127.0.0.1:{partner_sites[0]}/koran-mandar/feed/"]
    PartnerSites.not_modified.clear()
    PartnerSites.requests.clear()
    report = run(settings_for(content) | {"WARTA_NOW": "2026-11-26T12:00:00+08:00"})
    assert report.written == [] and report.new_entries == 0
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    # The unchanged feeds and sitemaps were not downloaded again, and no article page was fetched twice.
    assert sorted(PartnerSites.not_modified) == ["/koran-mandar/feed/", "/mamuju-pos/sitemap_index.xml",
                                                 "/suara-manakarra/feed/", "/sulbar-news/news-sitemap.xml",
                                                 "/sulbar-terkini/feed.json"]
    assert not [path for path in PartnerSites.requests if path.startswith(("/mamuju-pos/2", "/sulbar-news/2"))]


def test_sitemap_articles_are_matched_with_their_page_and_news_data(first_run, partner_sites):
    content, report, _ = first_run
    origin = f"http://127.0.0.1:{partner_sites[0]}"
    entries = {entry["url"]: entry for entry in coverage(content)}
    # A link back in the article body; the sidebar of every page links to our releases too and counts for nothing.
    linked = entries[f"{origin}/mamuju-pos/2026/11/19/ratusan-guru-sma-sulbar-dilatih-pembelajaran-mendalam/"]
    assert (linked["method"], linked["score"], linked["partner"]) == ("link", 1.0, "mamuju-pos")
    assert linked["release"] == "tag:sulbarprov.go.id,2026:berita/disdikbud/202611190900"
    assert linked["title"] == "Ratusan Guru SMA Sulbar Dilatih Pembelajaran Mendalam"  # og:title less the site name
    # Edited three days later: the sitemap's lastmod moved, the publication time is the page's own.
    edited = entries[f"{origin}/mamuju-pos/2026/11/16/"
                     "perbaikan-jalan-provinsi-polman-majene-dikebut-sebelum-musim-hujan/"]
    assert edited["method"] == "text" and 0.35 <= edited["score"] < 1
    assert edited["published"] == "2026-11-16T16:00:00+08:00"
    # A Google News sitemap gives title and time; the page gives the text.
    news = entries[f"{origin}/sulbar-news/2026/11/23/forum-humas-sepakati-standar-baru-rilis-berita-opd/"]
    assert news["method"] == "text" and news["title"] == "Forum Humas Sepakati Standar Baru Rilis Berita OPD"
    assert news["published"] == "2026-11-23T18:00:00+08:00"
    november = yaml.safe_load((content / "data" / "liputan" / "2026-11.yml").read_text(encoding="utf-8"))
    assert any(entry["partner"] == "sulbar-news" for entry in november)
    line = next(line for line in report.lines() if line.startswith("mamuju-pos: http"))
    assert "sitemap: 3 sitemap dan 13 halaman artikel dibaca, 8 liputan baru" in line


def test_a_sitemap_run_reads_only_what_can_matter(first_run, partner_sites):
    _, report, requests = first_run
    assert len(requests) == len(set(requests)), "nothing is fetched twice in a run"
    # Yoast's page, category and author sitemaps list no articles.
    assert not [path for path in requests if path.endswith(("page-sitemap.xml", "category-sitemap.xml",
                                                            "author-sitemap.xml"))]
    # No release of ours in the window before it: published before our first release.
    assert "/mamuju-pos/2026/08/15/lomba-perahu-sandeq-dibuka-di-teluk-mamuju/" not in requests
    # Before the partner's contract started, although it carries one of our releases.
    assert "/sulbar-news/2026/11/18/gubernur-tinjau-jalan-provinsi-di-mamuju-tengah/" not in requests
    labels = labelled(partner_sites[0])
    assert [label["url"].split(str(partner_sites[0]), 1)[1] for label in labels if label["kind"] == "unread"] == [
        "/mamuju-pos/2026/08/15/lomba-perahu-sandeq-dibuka-di-teluk-mamuju/",
        "/sulbar-news/2026/11/18/gubernur-tinjau-jalan-provinsi-di-mamuju-tengah/"]
    assert any("3 sitemap kategori, tag, penulis atau halaman statis dilewati" in line for line in report.lines())


def test_the_page_budget_spreads_a_sitemap_over_runs_without_reading_a_page_twice(tmp_path, partner_sites, first_run):
    content = make_content(tmp_path, partner_sites)
    mamuju_pos = MITRA.split("- slug: ")[5]
    (content / "data" / "mitra.yml").write_text("- slug: " + mamuju_pos.format(port=partner_sites[0], down=1),
                                                encoding="utf-8")
    (content / "data" / "liputan" / "2026-11.yml").unlink()
    PartnerSites.requests.clear()
    pending, unread = [], []
    for day in range(26, 36):
        report = run(settings_for(content) | {"WARTA_NOW": f"2026-12-{day - 25:02d}T06:00:00+08:00",
                                              "WARTA_LIPUTAN_SITEMAP_PAGES": 3})
        (feed,) = report.feeds
        pending.append(feed.pending)
        unread.append(feed.unread)
        first_report = first_report if day > 26 else report.lines()[0]
        if feed.status == "unchanged":
            break
        assert feed.items <= 3
    # The newest post sitemap first (7 articles and the home page), then the older one (5 articles).
    assert (pending, unread) == ([5, 2, 4, 1, 0, 0], [1, 1, 0, 0, 0, 0])
    assert "5 artikel dan 1 sitemap menunggu pemeriksaan berikutnya" in first_report
    pages = [path for path in PartnerSites.requests if path.startswith("/mamuju-pos/") and path.endswith("/")]
    assert len(pages) == len(set(pages)) == 13
    full_run = {(entry["url"], entry["release"], entry["method"]) for entry in coverage(first_run[0])
                if entry["partner"] == "mamuju-pos"}
    assert {(entry["url"], entry["release"], entry["method"]) for entry in coverage(content)} == full_run
    progress = yaml.safe_load((content / "data" / "liputan" / "sitemaps.yml").read_text(encoding="utf-8"))
    assert sorted(url.rsplit("/", 1)[1] for url in progress) == ["post-sitemap.xml", "post-sitemap2.xml"]
    assert not any("retry" in row for row in progress.values())


def test_a_broken_sitemap_never_stops_the_run(tmp_path, partner_sites):
    content = make_content(tmp_path, partner_sites)
    port = partner_sites[0]
    (content / "data" / "mitra.yml").write_text(MITRA.format(port=port, down=partner_sites[1])
                                                + BROKEN_SITEMAPS.format(port=port), encoding="utf-8")
    month = content / "data" / "liputan" / "2026-11.yml"
    month.write_text(month.read_text(encoding="utf-8") + EARLIER_FROM_A_SITEMAP, encoding="utf-8")
    PartnerSites.requests.clear()
    report = run(settings_for(content))
    lines = [line for line in report.lines() if line.startswith(("sitemap-rusak: ", "sitemap-html: ", "sitemap-mati:"))]
    text = "\n".join(lines)
    origin = f"http://127.0.0.1:{port}/sitemap-rusak"
    assert (f"sitemap-html: {origin}/beranda/: GAGAL: alamat ini berisi halaman HTML, bukan sitemap XML; "
            "data liputan sebelumnya tetap dipakai") in lines
    expected = [
        f"sitemap {origin}/html-sitemap.xml: GAGAL: alamat ini berisi halaman HTML, bukan sitemap XML",
        f"sitemap {origin}/patah-sitemap.xml: GAGAL: sitemap rusak: XML tidak lengkap atau tidak valid",
        f"sitemap {origin}/besar-sitemap.xml: GAGAL: sitemap terlalu besar",
        f"sitemap {origin}/sitemap_index.xml disebut lagi (indeks berputar); dibaca sekali saja",
        f"sitemap {origin}/dalam-2.xml: indeks di dalam indeks lebih dari 2 tingkat",
        "sitemap https://lain.example.com/sitemap.xml berada di luar situs mitra; dilewati",
        f"sitemap lain di {origin}/banyak.xml tidak dibaca: batas 25 sitemap per pemeriksaan",
        f"sitemap {origin}/post-sitemap.xml: 1 entri tanpa lastmod dilewati",
        f"halaman {origin}/artikel/gambar/: bukan halaman HTML (image/png); dilewati",
        f"halaman {origin}/artikel/kosong/: halaman kosong; dilewati",
        f"halaman {origin}/artikel/galat/: GAGAL: server menjawab HTTP 500",
        f"halaman {origin}/artikel/besar/: GAGAL: halaman terlalu besar",
        "dicoba lagi pada pemeriksaan berikutnya",
        # A site whose pages all fail is left alone after three of them.
        f"sitemap {origin}/mati.xml: 3 halaman berturut-turut gagal; sisanya dibaca pada pemeriksaan berikutnya",
        "sitemap: 1 sitemap dan 3 halaman artikel dibaca, 0 liputan baru; 2 artikel menunggu pemeriksaan berikutnya",
    ]
    for words in expected:
        assert words in text, f"{words!r} not in:\n{text}"
    assert "/sitemap-rusak/artikel/biasa/?asal=sitemap&urut=6" in PartnerSites.requests
    assert "/sitemap-rusak/artikel/mati-1/" not in PartnerSites.requests
    assert not [path for path in PartnerSites.requests if "lain.example.com" in path or path.endswith("dalam-3.xml")]
    assert sum(1 for path in PartnerSites.requests if "/sitemap-rusak/kosong-" in path) < 25
    # The good article was found, the other partners' coverage is there, the earlier entry of the failed one kept.
    entries = coverage(content)
    found = [entry for entry in entries if entry["partner"] == "sitemap-rusak"]
    assert [(entry["url"], entry["method"]) for entry in found] == [(f"{origin}/artikel/baik/", "link")]
    assert found[0]["title"] == "Vaksinasi Massal Digelar di Majene"  # a partner's markup is only ever text
    assert any(entry["url"] == "https://sitemaphtml.example.com/vaksinasi/" for entry in entries)
    assert {"koran-mandar", "mamuju-pos", "sulbar-news"} <= {entry["partner"] for entry in entries}
    # The pages that failed are tried again, the sitemap is read again; nothing more is remembered.
    progress = yaml.safe_load((content / "data" / "liputan" / "sitemaps.yml").read_text(encoding="utf-8"))
    assert progress[f"{origin}/post-sitemap.xml"]["retry"] == {f"{origin}/artikel/{slug}/": 1
                                                                for slug in ("besar", "galat")}
    state = yaml.safe_load((content / "data" / "liputan" / "feeds.yml").read_text(encoding="utf-8"))
    assert f"{origin}/sitemap_index.xml" not in state and f"{origin}/post-sitemap.xml" not in state
    summary = report.lines()[-1]
    assert "12 feed dan 5 sitemap dari mitra media, 9 gagal" in summary and "tidak terbaca" in summary


def test_loopback_addresses_are_refused_by_default(tmp_path, partner_sites):
    content = make_content(tmp_path, partner_sites)
    report = run(settings_for(content, allow_private=False))
    assert report.feeds and all(feed.status == "failed" for feed in report.feeds)
    assert all("alamat lokal atau jaringan privat (127.0.0.1)" in feed.message for feed in report.feeds)
    assert [path.name for path in (content / "data" / "liputan").iterdir()] == ["2026-11.yml"]


def test_only_web_addresses_are_fetched():
    rules = FetchRules("Warta-test", 1, 1024, 2, True)
    for address in ("ftp://127.0.0.1/feed", "file:///etc/passwd", "gopher://127.0.0.1/"):
        result = fetch(address, Validators(), rules)
        assert result.status == "failed" and "bukan alamat http(s)" in result.message


def test_invoke_liputan_then_the_build_shows_the_coverage(tmp_path, partner_sites):
    content = make_content(tmp_path, partner_sites)
    result = subprocess.run([sys.executable, "-m", "invoke", "liputan", "--content", str(content), "--now", NOW,
                             "--allow-private"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "WARTA_SITEURL": OUR_SITE})
    assert result.returncode == 0, result.stderr
    assert "koran-mandar: http://127.0.0.1:" in result.stdout and "liputan baru" in result.stdout
    output = tmp_path / "output"
    # The settings `invoke liputan` read (the project's): they name the releases the coverage points to.
    build_site(content, output, str(ROOT / "publishconf.py"), WARTA_NOW=NOW, SITEURL=OUR_SITE, WARTA_SEARCH=False)
    page = (output / "berita/2026/11/dinas-kesehatan-gelar-vaksinasi-massal-di-majene/index.html").read_text()
    assert "Diberitakan ulang oleh" in page and "Ribuan Warga Majene Ikut Vaksinasi Massal" in page
    assert (output / "mitra-media/koran-mandar/bukti-tayang-2026-11.csv").exists()


def test_coverage_is_collected_daily_on_github_and_gitlab():
    github = yaml.safe_load((ROOT / ".github/workflows/liputan.yml").read_text(encoding="utf-8"))
    assert github[True]["schedule"][0]["cron"] == "0 22 * * *"  # YAML 1.1 reads the key `on` as True
    assert github["permissions"] == {}
    steps = github["jobs"]["liputan"]["steps"]
    for step in steps:
        if "uses" in step:
            assert len(step["uses"].split("@")[1]) == 40, f"{step['uses']} is not pinned to a commit"
    assert steps[0]["with"]["persist-credentials"] is False
    assert any(step.get("run") == "invoke liputan" for step in steps)
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["liputan"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule" && $WARTA_JOB == "liputan"'}]
    assert {"if": '$WARTA_JOB == "liputan"', "when": "never"} in gitlab["pages"]["rules"]
