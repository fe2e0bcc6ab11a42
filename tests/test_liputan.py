"""`invoke liputan` against partner feeds served from 127.0.0.1: matching quality, failures, stable data."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from sitebuild import FIXTURES, ROOT, build_site

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


class PartnerSites(http.server.BaseHTTPRequestHandler):
    """The partners' web servers, good and bad; counts conditional requests answered with 304."""

    not_modified: list[str] = []

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

    def do_GET(self):
        path = self.path
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

    settings = with_defaults(read_settings(str(ROOT / "publishconf.py"), override={"PATH": str(content)}))
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
    report = run(settings_for(content))
    return content, report


def identity_of(label: str) -> str:
    opd, stem = label.split("/")
    return f"tag:sulbarprov.go.id,2026:berita/{opd}/{stem[:4]}{stem[5:7]}{stem[8:10]}"


def test_matching_precision_and_recall_on_the_labelled_set(first_run):
    content, report = first_run
    labels = yaml.safe_load((SCENARIO / "labels.yml").read_text(encoding="utf-8"))
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
    assert len(labels) == 52
    assert precision >= 0.95 and recall >= 0.90, f"{summary}\n" + "\n".join(map(str, mistakes))


def test_each_method_is_recorded(first_run):
    content, _ = first_run
    methods = {entry["url"]: (entry["method"], entry["score"]) for entry in coverage(content)}
    linked = "https://koranmandar.example.com/2026/11/20/ribuan-warga-majene-ikut-vaksinasi-massal-lansia-jadi-prioritas/"
    assert methods[linked] == ("link", 1.0)
    assert methods["https://suaramanakarra.example.com/2026/11/19/tagana-buka-dapur-umum-di-mamasa/"] == ("guid", 1.0)
    rewritten = "https://sulbarterkini.example.com/2026/10/14/akhirnya-12-desa-di-mamasa-bisa-internetan/"
    assert methods[rewritten][0] == "text" and 0 < methods[rewritten][1] < 1


def test_every_broken_feed_is_reported_in_indonesian_and_earlier_coverage_kept(first_run):
    content, report = first_run
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
                                                      "media-rusak"}
    # A partner whose contract has ended is not fetched.
    assert not any(feed.partner == "mitra-lama" for feed in report.feeds)


def test_data_files_are_sorted_and_a_rerun_writes_the_same_bytes(first_run, partner_sites):
    content, _ = first_run
    folder = content / "data" / "liputan"
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert set(before) >= {"2026-09.yml", "2026-10.yml", "2026-11.yml", "feeds.yml"}
    for name in ("2026-10.yml", "2026-11.yml"):
        entries = yaml.safe_load(before[name])
        keys = [(entry["partner"], datetime.fromisoformat(entry["published"])) for entry in entries]
        assert keys == sorted(keys)
    assert "etag" in yaml.safe_load(before["feeds.yml"])[f"http://127.0.0.1:{partner_sites[0]}/koran-mandar/feed/"]
    PartnerSites.not_modified.clear()
    report = run(settings_for(content) | {"WARTA_NOW": "2026-11-26T12:00:00+08:00"})
    assert report.written == [] and report.new_entries == 0
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    # The unchanged feeds were not downloaded again.
    assert sorted(PartnerSites.not_modified) == ["/koran-mandar/feed/", "/suara-manakarra/feed/",
                                                 "/sulbar-terkini/feed.json"]


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
    build_site(content, output, "publishconf.py", WARTA_NOW=NOW, SITEURL=OUR_SITE, WARTA_SEARCH=False)
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
