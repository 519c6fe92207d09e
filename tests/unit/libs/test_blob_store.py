"""One contract, every blob store: the in-memory fake is held to what the filesystem adapter does.

A photo is kept under its enterprise and named by its content; the same bytes give the same id,
another enterprise's id finds nothing, and a record naming photos learns which were never received.
"""

from __future__ import annotations

import asyncio
import os

import pytest
from pydantic import Field, ValidationError

from libs.blobs import (
    FilesystemBlobStore,
    InMemoryBlobStore,
    PhotoId,
    PhotosMissing,
    is_photo_id,
    photo_id,
    refuse_missing,
)
from libs.commands import Command

JPEG = b"\xff\xd8\xff\xe0" + b"a photo of the valve" * 10
PNG = b"\x89PNG\r\n\x1a\n" + b"a photo of the gauge"


@pytest.fixture(params=["memory", "filesystem"])
def store(request, tmp_path):
    return InMemoryBlobStore() if request.param == "memory" else FilesystemBlobStore(tmp_path / "blobs")


async def test_a_photo_put_is_got_back_by_its_id(store):
    blob_id = await store.put("ent-1", JPEG)
    assert is_photo_id(blob_id) and blob_id == photo_id("ent-1", JPEG)
    assert await store.get("ent-1", blob_id) == JPEG


async def test_the_same_bytes_twice_are_one_photo(store):
    assert await store.put("ent-1", JPEG) == await store.put("ent-1", JPEG)
    assert await store.missing("ent-1", [photo_id("ent-1", JPEG)]) == []


async def test_the_same_bytes_in_two_enterprises_are_two_photos(store):
    ours, theirs = await store.put("ent-1", JPEG), await store.put("ent-2", JPEG)
    assert ours != theirs


async def test_another_enterprises_id_finds_nothing(store):
    theirs = await store.put("ent-2", JPEG)
    assert await store.get("ent-1", theirs) is None
    assert await store.missing("ent-1", [theirs]) == [theirs]


async def test_an_id_never_received_or_not_an_id_at_all_finds_nothing(store):
    assert await store.get("ent-1", "0" * 64) is None
    assert await store.get("ent-1", "../../etc/passwd") is None
    assert await store.get("ent-1", "") is None


async def test_missing_names_each_id_not_received_once_in_the_order_given(store):
    kept = await store.put("ent-1", PNG)
    unknown_a, unknown_b = "a" * 64, "b" * 64
    assert await store.missing("ent-1", [unknown_b, kept, unknown_a, unknown_b, "nonsense"]) == [
        unknown_b, unknown_a, "nonsense"]
    assert await store.missing("ent-1", []) == []


async def test_concurrent_puts_of_the_same_photo_keep_one(store):
    ids = await asyncio.gather(*(store.put("ent-1", JPEG) for _ in range(8)))
    assert len(set(ids)) == 1 and await store.get("ent-1", ids[0]) == JPEG


async def test_a_record_naming_photos_not_received_is_refused_with_the_missing_ids(store):
    kept = await store.put("ent-1", JPEG)
    await refuse_missing(store, "ent-1", [kept])  # all there: nothing raised
    with pytest.raises(PhotosMissing) as refused:
        await refuse_missing(store, "ent-1", [kept, "c" * 64], field="photos")
    assert refused.value.missing == ["c" * 64]
    assert (refused.value.status, refused.value.field) == (422, "photos")
    assert "c" * 64 in refused.value.message and "尚未上传" in refused.value.message


class RecordCheck(Command):
    photo_ids: list[PhotoId] = Field(default_factory=list, max_length=9)


def test_a_command_names_its_photos_by_the_ids_their_uploads_answered():
    assert RecordCheck.model_validate({"photo_ids": [photo_id("ent-1", JPEG)]}).photo_ids == [photo_id("ent-1", JPEG)]
    with pytest.raises(ValidationError) as refused:
        RecordCheck.model_validate({"photo_ids": ["现场.jpg"]})
    assert refused.value.errors()[0]["type"] == "string_pattern_mismatch"


# ── the filesystem adapter's own promises ──────────────────────────────────────────────────────
async def test_files_fan_out_under_their_enterprise_and_leave_no_temporary_file(tmp_path):
    store = FilesystemBlobStore(tmp_path)
    blob_id = await store.put("ent-1", JPEG)
    assert store.path_of("ent-1", blob_id) == tmp_path / "ent-1" / blob_id[:2] / blob_id[2:4] / blob_id
    assert [p.name for p in (tmp_path / "ent-1" / blob_id[:2] / blob_id[2:4]).iterdir()] == [blob_id]


async def test_an_enterprise_id_that_is_no_plain_name_stays_inside_the_root(tmp_path):
    store = FilesystemBlobStore(tmp_path / "root")
    blob_id = await store.put("../escape", JPEG)
    path = store.path_of("../escape", blob_id)
    assert path.is_file() and (tmp_path / "root") in path.parents and path.parent.parent.parent.name.startswith("~")
    assert await store.get("../escape", blob_id) == JPEG


async def test_a_temporary_file_left_by_a_crash_is_no_photo(tmp_path):
    store = FilesystemBlobStore(tmp_path)
    blob_id = photo_id("ent-1", JPEG)
    folder = store.path_of("ent-1", blob_id).parent
    folder.mkdir(parents=True)
    (folder / ".tmp-crashed").write_bytes(JPEG[:5])
    assert await store.missing("ent-1", [blob_id]) == [blob_id]
    assert await store.get("ent-1", ".tmp-crashed") is None
    await store.put("ent-1", JPEG)
    assert await store.get("ent-1", blob_id) == JPEG
    assert sorted(os.listdir(folder)) == [".tmp-crashed", blob_id]
