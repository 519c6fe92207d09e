"""Photos on the wire: how each dialect writes one (a data URI or bare base64), how large it may
be, and the port that scales one down to fit. The platform holds one photo per field: the first
of a hazard's photos is sent, the others stay with us (the hazard service keeps them all)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Protocol

MEDIA_TYPES = ("image/jpeg", "image/png")
MiB = 1024 * 1024


@dataclass(frozen=True)
class Photo:
    media_type: str  # image/jpeg or image/png
    data: bytes


@dataclass(frozen=True, kw_only=True)
class PhotoRule:
    """How one dialect carries a photo. `max_encoded` bounds the text on the wire (what the
    platform's validation or its column holds), `max_raw` the image itself (the 5 MB the
    interface states)."""

    data_uri: bool
    max_encoded: int
    max_raw: int = 5 * MiB

    def prefix(self, media_type: str) -> str:
        return f"data:{media_type};base64," if self.data_uri else ""


def target_size(rule: PhotoRule, media_type: str = "image/jpeg") -> int:
    """The largest image, in bytes, whose encoding fits the rule: base64 writes 4 characters for
    every 3 bytes (rounded up), after the data-URI prefix when there is one."""
    room = rule.max_encoded - len(rule.prefix(media_type))
    return max(0, min(rule.max_raw, room // 4 * 3))


def encoded(photo: Photo, rule: PhotoRule) -> str:
    return rule.prefix(photo.media_type) + base64.b64encode(photo.data).decode("ascii")


class PhotoTooLarge(Exception):
    """No smaller encoding of this photo fits (the scaler gave up): it is not sent."""


class PhotoScaler(Protocol):
    """Scales a photo down to at most `max_bytes` (JPEG or PNG out). Contract: a photo already
    within the limit comes back unchanged; the same input gives the same bytes (the content hash
    of the record must not move between runs); when nothing fits, PhotoTooLarge."""

    def fit(self, photo: Photo, max_bytes: int) -> Photo: ...


# The park receiver validates 7,340,032 characters ("5M") but stores the photo in a 64 KB column.
PARK_PHOTOS = PhotoRule(data_uri=True, max_encoded=65_535)
UPLOADER_PHOTOS = PhotoRule(data_uri=True, max_encoded=7_340_032)
PROVINCIAL_PHOTOS = PhotoRule(data_uri=False, max_encoded=7_340_032)
