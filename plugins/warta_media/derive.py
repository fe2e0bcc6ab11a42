"""Making the published versions of one photo with Pillow: widths in WebP and JPEG, a social card.

Every output is decoded from the upload once (JPEG in draft mode, at the smallest scale that still
covers the largest output), turned upright by its EXIF orientation, converted to sRGB, and saved
with no metadata at all: phone photos carry the GPS position of where they were taken.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from dataclasses import asdict, dataclass

from PIL import Image, ImageCms, ImageOps

from warta_core.media import register_heif

VERSION = 1  # bump when the output of `derive` changes for the same input and plan


@dataclass(frozen=True)
class Plan:
    """What to make of every photo; part of each derivative's cache key."""

    widths: tuple[int, ...]
    webp_quality: int
    jpeg_quality: int
    social_size: tuple[int, int]
    social_max_bytes: int

    @classmethod
    def from_settings(cls, settings) -> "Plan":
        return cls(tuple(sorted(settings["WARTA_IMAGE_WIDTHS"])), settings["WARTA_IMAGE_WEBP_QUALITY"],
                   settings["WARTA_IMAGE_JPEG_QUALITY"], tuple(settings["WARTA_IMAGE_SOCIAL_SIZE"]),
                   settings["WARTA_IMAGE_SOCIAL_MAX_BYTES"])

    def widths_for(self, width: int) -> list[int]:
        """The planned widths a photo `width` pixels wide can fill; never upscaled, never none."""
        fitting = [target for target in self.widths if target <= width]
        return fitting or [width]

    def identity(self) -> str:
        return repr((VERSION, Image.__version__, sorted(asdict(self).items())))


def scaled_height(width: int, height: int, target: int) -> int:
    return max(1, round(height * target / width))


_SRGB = None


def _to_srgb(image: Image.Image) -> Image.Image:
    global _SRGB
    icc = image.info.get("icc_profile")
    if image.mode not in {"RGB", "L"}:
        if image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            image = flat
        elif not icc:
            image = image.convert("RGB")
    if icc:
        try:
            if _SRGB is None:
                _SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            image = image.convert("RGB")  # a broken profile: the pixels are taken as sRGB
    if image.mode != "RGB":
        image = image.convert("RGB")
    return image


def _clean(image: Image.Image) -> Image.Image:
    """No EXIF, GPS, XMP, ICC or comment may travel with a published file."""
    image.info = {}
    return image


def _save(image: Image.Image, path: str, kind: str, quality: int) -> int:
    _clean(image)
    if kind == "webp":
        image.save(path, "WEBP", quality=quality, method=4)
    else:
        image.save(path, "JPEG", quality=quality, optimize=True, progressive=True)
    return os.path.getsize(path)


def _social(image: Image.Image, size: tuple[int, int], max_bytes: int, path: str, quality: int) -> int:
    """A card cropped around the centre; the JPEG quality drops until the file fits `max_bytes`."""
    card = ImageOps.fit(image, size, Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    for attempt in range(quality, 29, -8):
        length = _save(card, path, "jpeg", attempt)
        if length <= max_bytes:
            return length
    card = card.resize((size[0] // 2, size[1] // 2), Image.Resampling.LANCZOS)  # a noise photo: halve it
    return _save(card, path, "jpeg", 60)


def open_upright(source: str, need_width: int, need_height: int) -> Image.Image:
    """The photo decoded at no less than `need_width` x `need_height` (upright), in sRGB, without metadata."""
    register_heif()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked against our own limit
        image = Image.open(source)
    orientation = image.getexif().get(0x0112, 1)
    stored_w, stored_h = (need_height, need_width) if orientation in {5, 6, 7, 8} else (need_width, need_height)
    if image.format == "JPEG":
        image.draft("RGB", (stored_w, stored_h))  # decode at 1/2, 1/4 or 1/8 scale when that still covers
    image.load()
    image = ImageOps.exif_transpose(image)
    return _to_srgb(image)


def derive(source: str, folder: str, plan: Plan, width: int, height: int) -> dict:
    """Write every derivative of `source` (upright size `width` x `height`) into `folder`; its manifest."""
    widths = plan.widths_for(width)
    social_w, social_h = plan.social_size
    cover = max(social_w / width, social_h / height)
    need = max(widths[-1], min(width, math.ceil(width * cover)))
    image = open_upright(source, need, scaled_height(width, height, need))
    variants = []
    base = image
    for target in reversed(widths):
        size = (target, scaled_height(width, height, target))
        # From the previous (next larger) size: each step reduces little, so it stays fast and sharp.
        resized = base if base.size == size else base.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
        for kind, quality in (("webp", plan.webp_quality), ("jpeg", plan.jpeg_quality)):
            name = f"{target}.{'webp' if kind == 'webp' else 'jpg'}"
            length = _save(resized, os.path.join(folder, name), kind, quality)
            variants.append({"name": name, "width": size[0], "height": size[1], "length": length,
                             "mime": f"image/{kind}"})
        base = resized
    social_length = _social(image, plan.social_size, plan.social_max_bytes, os.path.join(folder, "social.jpg"),
                            plan.jpeg_quality)
    with Image.open(os.path.join(folder, "social.jpg")) as card:
        social = {"name": "social.jpg", "width": card.width, "height": card.height, "length": social_length,
                  "mime": "image/jpeg"}
    return {"variants": sorted(variants, key=lambda v: (v["mime"], v["width"])), "social": social}
