"""The writers' tools: `invoke new` makes a valid, correctly named file; the template validates."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from sitebuild import DEMO_CONTENT, ROOT, demo_settings, make_site


def invoke(*args):
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_new_release_is_named_placed_and_valid(tmp_path):
    from pelican.settings import read_settings
    from warta_ops.newrelease import create_release
    from warta_core.settings import with_defaults

    content = make_site(tmp_path)
    settings = with_defaults(read_settings(demo_settings(),
                                           override={"PATH": str(content), "WARTA_NOW": "2026-11-24T10:15:00+08:00"}))
    path = create_release(settings, "bpbd", "BPBD Gelar Simulasi: Gempa & Tsunami", ["majene", "sulbar"], "Ani")
    assert path == str(content / "berita/bpbd/2026-11-24-bpbd-gelar-simulasi-gempa-tsunami.md")
    text = Path(path).read_text(encoding="utf-8")
    assert 'title: "BPBD Gelar Simulasi: Gempa & Tsunami"' in text
    assert "date: 2026-11-24 10:15" in text and "status: draft" in text
    result = invoke("check", "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr


def test_new_release_rejects_unknown_opd_with_suggestion(tmp_path):
    result = invoke("new", "--opd", "dinks", "--title", "Judul", "--content", str(make_site(tmp_path)))
    assert result.returncode == 2
    assert "Maksud Anda 'dinkes'?" in result.stderr + result.stdout


def test_copyable_template_validates(tmp_path):
    content = make_site(tmp_path)
    # Another OPD than the base site's release of the same minute, whose identity it would share.
    shutil.copy(ROOT / "docs/templat-rilis.md", content / "berita/bpbd/2026-11-20-contoh-dari-templat.md")
    photo = DEMO_CONTENT / "berita/dinkes/gambar/2026-11-20-dinas-kesehatan-gelar-vaksinasi-massal-di-majene.jpg"
    (content / "berita/bpbd/gambar").mkdir()
    for name in ("contoh", "contoh-antre", "contoh-catat"):
        shutil.copy(photo, content / f"berita/bpbd/gambar/2026-11-20-{name}.jpg")
    (content / "berita/bpbd/berkas").mkdir()
    (content / "berita/bpbd/berkas/2026-11-20-contoh-jadwal.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = invoke("check", "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr


def test_new_release_offers_gallery_and_attachments_ready_to_uncomment(tmp_path):
    from pelican.settings import read_settings
    from warta_ops.newrelease import create_release
    from warta_core.settings import with_defaults

    content = make_site(tmp_path)
    settings = with_defaults(read_settings(demo_settings(),
                                           override={"PATH": str(content), "WARTA_NOW": "2026-11-24T10:15:00+08:00"}))
    path = Path(create_release(settings, "dinkes", "Posyandu Serentak", ["majene"], "Ani"))
    text = path.read_text(encoding="utf-8")
    assert "# galeri:" in text and "# lampiran:" in text
    # Uncommenting the gallery and attachment blocks (and uploading the files they name) is all it takes.
    lines = text.split("\n")
    start = next(number for number, line in enumerate(lines) if line.startswith("# galeri:"))
    end = next(number for number, line in enumerate(lines) if line.startswith("tags:"))
    lines[start:end] = [line[2:] for line in lines[start:end]]
    path.write_text("\n".join(lines), encoding="utf-8")
    photo = DEMO_CONTENT / "berita/dinkes/gambar/2026-11-20-dinas-kesehatan-gelar-vaksinasi-massal-di-majene.jpg"
    shutil.copy(photo, content / "berita/dinkes/gambar/2026-11-24-posyandu-serentak-2.jpg")
    (content / "berita/dinkes/berkas").mkdir()
    (content / "berita/dinkes/berkas/2026-11-24-posyandu-serentak.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = invoke("check", "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr


def test_new_explains_itself_and_what_it_needs():
    assert invoke("new", "--help").returncode == 0
    result = invoke("new")
    assert result.returncode == 2
    assert "Wajib diisi: --opd dan --title" in result.stderr + result.stdout
