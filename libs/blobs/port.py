"""The port every blob store keeps, the photo id, and the one refusal of a record that names a
photo the store has not received.

A photo id is the SHA-256 of the enterprise id and the bytes: the same bytes uploaded twice (a
phone retrying on a weak signal) give the same id, and the same picture in two enterprises gives
two ids, so an id learnt in one enterprise names nothing in another. Every method takes the
enterprise: a store never answers for a photo of another enterprise, whatever id it is asked for.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Annotated, Protocol

from pydantic import Field, StringConstraints

from libs.errors import AppError

_PHOTO_ID = re.compile(r"[0-9a-f]{64}")

# How a command names a photo (`photo_ids: list[PhotoId]`): the id its upload answered.
PhotoId = Annotated[str, StringConstraints(pattern=f"^{_PHOTO_ID.pattern}$"),
                    Field(description="照片标识: 上传照片（POST …/photos）时得到的 photo_id")]


def photo_id(enterprise_id: str, data: bytes) -> str:
    # The NUL keeps ("ab", "c…") and ("a", "bc…") apart: an enterprise id never contains one.
    return hashlib.sha256(enterprise_id.encode() + b"\0" + data).hexdigest()


def is_photo_id(value: str) -> bool:
    """Whether `value` has the shape of a photo id (and may be used in a path)."""
    return _PHOTO_ID.fullmatch(value) is not None


class BlobStore(Protocol):
    async def put(self, enterprise_id: str, data: bytes) -> str:
        """Keep `data` for the enterprise; its photo id. Putting the same bytes again changes nothing."""
        ...

    async def get(self, enterprise_id: str, blob_id: str) -> bytes | None:
        """The bytes of that enterprise's photo, or None (never received, another's, or no id at all)."""
        ...

    async def missing(self, enterprise_id: str, blob_ids: Iterable[str]) -> list[str]:
        """Of `blob_ids`, those the enterprise has not uploaded: each once, in the order given."""
        ...


class PhotosMissing(AppError):
    """A record names photos not (yet) received: 422, the missing ids in the message."""

    status, code = 422, "photos_missing"

    def __init__(self, missing: list[str], field: str) -> None:
        super().__init__(f"{field}: 以下照片尚未上传，请先上传照片再提交: {', '.join(missing)}", field=field)
        self.missing = missing


async def refuse_missing(store: BlobStore, enterprise_id: str, blob_ids: Iterable[str],
                         field: str = "photo_ids") -> None:
    """Raise `PhotosMissing` naming every photo of `blob_ids` the enterprise has not uploaded.
    A handler calls it before it records anything: a record never points at nothing."""
    missing = await store.missing(enterprise_id, blob_ids)
    if missing:
        raise PhotosMissing(missing, field)
