"""What kind of picture a photo is, read from its first bytes (its magic number): the name of an
uploaded file and the Content-Type a phone sends are only claims, and a browser shown the bytes
back under the wrong type may run them."""

from __future__ import annotations

from enum import StrEnum


class PhotoKind(StrEnum):
    """照片格式: what a photo may be, and the media type it is served back with."""

    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"

    @property
    def media_type(self) -> str:
        return f"image/{self.value}"


_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


def kind_of(data: bytes) -> PhotoKind | None:
    """The kind of picture `data` begins as, or None for anything else (a PDF, a script, a HEIC)."""
    if data.startswith(_JPEG):
        return PhotoKind.JPEG
    if data.startswith(_PNG):
        return PhotoKind.PNG
    # RIFF, a 4-byte little-endian size, then the form type (RFC 9649 §2).
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return PhotoKind.WEBP
    return None
