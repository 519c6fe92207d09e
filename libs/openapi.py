"""The OpenAPI document as a contract: one error body, the error answers a route declares, and
the app-wide answers every route can give.

Every 4xx/5xx answer of every service has the shape `{code, message, field}` (libs/http.py
`error`); `ErrorBody` is that shape as a model, so the document says so. A route declares the
errors its handler can raise with `errors(...)` (or the `READ` / `WRITE` sets); the answers no
route chooses — 400 from the request middleware, 422 from validation, 413 for an oversized body,
503 when the database is unreachable — are added to every operation by `install`, which also
replaces FastAPI's own `HTTPValidationError` (a shape this system never sends) with `ErrorBody`.
Response models derive from `Record`, which lets fields added later pass through.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

# A point in time as the services have always written it (`isoformat()`: "+00:00", where pydantic
# alone would write "Z"), so declaring a response model does not change a byte of the answer.
Timestamp = Annotated[datetime, PlainSerializer(datetime.isoformat, return_type=str, when_used="json"),
                      WithJsonSchema({"type": "string", "format": "date-time"})]


class Record(BaseModel):
    """Base of a response model: the fields a client can rely on are declared; fields added later
    (labels, names of related things) pass through and are allowed by the document
    (`additionalProperties: true`), so adding a field never breaks a client or the contract."""

    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    """What every refused or failed request answers."""

    model_config = ConfigDict(title="ErrorBody")

    code: str = Field(description="机器可读的错误码, 如 invalid_input, not_found, conflict")
    message: str = Field(description="给人看的中文说明")
    field: str | None = Field(description="出错的字段路径 (如 lec.major); 与具体字段无关时为 null")


DESCRIPTIONS: dict[int, str] = {
    400: "请求无效 (路径、查询或请求头不合法)",
    401: "未登录或令牌无效",
    403: "无权访问或无权修改",
    404: "对象不存在",
    409: "冲突: 重名、版本冲突或仍有未交接的职责",
    413: "请求体过大",
    415: "请求体须为 JSON (Content-Type: application/json)",
    422: "输入不合法",
    503: "服务暂时不可用",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for these error statuses, each with the `ErrorBody` shape."""
    return {status: {"model": ErrorBody, "description": DESCRIPTIONS[status]} for status in statuses}


# The usual sets. Every enterprise-scoped route can answer 401 (no or bad token), 403 (another
# tenant, or a role that may not write) and 404 (the enterprise or the object does not exist).
READ = errors(401, 403, 404)
WRITE = errors(401, 403, 404, 409, 422)


def file_responses(*media_types: str, description: str = "文件下载") -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route whose 200 is a file (CSV, XLSX, SVG …), not JSON."""
    return {200: {"description": description,
                  "content": {m: {"schema": {"type": "string", "format": "binary"}} for m in media_types}}}


# Answers the app gives whatever the route: the request middleware refuses a bad path, query or
# header with 400; a database outage is 503 everywhere; a body above the limit is 413, one that
# is not JSON 415.
_EVERY_OPERATION = (400, 503)
_WITH_BODY = (413, 415, 422)
_METHODS = ("get", "put", "post", "patch", "delete", "head", "options")
_REF = "#/components/schemas/"


def install(app: FastAPI) -> None:
    """Make `app.openapi()` the contract: `ErrorBody` for every error answer, including the ones no
    route declares (see module docstring)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = contract(get_openapi(
                title=app.title, version=app.version, openapi_version=app.openapi_version,
                summary=app.summary, description=app.description, routes=app.routes,
                tags=app.openapi_tags, servers=app.servers))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise it


def contract(spec: dict[str, Any]) -> dict[str, Any]:
    """`spec` with every error answer given as `ErrorBody` (pure; exposed for tests).

    Every 4xx/5xx this system sends has that one shape (the handlers in libs/http.py make sure),
    so whatever a route declared for an error status, the document says `ErrorBody`; a model of
    the same shape declared elsewhere under the same name (FastAPI would then rename both) or
    FastAPI's `HTTPValidationError` is left unreferenced and dropped."""
    error_content = {"application/json": {"schema": {"$ref": _REF + "ErrorBody"}}}
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            statuses = [*_EVERY_OPERATION]
            if "requestBody" in operation:
                statuses += _WITH_BODY
            if operation.get("parameters"):
                statuses.append(422)
            for status in statuses:
                responses.setdefault(str(status), {"description": DESCRIPTIONS[status]})
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    if _REF + "HTTPValidationError" in str(response.get("content")):
                        response["description"] = DESCRIPTIONS[422]
                    response["content"] = error_content
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorBody"] = ErrorBody.model_json_schema(ref_template=_REF + "{model}")
    used = _referenced(spec.get("paths", {}), schemas)
    for name in [n for n in schemas if n not in used]:
        del schemas[name]
    return spec


def _referenced(root: Any, schemas: dict[str, Any]) -> set[str]:
    """Names of the component schemas reachable from `root` through `$ref`s."""
    seen: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(_REF):
                name = ref[len(_REF):]
                if name not in seen and name in schemas:
                    seen.add(name)
                    stack.append(schemas[name])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return seen
