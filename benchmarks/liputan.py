"""Times `invoke liputan` for many partners against a large corpus, with feeds served from 127.0.0.1.

    python -m benchmarks.liputan --n 20000 --partners 50 --items 50
    python -m benchmarks.liputan --n 20000 --partners 50 --items 50 --sitemaps

The corpus comes from the shared kit (make_corpus.py). Each partner's WordPress-style feed holds
`--items` articles: three in five rewrite one of our recent releases (new headline, own dateline,
the opening paragraphs), the rest are the partner's own news. The run is timed end to end (reading
the content, fetching every feed, matching, writing the data) and once more with nothing new,
when every feed answers 304. With --sitemaps each partner has no feed but a Google News sitemap of
the same articles, each on its own page, so that the run fetches one page per article.
"""

from __future__ import annotations

import argparse
import html
import http.server
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from .kit import kit_tool

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-20T12:00:00+08:00"
WITA = timezone(timedelta(hours=8))
OWN_NEWS = ["Harga cabai di pasar naik menjelang akhir pekan", "Klub sepak bola lokal menang tipis di kandang",
            "Dua pemotor terluka dalam tabrakan di jalan poros", "Cuaca hari ini hujan sedang sepanjang sore",
            "Lowongan kerja kasir dibuka untuk gerai baru", "Resep makanan khas dari singkong parut"]


def corpus(n: int, work: Path) -> Path:
    site = work / f"corpus-{n}"
    if not (site / "content").is_dir():
        if site.exists():
            shutil.rmtree(site)
        subprocess.run([sys.executable, str(kit_tool("make_corpus.py")), "--n", str(n), "--out", str(site)],
                       check=True)
    return site / "content"


def releases(content: Path, count: int) -> list[tuple[str, datetime, str, str]]:
    """The newest `count` releases: (url path, date, title, first paragraphs)."""
    files = sorted(content.glob("berita/*/*.md"), key=lambda path: path.name, reverse=True)[:count]
    found = []
    for path in files:
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        date = datetime.fromisoformat(re.search(r"^date: (.+)$", front, re.M).group(1).strip().strip("'\""))
        date = date if date.tzinfo else date.replace(tzinfo=WITA)
        title = re.search(r"^title: (.+)$", front, re.M).group(1).strip().strip("'\"")
        paragraphs = [re.sub(r"[*_#>\[\]]|\([^)]*\)", "", block).strip() for block in body.split("\n\n")]
        found.append((path.name[11:-3], date, title, [block for block in paragraphs if block][:3]))
    return found


def articles(partner: int, items: int, ours: list, rng: random.Random) -> list[tuple[str, str, datetime]]:
    """(headline, body HTML, published) of one partner's articles."""
    found = []
    for number in range(items):
        if number % 5 < 3:
            slug, date, title, paragraphs = rng.choice(ours)
            words = title.split()
            headline = " ".join(words[len(words) // 3:] + words[: len(words) // 3])
            body = "".join(f"<p>{block}</p>" for block in [f"MAMUJU, MITRA{partner} – " + paragraphs[0],
                                                            *paragraphs[1:]])
            published = date + timedelta(hours=rng.randint(1, 72))
        else:
            headline = rng.choice(OWN_NEWS) + f" ({partner}-{number})"
            body = f"<p>{headline}. Berita milik media mitra sendiri, bukan rilis pemerintah.</p>"
            published = datetime.fromisoformat(NOW) - timedelta(hours=rng.randint(1, 240))
        found.append((headline, body, published))
    return found


def feed(partner: int, items: int, ours: list, rng: random.Random) -> bytes:
    entries = []
    for number, (headline, body, published) in enumerate(articles(partner, items, ours, rng)):
        entries.append(f"<item><title>{headline}</title><link>https://mitra{partner}.example.com/{number}/</link>"
                       f"<guid isPermaLink=\"false\">https://mitra{partner}.example.com/?p={number}</guid>"
                       f"<pubDate>{format_datetime(published)}</pubDate>"
                       f"<content:encoded><![CDATA[{body}]]></content:encoded></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>Mitra {partner}</title><link>https://mitra{partner}.example.com/</link>"
            "<description>x</description>" + "".join(entries) + "</channel></rss>").encode()


def sitemap_site(partner: int, items: int, ours: list, rng: random.Random, origin: str) -> dict[str, bytes]:
    """A partner's news sitemap and its article pages, by path."""
    site, entries = {}, []
    for number, (headline, body, published) in enumerate(articles(partner, items, ours, rng)):
        path = f"/mitra-{partner}/{number}/"
        site[path] = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{headline} - Mitra {partner}</title>"
                      f"</head><body><header><a href=\"/\">Mitra {partner}</a></header><article><h1>{headline}</h1>"
                      f"<div class=\"entry-content\">{body}</div></article></body></html>").encode()
        entries.append(f"<url><loc>{origin}{path}</loc><news:news><news:publication><news:name>Mitra {partner}"
                       "</news:name><news:language>id</news:language></news:publication>"
                       f"<news:publication_date>{published.isoformat()}</news:publication_date>"
                       f"<news:title>{html.escape(headline)}</news:title></news:news></url>")
    site[f"/mitra-{partner}/sitemap.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(entries) + "</urlset>").encode()
    return site


def serve(feeds: dict[str, bytes]) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = feeds.get(self.path)
            etag = f'"{len(body or b"")}"'
            if body is None:
                self.send_response(404)
                body = b""
            elif self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                body = b""
            else:
                self.send_response(200)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def mitra(count: int, port: int, sitemaps: bool = False) -> str:
    source = "sitemap: http://127.0.0.1:{port}/mitra-{partner}/sitemap.xml" if sitemaps \
        else "feeds: [http://127.0.0.1:{port}/mitra-{partner}/feed/]"
    return "".join(
        f"- slug: mitra-{partner}\n  name: Mitra {partner}\n  legal_name: PT Mitra {partner}\n"
        f"  url: https://mitra{partner}.example.com/\n  {source.format(port=port, partner=partner)}\n"
        "  press_council: verified\n  contract: {start: 2026-01-01, end: 2026-12-31}\n"
        "  contact: {name: Redaksi}\n" for partner in range(count))


def give_unique_ids(content: Path) -> None:
    """The corpus has a few releases of one OPD in the same minute, which `invoke check` refuses (their
    identities would clash) and so would `invoke liputan`: each of those gets an explicit `id:`."""
    result = subprocess.run([sys.executable, "-m", "invoke", "check", "--content", str(content)], cwd=ROOT,
                            capture_output=True, text=True)
    for line in result.stdout.splitlines():
        match = re.match(r"content/(berita/[^:]+\.md):\d+: date: .*menit yang sama", line)
        if match:
            path = content / match.group(1)
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("---\n", f"---\nid: bench-{path.stem}\n", 1), encoding="utf-8")


def timed_run(content: Path) -> dict:
    """Wall time, and the CPU time of the run itself: other load on the machine stretches only the first."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "invoke", "liputan", "--content", str(content), "--now", NOW,
                             "--allow-private"], cwd=ROOT, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "report": result.stdout.strip().splitlines()[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--partners", type=int, default=50)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--sitemaps", action="store_true", help="partners with a news sitemap and article pages")
    parser.add_argument("--work", type=Path, default=Path("/dev/shm/warta-bench-liputan")
                        if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir()) / "warta-bench-liputan")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    source = corpus(args.n, args.work)
    rng = random.Random(1)
    ours = releases(source, 300)
    feeds: dict[str, bytes] = {}
    server = serve(feeds)
    for partner in range(args.partners):
        if args.sitemaps:
            feeds.update(sitemap_site(partner, args.items, ours, rng, f"http://127.0.0.1:{server.server_address[1]}"))
        else:
            feeds[f"/mitra-{partner}/feed/"] = feed(partner, args.items, ours, rng)
    try:
        content = args.work / "content"
        if content.exists():
            shutil.rmtree(content)
        shutil.copytree(source, content)
        (content / "data" / "mitra.yml").write_text(mitra(args.partners, server.server_address[1], args.sitemaps),
                                                    encoding="utf-8")
        give_unique_ids(content)
        first = timed_run(content)
        again = timed_run(content)
    finally:
        server.shutdown()
        server.server_close()
    print(json.dumps({"releases": args.n, "partners": args.partners, "items_per_partner": args.items,
                      "source": "sitemap" if args.sitemaps else "feed",
                      "first_run": first, "unchanged_run": again}, indent=1,
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
