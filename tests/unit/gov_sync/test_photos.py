"""Photo sizes per dialect and the Pillow scaler's contract."""

from __future__ import annotations

import base64
import io
import random

import pytest
from PIL import Image

from services.gov_sync.adapters.photo_scaler import PillowPhotoScaler
from services.gov_sync.domain.photos import (
    PARK_PHOTOS,
    PROVINCIAL_PHOTOS,
    UPLOADER_PHOTOS,
    MiB,
    Photo,
    PhotoTooLarge,
    encoded,
    target_size,
)


def noisy_png(width: int, height: int) -> Photo:
    """A photo that compresses badly: every pixel different."""
    noise = random.Random(7).randbytes(width * height * 3)  # seeded: the same photo every run
    image = Image.frombytes("RGB", (width, height), noise)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return Photo("image/png", out.getvalue())


def test_the_park_target_fits_its_64_kb_column_after_encoding() -> None:
    size = target_size(PARK_PHOTOS, "image/jpeg")
    assert size == (65_535 - len("data:image/jpeg;base64,")) // 4 * 3 == 49_134
    assert len(encoded(Photo("image/jpeg", b"x" * size), PARK_PHOTOS)) <= 65_535
    assert len(encoded(Photo("image/jpeg", b"x" * (size + 3)), PARK_PHOTOS)) > 65_535


def test_the_uploader_and_the_provincial_variant_take_5_mib() -> None:
    assert target_size(UPLOADER_PHOTOS) == 5 * MiB
    assert target_size(PROVINCIAL_PHOTOS) == 5 * MiB
    assert len(encoded(Photo("image/png", b"x" * 5 * MiB), UPLOADER_PHOTOS)) <= UPLOADER_PHOTOS.max_encoded


def test_encodings() -> None:
    photo = Photo("image/png", b"\x89PNG")
    assert encoded(photo, UPLOADER_PHOTOS) == "data:image/png;base64," + base64.b64encode(b"\x89PNG").decode()
    assert encoded(photo, PROVINCIAL_PHOTOS) == base64.b64encode(b"\x89PNG").decode()


def test_a_photo_within_the_limit_comes_back_unchanged() -> None:
    photo = noisy_png(20, 20)
    assert PillowPhotoScaler().fit(photo, len(photo.data)) is photo


def test_a_large_photo_is_scaled_to_fit_as_jpeg_the_same_every_time() -> None:
    photo = noisy_png(600, 400)
    limit = target_size(PARK_PHOTOS)
    assert len(photo.data) > limit
    fitted = PillowPhotoScaler().fit(photo, limit)
    assert fitted.media_type == "image/jpeg" and len(fitted.data) <= limit
    assert Image.open(io.BytesIO(fitted.data)).format == "JPEG"
    assert PillowPhotoScaler().fit(photo, limit) == fitted


def test_a_limit_nothing_fits_raises() -> None:
    with pytest.raises(PhotoTooLarge):
        PillowPhotoScaler().fit(noisy_png(200, 200), 100)
