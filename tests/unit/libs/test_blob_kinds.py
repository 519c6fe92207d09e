"""A photo's kind is read from its first bytes: JPEG, PNG and WebP, nothing else, whatever the
file is called."""

from __future__ import annotations

import pytest

from libs.blobs import PhotoKind, kind_of

JPEG = b"\xff\xd8\xff\xe1" + b"\0" * 20
PNG = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR"
WEBP = b"RIFF" + (1234).to_bytes(4, "little") + b"WEBPVP8 "


@pytest.mark.parametrize(("data", "kind", "media_type"), [
    (JPEG, PhotoKind.JPEG, "image/jpeg"), (PNG, PhotoKind.PNG, "image/png"), (WEBP, PhotoKind.WEBP, "image/webp")])
def test_the_three_kinds_are_known_by_their_magic_bytes(data, kind, media_type):
    assert kind_of(data) is kind and kind.media_type == media_type


@pytest.mark.parametrize("data", [
    b"",
    b"\xff\xd8",                                  # a JPEG cut before its third byte
    b"\x89PNG\r\n",                               # a PNG signature cut short
    b"RIFF\x10\0\0\0WAVEfmt ",                    # RIFF, but a sound
    b"RIFF\x10\0\0\0WEB",                         # too short to say WEBP
    b"%PDF-1.7\n",
    b"GIF89a",
    b"<svg xmlns='http://www.w3.org/2000/svg'/>",  # a picture a browser would run scripts in
    b"\0\0\0\x18ftypheic",                        # HEIC, what iPhones take by default: not taken (yet)
])
def test_anything_else_is_no_photo(data):
    assert kind_of(data) is None
