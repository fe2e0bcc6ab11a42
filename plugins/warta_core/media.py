"""What an uploaded photo or document really is, judged by its bytes and never by its name.

Beside `imagetype` (the web formats) and `safefiles` (where a file may be read from): HEIC and SVG
told apart, an image's upright size from its header alone with Pillow (a decompression bomb is
refused before a single pixel is decoded), and office documents by their container's own type.
"""

from __future__ import annotations

import struct
import warnings
import zipfile
from dataclasses import dataclass

from .imagetype import sniff_format

IMAGE_MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif",
              "heif": "image/heif"}
DOCUMENT_MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv",
}
_OOXML = {"wordprocessingml.document.main": "docx", "spreadsheetml.sheet.main": "xlsx",
          "presentationml.presentation.main": "pptx"}
_ODF = {b"application/vnd.oasis.opendocument.text": "odt",
        b"application/vnd.oasis.opendocument.spreadsheet": "ods"}
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}


def image_kind(head: bytes) -> str | None:
    """The image format of a file from its first bytes: jpeg, png, webp, gif, heif, svg or None."""
    known = sniff_format(head)
    if known:
        return known
    if head[4:8] == b"ftyp" and (head[8:12] in _HEIF_BRANDS):
        return "heif"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml", b"<!doctype svg")) and b"<svg" in head.lower():
        return "svg"
    return None


def document_kind(path: str) -> str | None:
    """pdf, docx, xlsx, pptx, odt, ods or csv from the file's content, or None for anything else."""
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _container_kind(path)
    return "csv" if _looks_like_csv(head) else None


def _container_kind(path: str) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return _ODF.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for marker, kind in _OOXML.items():
                    if marker in types:
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def _looks_like_csv(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # a multi-byte character cut by the 8 KiB window is fine
            return False
        text = head[: error.start].decode("utf-8-sig")
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        return False
    first = text.split("\n", 1)[0]
    return any(separator in first for separator in ",;\t")


@dataclass(frozen=True, slots=True)
class Variant:
    """One published file made from an upload (a photo at one width and format, a social card)."""

    url: str  # site-relative
    width: int
    height: int
    length: int  # bytes
    mime: str


_HEIF_READY = False


def register_heif() -> None:
    """Teach Pillow to open HEIC/HEIF (iPhone photos); once per process."""
    global _HEIF_READY
    if not _HEIF_READY:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        _HEIF_READY = True


@dataclass(frozen=True, slots=True)
class ImageFacts:
    kind: str  # jpeg, png, webp, gif, heif
    width: int  # upright: EXIF orientation applied
    height: int


class ImageRefused(ValueError):
    """A file that is not an acceptable photo; `reason` is one of: svg, unknown, pixels, broken."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def _header_size(path: str) -> str:
    """`width×height` read from the header without Pillow, for a message; empty if unreadable."""
    import imagesize

    try:
        with open(path, "rb") as handle:  # a handle, never the name: imagesize fetches URL-like names
            width, height = imagesize.get(handle)
    except (OSError, ValueError, IndexError, struct.error):
        return ""
    return f"{width}×{height}" if width > 0 and height > 0 else ""


def inspect_image(path: str, max_pixels: int) -> ImageFacts:
    """Format and upright size from the header, or ImageRefused; the pixels are decoded once (at
    reduced scale where the format allows) so that a truncated file is refused here, not mid-build."""
    from PIL import Image, UnidentifiedImageError

    with open(path, "rb") as handle:
        head = handle.read(64)
    kind = image_kind(head)
    if kind == "svg":
        raise ImageRefused("svg")
    if kind is None:
        raise ImageRefused("unknown")
    if kind == "heif":
        register_heif()
    try:
        # Pillow's own bomb guard warns inside open(); ours below gives the writer a clear message.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            width, height = image.size
            if width * height > max_pixels:
                raise ImageRefused("pixels", f"{width}×{height}")
            orientation = image.getexif().get(0x0112, 1)
            # The header can be whole while the pixel data is cut short (an upload that stopped half-way):
            # decode once so that check refuses what the photo step could not resize. JPEG decodes at
            # 1/8 scale, which still reads every byte of the compressed data.
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused("pixels", _header_size(path)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ImageRefused("broken", str(error)) from None
    if width < 1 or height < 1:
        raise ImageRefused("broken")
    if orientation in {5, 6, 7, 8}:
        width, height = height, width
    return ImageFacts(kind, width, height)
