"""Branding from settings: the site logo, the favicon set and web app manifest, OPD logos, theme colours.

Images are read from the content folder, checked by what they are (not by their name), resized
with Pillow and written as PNG; the build never fetches anything.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from warta_core.problems import Problem
from warta_core.urls import FAVICON, ICON_SIZES

LOGO_HEIGHT = 96  # pixels: twice the 48 CSS pixels of the header, sharp on phone screens
LOGO_WIDTH = 480  # pixels: a wide logo with the Pemda's name in it still fits a phone's header
OPD_LOGO_SIZE = 160  # pixels, the longer side
FAVICON_SIZES = [(16, 16), (32, 32), (48, 48)]


@dataclass(frozen=True, slots=True)
class Logo:
    url: str  # site-relative output path
    width: int  # pixels of the file
    height: int

    # Shown at half its pixels: sharp on phone screens that have two pixels per CSS pixel.
    @property
    def css_width(self) -> int:
        return (self.width + 1) // 2

    @property
    def css_height(self) -> int:
        return (self.height + 1) // 2


def open_image(path: str, label: str, field: str, problems: list[Problem], max_pixels: int,
               line: int = 1) -> Image.Image | None:
    """The image at `path`, checked by content; None with a problem when it is not a usable image.

    `max_pixels` is WARTA_MAX_IMAGE_PIXELS, the limit `invoke check` holds OPD logos to."""
    if not os.path.isfile(path) or os.path.islink(path):
        problems.append(Problem(label, line, field, f"berkas gambar '{path}' tidak ditemukan",
                                "simpan gambar PNG atau JPEG di sana, atau perbaiki jalurnya"))
        return None
    try:
        image = Image.open(path)
        if image.width * image.height > max_pixels:
            problems.append(Problem(label, line, field, f"gambar '{path}' terlalu besar ({image.width}×{image.height})",
                                    "perkecil gambar, mis. paling lebar 2000 piksel"))
            return None
        image.load()
    # Pillow reports a cut-short or malformed file as any of these: each is the operator's to fix, never a crash.
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        problems.append(Problem(label, line, field, f"'{path}' bukan gambar yang bisa dibaca",
                                "pakai berkas PNG, JPEG atau WebP"))
        return None
    return image.convert("RGBA")


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def fit(image: Image.Image, width: int, height: int) -> Image.Image:
    """Scaled down (never up) to fit in width × height, keeping its shape."""
    copy = image.copy()
    copy.thumbnail((width, height), Image.Resampling.LANCZOS)
    return copy


def square(image: Image.Image, size: int, background: str | None = None) -> Image.Image:
    """The image centred on a square canvas (transparent, or `background` for icons that need one)."""
    canvas = Image.new("RGBA", (size, size), background or (0, 0, 0, 0))
    inner = fit(image, size, size) if max(image.size) >= size else image.resize(
        (max(1, image.width * size // max(image.size)), max(1, image.height * size // max(image.size))),
        Image.Resampling.LANCZOS)
    canvas.alpha_composite(inner, ((size - inner.width) // 2, (size - inner.height) // 2))
    return canvas


def letter_icon(name: str, color: str, size: int = 512) -> Image.Image:
    """An icon for a site without a logo: the first letter of its name, white on the brand colour."""
    image = Image.new("RGBA", (size, size), color)
    letter = (name.strip()[:1] or "W").upper()
    font = ImageFont.load_default(size=int(size * 0.6))
    draw = ImageDraw.Draw(image)
    box = draw.textbbox((0, 0), letter, font=font)
    draw.text(((size - (box[2] - box[0])) / 2 - box[0], (size - (box[3] - box[1])) / 2 - box[1]), letter,
              font=font, fill="#ffffff")
    return image


def icon_files(source: Image.Image) -> dict[str, bytes]:
    """favicon.ico (16, 32, 48), the Apple touch icon and the manifest's icons, from one square-ish image."""
    files = {name: png(square(source, size, "#ffffff" if name == "apple-touch-icon.png" else None))
             for name, size in ICON_SIZES.items()}
    buffer = io.BytesIO()
    square(source, 256).save(buffer, "ICO", sizes=FAVICON_SIZES)
    files[FAVICON] = buffer.getvalue()
    return files


def manifest(settings, url_for, theme_color: str) -> str:
    """The web app manifest: name, colours and icons, so the site can be added to a phone's home screen."""
    return json.dumps({
        "name": settings["SITENAME"],
        "short_name": settings["SITENAME"][:30],
        "description": settings.get("SITESUBTITLE") or settings["SITENAME"],
        "lang": "id",
        "start_url": url_for(""),
        "scope": url_for(""),
        "display": "browser",
        "theme_color": theme_color,
        "background_color": "#ffffff",
        "icons": [{"src": url_for(name), "sizes": f"{size}x{size}", "type": "image/png"}
                  for name, size in ICON_SIZES.items() if name != "apple-touch-icon.png"],
    }, ensure_ascii=False, indent=2) + "\n"
