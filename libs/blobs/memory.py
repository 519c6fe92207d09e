"""The in-memory blob store: the fake the unit tests run on, held to the same contract suite as
the filesystem adapter (tests/unit/libs/test_blob_store.py)."""

from __future__ import annotations

from collections.abc import Iterable

from libs.blobs.port import photo_id


class InMemoryBlobStore:
    def __init__(self) -> None:
        self._blobs: dict[tuple[str, str], bytes] = {}

    async def put(self, enterprise_id: str, data: bytes) -> str:
        blob_id = photo_id(enterprise_id, data)
        self._blobs.setdefault((enterprise_id, blob_id), bytes(data))
        return blob_id

    async def get(self, enterprise_id: str, blob_id: str) -> bytes | None:
        return self._blobs.get((enterprise_id, blob_id))

    async def missing(self, enterprise_id: str, blob_ids: Iterable[str]) -> list[str]:
        return [b for b in dict.fromkeys(blob_ids) if (enterprise_id, b) not in self._blobs]
