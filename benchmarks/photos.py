"""Deterministic phone-like photos for tests and benchmarks: same seed, same bytes, no files committed.

A photo is a smooth gradient with shapes and sensor-like noise, so that it compresses like a real
one (a 4000×3000 JPEG at quality 90 is a few megabytes), optionally with EXIF orientation and a
GPS position, the metadata a published derivative must never carry.
"""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

GPS_TAG = 0x8825
ORIENTATION_TAG = 0x0112


def photo(width: int, height: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    small = Image.new("RGB", (16, 12))
    small.putdata([tuple(rng.randrange(40, 220) for _ in range(3)) for _ in range(16 * 12)])
    image = small.resize((width, height), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(24):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(width // 40, width // 6)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - radius, y - radius // 2, x + radius, y + radius // 2), fill=colour)
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    return Image.blend(image, noise, 0.12)


def exif(orientation: int | None = None, gps: bool = False) -> Image.Exif:
    data = Image.Exif()
    data[0x010F] = "Warta Phone"  # Make
    if orientation:
        data[ORIENTATION_TAG] = orientation
    if gps:
        # A home in Mamuju: exactly what must not reach the public site.
        data[GPS_TAG] = {1: "S", 2: (2.0, 40.0, 30.0), 3: "E", 4: (118.0, 53.0, 10.0)}
    return data


def write_photo(path, width: int, height: int, seed: int, *, orientation: int | None = None, gps: bool = False,
                quality: int = 90, format: str | None = None) -> None:
    """A photo stored `width` x `height` as written (before orientation), with the given EXIF."""
    image = photo(width, height, seed)
    if format == "HEIF" or str(path).lower().endswith((".heic", ".heif")):
        from pillow_heif import register_heif_opener

        register_heif_opener()
        image.save(path, "HEIF", quality=60, exif=exif(orientation, gps).tobytes())
        return
    image.save(path, format or "JPEG", quality=quality, exif=exif(orientation, gps).tobytes())
