"""The default blob store: a directory (`SK_BLOB_DIR`, by default `<run dir>/blobs`).

`<root>/<enterprise>/<id[:2]>/<id[2:4]>/<id>`: one folder per enterprise, so a photo of another
is never found there whatever id is asked for, and two levels of fan-out (65,536 folders) so no
folder grows past a few entries per thousand photos. A photo is written to a temporary file in
its final folder, flushed to disk and renamed over its name: a reader sees the whole photo or
none, a crash leaves at most a `.tmp-…` file (never served: it is no photo id) and two uploads
of the same bytes at once both end with the one file. The file system's work runs in a thread:
a 5 MB write must not stall the event loop's other requests.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from libs.blobs.port import is_photo_id, photo_id

# An enterprise id used as a folder name as it is when it is a plain name; anything else (a `..`,
# a slash) by its hash, under a `~` no plain name starts with.
_PLAIN = re.compile(r"[A-Za-z0-9_-]{1,128}")


class FilesystemBlobStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path_of(self, enterprise_id: str, blob_id: str) -> Path:
        folder = enterprise_id if _PLAIN.fullmatch(enterprise_id) else "~" + hashlib.sha256(
            enterprise_id.encode()).hexdigest()
        return self.root / folder / blob_id[:2] / blob_id[2:4] / blob_id

    async def put(self, enterprise_id: str, data: bytes) -> str:
        blob_id = photo_id(enterprise_id, data)
        await asyncio.to_thread(self._write, self.path_of(enterprise_id, blob_id), data)
        return blob_id

    async def get(self, enterprise_id: str, blob_id: str) -> bytes | None:
        if not is_photo_id(blob_id):
            return None
        return await asyncio.to_thread(_read, self.path_of(enterprise_id, blob_id))

    async def missing(self, enterprise_id: str, blob_ids: Iterable[str]) -> list[str]:
        wanted = list(dict.fromkeys(blob_ids))
        return await asyncio.to_thread(
            lambda: [b for b in wanted if not (is_photo_id(b) and self.path_of(enterprise_id, b).is_file())])

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        if path.is_file():  # content-addressed: the bytes there are these bytes
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _sync_folder(path.parent)  # the rename itself survives a power cut only once its folder is on disk


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
