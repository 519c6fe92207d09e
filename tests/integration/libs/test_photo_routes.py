"""The photo routes on a real service (the test service `watchpost`, wired by build_app on the
real PostgreSQL and broker), multipart through httpx as a phone sends it: any member of the
enterprise uploads, the same bytes give the same id, the bytes come back with their kind's
content type and only inside the enterprise, and anything but a JPEG, PNG or WebP up to the limit
is refused naming `file` — through the gateway too, over real connections.
"""

from __future__ import annotations

import httpx

from libs.blobs import FilesystemBlobStore, photo_id
from tests.integration.gateway.servers import gateway_to, serving
from tests.integration.service_client import running, settings_for, token
from tests.watchpost.app import create_app

MiB = 1024 * 1024
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x42" * 2000
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 500
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x01" * 300


def upload(data: bytes, name: str = "现场.jpg", content_type: str = "image/jpeg") -> dict:
    return {"files": {"file": (name, data, content_type)}}


async def test_a_member_uploads_a_photo_and_reads_it_back_the_same_bytes_giving_the_same_id(
        runtime, database_url, topic_prefix, tmp_path):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, blob_dir=str(tmp_path / "blobs"))
    worker = token(settings, "ent-1", "worker")
    async with running(create_app(settings)) as client:
        first = await client.post("/enterprises/ent-1/photos", headers=worker, **upload(JPEG))
        assert first.status_code == 201, first.text
        assert first.json() == {"photo_id": photo_id("ent-1", JPEG), "kind": "jpeg", "size": len(JPEG)}
        again = await client.post("/enterprises/ent-1/photos", headers=token(settings, "ent-1", "safety_officer"),
                                  **upload(JPEG, name="另一个名字.png", content_type="image/png"))
        assert (again.status_code, again.json()) == (201, first.json())

        served = await client.get(f"/enterprises/ent-1/photos/{first.json()['photo_id']}", headers=worker)
        assert served.status_code == 200 and served.content == JPEG
        assert served.headers["content-type"] == "image/jpeg"
        assert served.headers["x-content-type-options"] == "nosniff"

        for data, kind in ((PNG, "png"), (WEBP, "webp")):  # the kind from the bytes, not the name or label
            answer = await client.post("/enterprises/ent-1/photos", headers=worker, **upload(data))
            assert answer.json()["kind"] == kind
            back = await client.get(f"/enterprises/ent-1/photos/{answer.json()['photo_id']}", headers=worker)
            assert (back.content, back.headers["content-type"]) == (data, f"image/{kind}")
    store = FilesystemBlobStore(tmp_path / "blobs")  # kept where the settings say, under the enterprise
    assert store.path_of("ent-1", photo_id("ent-1", JPEG)).read_bytes() == JPEG


async def test_photos_are_served_only_inside_their_enterprise(runtime, database_url, topic_prefix, tmp_path):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, blob_dir=str(tmp_path))
    ours, theirs = token(settings, "ent-1", "worker"), token(settings, "ent-2", "worker", person="p-2")
    async with running(create_app(settings)) as client:
        photo = (await client.post("/enterprises/ent-1/photos", headers=ours, **upload(JPEG))).json()["photo_id"]
        assert (await client.get(f"/enterprises/ent-1/photos/{photo}", headers=theirs)).status_code == 403
        assert (await client.post("/enterprises/ent-1/photos", headers=theirs, **upload(PNG))).status_code == 403
        # Their own route, our id: no such photo of theirs.
        missing = await client.get(f"/enterprises/ent-2/photos/{photo}", headers=theirs)
        assert (missing.status_code, missing.json()["field"]) == (404, "photo_id")
        assert "照片不存在" in missing.json()["message"]
        # The same picture uploaded by them is a photo of theirs, under another id.
        their_copy = await client.post("/enterprises/ent-2/photos", headers=theirs, **upload(JPEG))
        assert their_copy.json()["photo_id"] != photo

        regulator = token(settings, None, "regulator", person="r-1", jurisdiction=("ent-1",))
        assert (await client.get(f"/enterprises/ent-1/photos/{photo}", headers=regulator)).status_code == 200
        assert (await client.post("/enterprises/ent-1/photos", headers=regulator, **upload(PNG))).status_code == 403
        assert (await client.get(f"/enterprises/ent-1/photos/{photo}")).status_code == 401
        assert (await client.get("/enterprises/ent-1/photos/not-an-id", headers=ours)).status_code == 404


async def test_uploads_pass_up_to_the_limit_and_anything_else_is_refused_naming_the_file(
        runtime, database_url, topic_prefix, tmp_path):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, blob_dir=str(tmp_path))
    worker = token(settings, "ent-1", "worker")
    at_the_limit = JPEG[:4] + b"\x00" * (5 * MiB - 4)
    async with running(create_app(settings)) as client:
        async def refusal(**request) -> tuple[int, str | None, str]:
            answer = await client.post("/enterprises/ent-1/photos", headers=worker, **request)
            return answer.status_code, answer.json()["field"], answer.json()["message"]

        ok = await client.post("/enterprises/ent-1/photos", headers=worker, **upload(at_the_limit))
        assert (ok.status_code, ok.json()["size"]) == (201, 5 * MiB)

        status, field, message = await refusal(**upload(at_the_limit + b"\x00"))
        assert (status, field) == (413, "file") and "5,242,880" in message
        status, field, message = await refusal(**upload(at_the_limit * 2))  # refused at the edge, unread
        assert (status, field) == (413, "file") and "过大" in message

        status, field, message = await refusal(**upload(b"%PDF-1.7\n" + b"x" * 100, name="a.jpg"))
        assert (status, field) == (415, "file") and "JPEG、PNG 或 WebP" in message
        assert (await refusal(**upload(b"<svg/>", content_type="image/svg+xml")))[:2] == (415, "file")
        status, field, message = await refusal(**upload(b""))
        assert (status, field) == (422, "file") and "不能为空" in message
        assert (await refusal(data={"other": "x"}, files={"photo": ("a.jpg", JPEG)}))[:2] == (422, "file")
        assert (await refusal(data={"file": "not a file"}))[:2] == (422, "file")
        # A JSON body stays at the request body limit; the upload's room is for multipart only.
        as_json = {**worker, "content-type": "application/json"}
        big = b"[" + b"0," * MiB + b"0]"
        too_big_json = await client.post("/enterprises/ent-1/photos", headers=as_json, content=big)
        assert (too_big_json.status_code, too_big_json.json()["field"]) == (413, "body")
    assert list(tmp_path.rglob("*.tmp*")) == [] and len(list(tmp_path.rglob("*"))) > 0


async def test_through_the_gateway_a_photo_at_the_limit_passes_and_one_byte_more_is_refused(
        runtime, database_url, topic_prefix, tmp_path):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, blob_dir=str(tmp_path))
    worker = token(settings, "ent-1", "worker")
    at_the_limit = JPEG[:4] + b"\x07" * (5 * MiB - 4)
    async with serving(create_app(settings)) as service, gateway_to(watchpost=service) as gateway, \
            httpx.AsyncClient(base_url=gateway, headers=worker, timeout=30) as client:
        ok = await client.post("/watchpost/enterprises/ent-1/photos", files={"file": ("现场.jpg", at_the_limit)})
        assert (ok.status_code, ok.json()["size"]) == (201, 5 * MiB), ok.text
        back = await client.get(f"/watchpost/enterprises/ent-1/photos/{ok.json()['photo_id']}")
        assert (back.status_code, back.content, back.headers["content-type"]) == (200, at_the_limit, "image/jpeg")
        over = await client.post("/watchpost/enterprises/ent-1/photos", files={"file": ("a.jpg", at_the_limit + b"\0")})
        assert (over.status_code, over.json()["field"]) == (413, "file")
