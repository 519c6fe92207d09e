"""The photo routes as a service's OpenAPI document shows them (held to the contract every
service's document keeps, tests/contract/test_openapi.py), and the HTTP edge's room for an upload:
a multipart body may carry a photo up to the photo limit, a JSON body stays at the body limit,
a multipart body that cannot be parsed is refused in Chinese naming the body, and a store that
cannot write is 503, never a 500."""

from __future__ import annotations

import httpx
import pytest

from libs import photo_routes
from libs.blobs import FilesystemBlobStore, InMemoryBlobStore
from libs.config import Settings
from libs.edge import UPLOAD_ENVELOPE_BYTES
from libs.http import create_app
from tests.contract import test_openapi as contract
from tests.integration.service_client import token
from tests.watchpost.app import create_app as create_watchpost

BODY_LIMIT, PHOTO_LIMIT = 4096, 20_000
JPEG = b"\xff\xd8\xff\xe0"


@pytest.fixture(scope="module")
def specs() -> dict[str, dict]:
    return {"watchpost": create_watchpost(Settings(dev_mode=True)).openapi()}


@pytest.mark.parametrize("check", [
    contract.test_no_operation_documents_fastapis_validation_error,
    contract.test_every_error_answer_of_every_operation_is_the_error_body,
    contract.test_every_operation_documents_the_answers_the_app_gives_whatever_the_route,
    contract.test_every_answer_of_every_operation_has_a_schema,
    contract.test_every_json_answer_names_a_model_not_a_bare_object,
])
def test_a_service_with_the_photo_routes_keeps_the_openapi_contract(specs, check):
    check(specs)


def test_the_document_says_what_an_upload_takes_and_answers(specs):
    upload = specs["watchpost"]["paths"]["/enterprises/{enterprise_id}/photos"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {"201", "401", "403", "413", "415", "422"} <= set(upload["responses"])
    assert upload["responses"]["415"]["description"] != "请求体须为 JSON (Content-Type: application/json)"
    served = specs["watchpost"]["paths"]["/enterprises/{enterprise_id}/photos/{photo_id}"]["get"]
    assert set(served["responses"]["200"]["content"]) == {"image/jpeg", "image/png", "image/webp"}


@pytest.fixture
async def client():
    settings = Settings(dev_mode=True, max_upload_bytes=PHOTO_LIMIT)
    app = create_app("svc", title="svc", max_body_bytes=BODY_LIMIT, max_upload_bytes=PHOTO_LIMIT)
    app.state.settings, app.state.blobs = settings, InMemoryBlobStore()
    app.include_router(photo_routes.router())
    worker = token(settings, "ent-1", "worker")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t", headers=worker) as c:
        yield c


async def test_a_photo_larger_than_a_json_body_passes_up_to_the_photo_limit(client):
    answer = await client.post("/enterprises/ent-1/photos", files={"file": ("a.jpg", JPEG + b"\0" * (PHOTO_LIMIT - 4))})
    assert (answer.status_code, answer.json()["size"]) == (201, PHOTO_LIMIT)


async def test_past_the_photo_limit_and_its_envelope_the_edge_refuses_the_upload_unread(client):
    body = b"\0" * (PHOTO_LIMIT + UPLOAD_ENVELOPE_BYTES + 1)
    answer = await client.post("/enterprises/ent-1/photos", content=body,
                               headers={"content-type": "multipart/form-data; boundary=x"})
    assert (answer.status_code, answer.json()["field"], answer.headers["connection"]) == (413, "file", "close")
    assert "上传的文件过大" in answer.json()["message"]


async def test_a_json_body_keeps_the_body_limit(client):
    answer = await client.post("/enterprises/ent-1/photos", content=b'"' + b"x" * BODY_LIMIT + b'"',
                               headers={"content-type": "application/json"})
    assert (answer.status_code, answer.json()["field"]) == (413, "body")


@pytest.mark.parametrize("content_type", ["multipart/form-data; boundary=zz", "multipart/form-data"])
async def test_a_multipart_body_that_cannot_be_parsed_is_refused_naming_the_body(client, content_type):
    answer = await client.post("/enterprises/ent-1/photos", content=b"garbage", headers={"content-type": content_type})
    assert (answer.status_code, answer.json()["code"], answer.json()["field"]) == (400, "invalid_body", "body")
    assert "multipart/form-data" in answer.json()["message"]


async def test_a_store_that_cannot_write_or_read_answers_503_in_chinese(tmp_path):
    settings = Settings(dev_mode=True)
    app = create_app("svc", title="svc")
    (tmp_path / "a-file").write_bytes(b"")  # the configured folder is a file: no folder can be made in it
    app.state.settings, app.state.blobs = settings, FilesystemBlobStore(tmp_path / "a-file")
    app.include_router(photo_routes.router())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t",
                                 headers=token(settings, "ent-1", "worker")) as client:
        put = await client.post("/enterprises/ent-1/photos", files={"file": ("a.jpg", JPEG)})
        got = await client.get("/enterprises/ent-1/photos/" + "a" * 64)
    assert (put.status_code, put.json()["code"], got.status_code) == (503, "unavailable", 503)
    assert "照片存储" in put.json()["message"]
