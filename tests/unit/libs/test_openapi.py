"""libs.openapi: whatever a route declares for an error status, the document says `ErrorBody`;
the answers every route can give are there without asking; response models let added fields
through and keep timestamps as the services always wrote them."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter
from pydantic import BaseModel

from libs.http import create_app
from libs.openapi import READ, ErrorBody, Record, Timestamp, errors


class Item(Record):
    id: str
    at: Timestamp


def _spec(router: APIRouter) -> dict:
    app = create_app("probe", title="probe")
    app.include_router(router)
    return app.openapi()


def test_every_error_answer_refers_to_the_one_error_body_whatever_the_route_declared():
    class ErrorBody(BaseModel):  # noqa: F811 — a route's own model of the same name, as helpers write them
        code: str

    router = APIRouter()

    @router.get("/a/{x}", response_model=Item, responses={404: {"model": ErrorBody}, 401: {"description": "无令牌"}})
    async def a(x: str):
        ...

    @router.post("/b", response_model=Item, responses=errors(409))
    async def b(body: Item):
        ...

    spec = _spec(router)
    schemas = spec["components"]["schemas"]
    assert "ErrorBody" in schemas and not any(n.endswith("__ErrorBody") for n in schemas), sorted(schemas)
    assert schemas["ErrorBody"]["required"] == ["code", "message", "field"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    a_answers = spec["paths"]["/a/{x}"]["get"]["responses"]
    b_answers = spec["paths"]["/b"]["post"]["responses"]
    assert set(a_answers) == {"200", "401", "404", "422", "400", "503"}
    assert set(b_answers) == {"200", "409", "422", "400", "413", "415", "503"}
    for status, answer in [*a_answers.items(), *b_answers.items()]:
        if status != "200":
            assert answer["content"] == {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    assert a_answers["422"]["description"] == "输入不合法"


def test_an_operation_without_parameters_or_body_documents_no_422():
    router = APIRouter()

    @router.get("/c", response_model=Item, responses=READ)
    async def c():
        ...

    assert "422" not in _spec(router)["paths"]["/c"]["get"]["responses"]


def test_a_record_lets_added_fields_through_and_keeps_isoformat_timestamps():
    at = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
    item = Item.model_validate({"id": "x", "at": at, "kind_label": "部门"})
    assert item.model_dump(mode="json") == {"id": "x", "at": "2026-12-02T04:00:00+00:00", "kind_label": "部门"}
    assert Item.model_json_schema(mode="serialization")["properties"]["at"] == {
        "type": "string", "format": "date-time", "title": "At"}


def test_the_error_body_is_exactly_what_the_handlers_send():
    assert list(ErrorBody.model_fields) == ["code", "message", "field"]
