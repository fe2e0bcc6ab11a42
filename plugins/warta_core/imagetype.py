"""What an image file really is, read from its bytes: format, MIME type and dimensions.

A file's name says nothing: a text file, an empty file or a PNG named `.jpg` must not be published
and advertised as a JPEG. The format comes from the file's signature, the size from its header.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

import imagesize

# Signature (at offset 0, or a RIFF container's form type) -> (format, MIME type, file name extensions).
FORMATS = {
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "png": ("image/png", (".png",)),
    "gif": ("image/gif", (".gif",)),
    "webp": ("image/webp", (".webp",)),
}


@dataclass(frozen=True, slots=True)
class ImageType:
    format: str  # "jpeg", "png", "gif", "webp"
    mime: str
    extensions: tuple[str, ...]
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


def sniff_format(head: bytes) -> str | None:
    """The image format named by the first bytes of a file, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def image_type(path: str) -> ImageType | None:
    """The real type and size of the image at `path` (a regular file), or None if it is no readable image."""
    with open(path, "rb", opener=lambda name, flags: os.open(name, flags | os.O_NOFOLLOW)) as handle:
        image_format = sniff_format(handle.read(32))
        if image_format is None:
            return None
        handle.seek(0)
        # An open handle, never the name: imagesize fetches names that look like URLs over HTTP.
        try:
            width, height = imagesize.get(handle)
        except (OSError, ValueError, IndexError, struct.error):
            return None
    if width <= 0 or height <= 0:
        return None
    mime, extensions = FORMATS[image_format]
    return ImageType(image_format, mime, extensions, width, height)
