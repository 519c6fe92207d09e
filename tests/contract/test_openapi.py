"""Each service's OpenAPI document is a contract a client can rely on: every error answer has the
one shape the services send, `{code, message, field}` (libs/http.py `error`), and FastAPI's own
`HTTPValidationError` — a shape this system never sends — appears nowhere."""

from __future__ import annotations

import importlib
import json

import pytest

from libs.config import Settings
from libs.http import error
from libs.openapi import ErrorBody
from shuangkong.catalog import catalog

SERVICES = catalog().names  # every service `make run` starts

METHODS = {"get", "put", "post", "patch", "delete"}


def documents() -> dict[str, dict]:
    settings = Settings(dev_mode=True)
    return {name: importlib.import_module(f"services.{name}.app").create_app(settings).openapi()
            for name in SERVICES}


def operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


@pytest.fixture(scope="module")
def specs() -> dict[str, dict]:
    return documents()


def test_no_operation_documents_fastapis_validation_error(specs):
    for name, spec in specs.items():
        assert "HTTPValidationError" not in str(spec), name
        assert "ValidationError" not in spec["components"]["schemas"], name


def test_every_error_answer_of_every_operation_is_the_error_body(specs):
    wrong = []
    for name, spec in specs.items():
        assert spec["components"]["schemas"]["ErrorBody"]["required"] == ["code", "message", "field"]
        for label, operation in operations(spec):
            for status, response in operation["responses"].items():
                if status[0] in "45":
                    schema = response.get("content", {}).get("application/json", {}).get("schema")
                    if schema != {"$ref": "#/components/schemas/ErrorBody"}:
                        wrong.append(f"{name} {label} {status}: {schema}")
    assert not wrong, "\n".join(wrong)


def test_every_operation_documents_the_answers_the_app_gives_whatever_the_route(specs):
    for name, spec in specs.items():
        for label, operation in operations(spec):
            assert {"400", "503"} <= set(operation["responses"]), f"{name} {label}"
            if "requestBody" in operation:
                assert {"413", "415", "422"} <= set(operation["responses"]), f"{name} {label}"


def test_the_error_body_model_is_what_the_handlers_send():
    body = json.loads(error(404, "not_found", "企业不存在").body)
    assert ErrorBody.model_validate(body).model_dump() == body


def test_every_answer_of_every_operation_has_a_schema(specs):
    """A `{}` schema documents nothing and lets `response_schema_conformance` pass anything."""
    empty = []
    for name, spec in specs.items():
        for label, operation in operations(spec):
            for status, response in operation["responses"].items():
                content = response.get("content") or {}
                if not content or any(not media.get("schema") for media in content.values()):
                    empty.append(f"{name} {label} {status}")
    assert not empty, "\n".join(empty)


def _bare(schema: dict) -> bool:
    """`response_model=dict` (or `list[dict]`, `dict | None` …): an object the document says nothing of."""
    if schema.get("type") == "object" and not {"properties", "$ref"} & schema.keys():
        extra = schema.get("additionalProperties", True)
        return extra is True or extra == {}
    if schema.get("type") == "array":
        return _bare(schema.get("items", {}))
    return any(_bare(option) for option in schema.get("anyOf", []))


def test_every_json_answer_names_a_model_not_a_bare_object(specs):
    bare = []
    for name, spec in specs.items():
        for label, operation in operations(spec):
            for status, response in operation["responses"].items():
                if _bare(response.get("content", {}).get("application/json", {}).get("schema", {})):
                    bare.append(f"{name} {label} {status}")
    assert not bare, "\n".join(bare)


def test_the_bare_object_check_sees_dicts_and_lists_of_dicts():
    assert _bare({"type": "object", "additionalProperties": True})
    assert _bare({"type": "array", "items": {"type": "object"}})
    assert _bare({"anyOf": [{"type": "object"}, {"type": "null"}]})
    assert not _bare({"type": "object", "additionalProperties": {"type": "number"}})  # dict[str, float]
    assert not _bare({"$ref": "#/components/schemas/Enterprise"})
