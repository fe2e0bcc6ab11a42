"""Photos, galleries and attachments: what is published, what never is, and what check refuses.

The photos are generated here (a 4000×3000 phone photo with EXIF orientation and GPS, an iPhone
HEIC, a PNG infographic): nothing large is committed.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from PIL import Image

from benchmarks.photos import write_photo
from photo_site import add_photos
from sitebuild import ROOT, build_site, make_site

SITE = "https://contoh.go.id"
NS = {"media": "http://search.yahoo.com/mrss/", "content": "http://purl.org/rss/1.0/modules/content/"}
PAGE = "berita/2026/11/posyandu-serentak-di-majene/index.html"
WIDTHS = [320, 640, 960, 1280, 1600]
LEAD = "2026-11-22-posyandu"


def build(content: Path, output: Path, **overrides):
    return build_site(content, output, "publishconf.py", SITEURL=SITE, **overrides)


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    root = tmp_path_factory.mktemp("media")
    content = make_site(root, "media_release")
    uploads = add_photos(content)
    output = root / "output"
    build(content, output)
    return root, content, output, uploads


def page(output: Path):
    return lxml.html.parse(str(output / PAGE)).getroot()


def published_images(output: Path) -> list[Path]:
    return sorted(path for path in (output / "gambar").rglob("*") if path.is_file())


def test_lead_photo_is_a_picture_with_every_width_in_webp_and_jpeg(media):
    _, _, output, _ = media
    doc = page(output)
    lead = doc.xpath('//article//figure[@class="warta-figure"]')[0]
    source = lead.xpath(".//source")[0]
    img = lead.xpath(".//img")[0]
    assert source.get("type") == "image/webp"
    webp = [candidate.split() for candidate in source.get("srcset").split(", ")]
    jpeg = [candidate.split() for candidate in img.get("srcset").split(", ")]
    assert [descriptor for _, descriptor in webp] == [f"{width}w" for width in WIDTHS]
    assert [descriptor for _, descriptor in jpeg] == [f"{width}w" for width in WIDTHS]
    assert all(url.endswith(".webp") for url, _ in webp) and all(url.endswith(".jpg") for url, _ in jpeg)
    assert source.get("sizes") == img.get("sizes") and "44rem" in img.get("sizes")
    # Upright: EXIF orientation 6 makes the 4000×3000 upload a 3000×4000 portrait.
    assert (int(img.get("width")), int(img.get("height"))) == (640, 853)
    assert img.get("loading") is None, "the lead image is not lazy"
    assert img.get("decoding") == "async"
    assert img.get("alt") == "Kader posyandu menimbang balita"
    for url, descriptor in webp + jpeg:
        with Image.open(output / url.lstrip("/")) as image:
            width = int(descriptor[:-1])
            assert image.size == (width, round(4000 * width / 3000))
            assert image.format == ("WEBP" if url.endswith(".webp") else "JPEG")


def test_gallery_grid_links_thumbnails_to_large_photos_without_upscaling(media):
    _, _, output, _ = media
    doc = page(output)
    gallery = doc.xpath('//section[@class="warta-gallery"]')[0]
    assert gallery.get("aria-labelledby") == "warta-gallery-title"
    items = gallery.xpath(".//li")
    assert len(items) == 4
    for item in items:
        img = item.xpath(".//img")[0]
        assert img.get("loading") == "lazy" and img.get("alt")
        link = item.xpath(".//a")[0]
        assert link.get("href").endswith(".jpg")
        assert (output / link.get("href").lstrip("/")).is_file()
    # An 800-pixel upload gets 320 and 640 only: never upscaled.
    small = items[1].xpath(".//source")[0].get("srcset")
    assert [candidate.split()[1] for candidate in small.split(", ")] == ["320w", "640w"]
    assert "Humas Dinkes Sulbar" in items[0].xpath("string(.//figcaption)")


def test_body_photo_becomes_a_figure_with_caption(media):
    _, _, output, _ = media
    body = page(output).xpath('//div[contains(@class, "warta-release__body")]')[0]
    figure = body.xpath(".//figure")[0]
    img = figure.xpath(".//img")[0]
    assert img.get("alt") == "Kader mencatat berat badan balita"
    assert img.get("loading") == "lazy" and img.get("width") and img.get("height")
    assert figure.xpath("string(.//figcaption)").strip() == "Pencatatan di buku KIA."
    assert not body.xpath(".//p/figure"), "a figure is never inside a paragraph"


def test_no_published_image_carries_exif_gps_or_any_metadata(media):
    _, _, output, uploads = media
    images = published_images(output)
    assert len(images) > 40
    for path in images:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"} & set(image.info), path
            assert image.mode == "RGB", path
        assert b"Exif" not in path.read_bytes()[:4096], path
    # No upload is published as it is (the default), and no HEIC reaches readers.
    upload_bytes = {path.read_bytes() for path in uploads.values()}
    assert not [path for path in images if path.read_bytes() in upload_bytes]
    assert not list(output.rglob("*.heic"))


def test_social_card_is_1200x630_under_300_kb(media):
    _, _, output, _ = media
    doc = page(output)
    card = doc.xpath('//meta[@property="og:image"]/@content')[0]
    path = output / card[len(SITE) + 1:]
    assert path.stat().st_size < 300_000
    with Image.open(path) as image:
        assert image.size == (1200, 630) and image.format == "JPEG"
    assert doc.xpath('//meta[@property="og:image:width"]/@content') == ["1200"]


def test_feed_item_carries_lead_and_gallery_with_real_lengths_and_attachment_links(media):
    _, _, output, _ = media
    channel = etree.parse(str(output / "feed.xml")).getroot().find("channel")
    item = next(item for item in channel.findall("item") if "Posyandu" in item.findtext("title"))
    enclosure = item.find("enclosure")
    url = enclosure.get("url")
    assert re.fullmatch(rf"{SITE}/gambar/dinkes/{LEAD}-[0-9a-f]{{8}}-1280\.jpg", url)
    assert int(enclosure.get("length")) == (output / url[len(SITE) + 1:]).stat().st_size
    contents = item.findall("media:content", NS)
    assert len(contents) == 5, "the lead image and four gallery photos"
    for content in contents:
        assert int(content.get("fileSize")) == (output / content.get("url")[len(SITE) + 1:]).stat().st_size
    assert contents[1].findtext("media:description", namespaces=NS) == "Antrean pagi hari."
    html = lxml.html.fragment_fromstring(item.findtext("content:encoded", namespaces=NS), create_parent="div")
    assert len(html.xpath(".//figure")) == 6, "lead, body photo and four gallery photos"
    assert all(src.startswith(SITE) for src in html.xpath(".//img/@src | .//source/@srcset"))
    links = html.xpath(".//a/@href")
    assert f"{SITE}/berkas/dinkes/2026-11-22-jadwal-posyandu.pdf" in links


def test_attachments_listed_with_type_and_size_and_published_unchanged(media):
    _, content, output, _ = media
    doc = page(output)
    items = doc.xpath('//section[@class="warta-attachments"]//li')
    texts = [" ".join(item.text_content().split()) for item in items]
    assert texts == ["Jadwal posyandu per kecamatan (PDF, 1 KB)", "Data balita ditimbang (CSV, 1 KB)"]
    href = items[0].xpath(".//a/@href")[0]
    assert href == "/berkas/dinkes/2026-11-22-jadwal-posyandu.pdf"
    source = content / "berita/dinkes/berkas/2026-11-22-jadwal-posyandu.pdf"
    assert (output / href.lstrip("/")).read_bytes() == source.read_bytes()
    # Inside the page's search body, so Pagefind indexes the attachment titles.
    assert doc.xpath('//*[@data-pagefind-body]//section[@class="warta-attachments"]')


def test_unchanged_photos_are_never_decoded_again(tmp_path, monkeypatch):
    site = make_site(tmp_path, "media_release")
    add_photos(site)
    out = tmp_path / "output"
    cache = tmp_path / ".cache"
    build_site(site, out, "publishconf.py", SITEURL=SITE, WARTA_CACHE_DIR=str(cache))
    before = {path: path.stat().st_ino for path in published_images(out)}

    import warta_media.store

    made = []
    real = warta_media.store.derive
    monkeypatch.setattr(warta_media.store, "derive", lambda source, *args: made.append(source) or real(source, *args))
    # One new release with one new photo, and a release of text only: one photo is made, no other read.
    write_photo(site / "berita/dinkes/gambar/2026-11-23-baru.jpg", 1200, 900, seed=40)
    (site / "berita/dinkes/2026-11-23-posyandu-lanjutan.md").write_text(
        "---\ntitle: Posyandu Lanjutan\ndate: 2026-11-23 09:00\nregion: [majene]\nauthor: Rina Fiktif\n"
        "image:\n  src: gambar/2026-11-23-baru.jpg\n  alt: Kader menimbang bayi\n---\nIsi.\n", encoding="utf-8")
    build_site(site, out, "publishconf.py", SITEURL=SITE, WARTA_CACHE_DIR=str(cache))
    assert [Path(source).name for source in made] == ["2026-11-23-baru.jpg"]
    after = {path: path.stat().st_ino for path in published_images(out)}
    assert all(after[path] == inode for path, inode in before.items()), "unchanged derivatives are linked"


def _bomb(path: Path, side: int = 10_000) -> None:
    """A 1-bit PNG of side×side pixels (100 megapixels) in a few kilobytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress(b"\x00" * ((side // 8 + 1) * side), 9)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def test_check_refuses_bad_photos_and_files_with_file_and_line(tmp_path):
    content = make_site(tmp_path, "invalid_media")
    folder = content / "berita/dinkes"
    _bomb(folder / "gambar/bom.png")
    assert (folder / "gambar/bom.png").stat().st_size < 50_000
    with open(folder / "berkas/besar.pdf", "wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(21 * 1024 * 1024)  # sparse: over the 20 MB limit without writing it
    result = subprocess.run([sys.executable, "-m", "invoke", "check", "--content", str(content)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    path = "content/berita/dinkes/2026-11-21-foto-dan-berkas-salah.md"
    lines = [line for line in result.stdout.splitlines() if line.startswith(path)]
    expected = [
        (7, "image.src", "'gambar/teks.jpg' bukan gambar yang dapat dibaca"),
        (10, "galeri.src", "berkas gambar 'gambar/tidak-ada.jpg' tidak ditemukan"),
        (11, "galeri.src", "gambar 'gambar/bom.png' terlalu besar (10000×10000 piksel, batas 40 megapiksel)"),
        (12, "galeri.src", "'gambar/logo.svg' adalah gambar SVG, bukan foto"),
        (14, "lampiran.src", "lampiran 'berkas/program.pdf' ditolak: isinya bukan PDF"),
        (15, "lampiran.src", "lampiran 'berkas/besar.pdf' terlalu besar (22,0 MB, batas 20,0 MB)"),
        (19, "isi", "teks alternatif (alt) foto kosong"),
    ]
    for line, field, words in expected:
        prefix = f"{path}:{line}: {field}: "
        found = [text for text in lines if text.startswith(prefix)]
        assert found and words in found[0] and " — " in found[0], (prefix, words, lines)


@pytest.mark.browser  # needs java and vnu.jar, like the browser tests
def test_gallery_body_photo_and_attachment_markup_is_valid_html(media):
    import tools

    _, _, output, _ = media
    errors = tools.run_vnu([output / PAGE, output / "index.html", output / "opd/dinkes/index.html"])
    assert errors == [], "\n".join(errors)


def test_atom_and_json_feed_list_gallery_photos_with_lengths(media):
    import json

    _, _, output, _ = media
    atom = etree.parse(str(output / "atom.xml")).getroot()
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entry = next(entry for entry in atom.findall("atom:entry", ns) if "Posyandu" in entry.findtext("atom:title", namespaces=ns))
    enclosures = entry.findall("atom:link[@rel='enclosure']", ns)
    assert len(enclosures) == 5
    for link in enclosures:
        assert int(link.get("length")) == (output / link.get("href")[len(SITE) + 1:]).stat().st_size
    feed = json.loads((output / "feed.json").read_text(encoding="utf-8"))
    item = next(item for item in feed["items"] if "Posyandu" in item["title"])
    assert len(item["attachments"]) == 5
    assert item["image"] == item["attachments"][0]["url"]
