"""Photos for the media fixtures, generated at test time: a phone photo, an iPhone HEIC, an infographic."""

from __future__ import annotations

from pathlib import Path

from benchmarks.photos import write_photo


def add_photos(content: Path) -> dict[str, Path]:
    folder = content / "berita/dinkes/gambar"
    folder.mkdir(parents=True, exist_ok=True)
    photos = {
        # Stored landscape, shown portrait: EXIF orientation 6 turns it upright to 3000×4000.
        "2026-11-22-posyandu.jpg": dict(width=4000, height=3000, orientation=6, gps=True),
        "2026-11-22-antre.heic": dict(width=1200, height=900, gps=True),
        "2026-11-22-imunisasi.jpg": dict(width=800, height=600, gps=True),
        "2026-11-22-infografis.png": dict(width=1000, height=750, format="PNG"),
        "2026-11-22-kader.jpg": dict(width=1600, height=1200, orientation=3, gps=True),
        "2026-11-22-catat.jpg": dict(width=1024, height=768, gps=True),
    }
    for seed, (name, options) in enumerate(photos.items()):
        write_photo(folder / name, seed=seed, **options)
    return {name: folder / name for name in photos}


def add_heavy_release(content: Path) -> str:
    """A release whose only photo is a 6 MB, 12-megapixel upload; its page URL."""
    photo = content / "berita/dinkes/gambar/2026-11-23-rapat-besar.jpg"
    write_photo(photo, 4000, 3000, seed=99, quality=100, gps=True)
    assert photo.stat().st_size > 6_000_000
    (content / "berita/dinkes/2026-11-23-rapat-koordinasi-stunting.md").write_text(
        "---\ntitle: Rapat Koordinasi Percepatan Penurunan Stunting\ndate: 2026-11-23 09:00\nregion: [majene]\n"
        "author: Rina Fiktif\nimage:\n  src: gambar/2026-11-23-rapat-besar.jpg\n"
        "  alt: Peserta rapat koordinasi di aula Dinkes\n  caption: Rapat di aula Dinkes Sulbar.\n"
        "  credit: Humas Dinkes Sulbar\n---\n"
        "MAJENE — Dinas Kesehatan menggelar rapat koordinasi percepatan penurunan stunting.\n\n"
        "Rapat diikuti perwakilan puskesmas se-Kabupaten Majene.\n", encoding="utf-8")
    return "berita/2026/11/rapat-koordinasi-stunting/"
