"""The photo scaler (照片压缩) with Pillow: a photo larger than the target is re-encoded as JPEG,
first at lower quality, then at smaller sizes, until it fits. Deterministic for one Pillow
version: the same photo and limit give the same bytes (the record's content hash stays put)."""

from __future__ import annotations

import io

from PIL import Image, ImageOps

from services.gov_sync.domain.photos import Photo, PhotoTooLarge

QUALITIES = (85, 70, 55, 40)
SMALLEST_SIDE = 64  # below this a photo shows nothing an inspector could use


class PillowPhotoScaler:
    def fit(self, photo: Photo, max_bytes: int) -> Photo:
        if len(photo.data) <= max_bytes:
            return photo
        with Image.open(io.BytesIO(photo.data)) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
        while min(image.size) >= SMALLEST_SIDE:
            for quality in QUALITIES:
                data = _jpeg(image, quality)
                if len(data) <= max_bytes:
                    return Photo("image/jpeg", data)
            image = image.resize((max(1, image.width * 3 // 4), max(1, image.height * 3 // 4)),
                                 Image.Resampling.LANCZOS)
        raise PhotoTooLarge(f"照片无法压缩到 {max_bytes} 字节以内")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()
