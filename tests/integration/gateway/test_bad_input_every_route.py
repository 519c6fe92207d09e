"""A set of bad inputs sent to every route of every service, as their OpenAPI documents list them,
through the real gateway: every answer is below 500, and every 4xx is `{code, message, field}`
with a Chinese message and no English sentence. A route added tomorrow is walked too.

Per route: missing, malformed, foreign-key and expired tokens; a 60,000-character X-Correlation-Id
and an oversized Authorization (400 naming the header); for a JSON body: a syntax error
(field "body"), NaN and 1e400 inside nested lists (field path), a body over the size limit (413,
with a Content-Length and chunked),
an empty object, each property with a wrong type or too long, an unknown property; for each query
parameter: a wrong type, too long or out of its range; a platform admin asking for an unknown
enterprise (404).
"""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import jwt
import pytest

from libs.auth import ISSUER, issue_token
from libs.http import DEFAULT_MAX_BODY_BYTES
from libs.messages import has_chinese
from tests.integration.gateway.conftest import SERVICES
from tests.integration.risk_registry.directory_helpers import credit_code
from tests.integration.service_client import token

ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}")
METHODS = ("get", "post", "put", "patch", "delete")


def resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:  # Optional[X]: X
        options = [resolve(spec, s) for s in schema["anyOf"] if s.get("type") != "null"]
        return options[0] if options else schema
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return resolve(spec, schema["allOf"][0])
    return schema


def wrong_values(schema: dict) -> list[object]:
    """Values a property of `schema` must refuse."""
    kind, out = schema.get("type"), []
    if "enum" in schema:
        out.append("不存在的取值")
    if kind == "string":
        out += [12345, ["x"]]
        if "maxLength" in schema:
            out.append("长" * (schema["maxLength"] + 1))
        if schema.get("format") in ("date", "date-time"):
            out.append("2020-13-45")
    elif kind in ("integer", "number"):
        out += ["abc", [1]]
        if "minimum" in schema:
            out.append(schema["minimum"] - 1)
        if "maximum" in schema:
            out.append(schema["maximum"] + 1)
    elif kind == "array":
        out += ["abc", {"a": 1}]
        if "maxItems" in schema:
            out.append([None] * (schema["maxItems"] + 1))
    elif kind == "boolean":
        out += ["也许", [True]]
    elif kind == "object":
        out += [5, "abc"]
    else:
        out.append({"unexpected": [1, 2]})
    return out


def wrong_query_values(schema: dict) -> list[str]:
    kind, out = schema.get("type"), []
    if "enum" in schema:
        out.append("nope")
    if kind in ("integer", "number"):
        out += ["abc", "1e400", "NaN"]
        if "minimum" in schema:
            out.append(str(schema["minimum"] - 1))
        if "maximum" in schema:
            out.append(str(schema["maximum"] + 1))
    elif kind == "boolean":
        out.append("maybe")
    elif kind == "string":
        if "maxLength" in schema:
            out.append("x" * (schema["maxLength"] + 1))
        if schema.get("format") in ("date", "date-time"):
            out.append("2020-13-45")
    return out


def path_value(spec: dict, params: dict, name: str, eid: str) -> str:
    """The seeded enterprise, an allowed value of an enum, else an id that exists nowhere."""
    if name == "enterprise_id":
        return eid
    schema = resolve(spec, params.get(name, {}).get("schema", {}))
    return str(schema["enum"][0]) if "enum" in schema else "nope-1"


def bad_tokens(settings) -> dict[str, dict]:
    expired = issue_token(settings, person_id="p", enterprise_id="e", roles=["worker"], ttl=timedelta(seconds=-5))
    foreign = jwt.encode({"iss": ISSUER, "sub": "p", "exp": 2**31}, "another-key-of-at-least-32-bytes!!",
                         algorithm="HS256")
    return {"none": {}, "garbage": {"Authorization": "Bearer abc.def"}, "not bearer": {"Authorization": "Basic eA=="},
            "foreign key": {"Authorization": f"Bearer {foreign}"}, "expired": {"Authorization": f"Bearer {expired}"}}


def check(r: httpx.Response, label: str, wrong: list[str], expect: tuple[int, str | None] | None = None) -> None:
    if r.status_code >= 500:
        wrong.append(f"{label}: {r.status_code} {r.text[:200]}")
        return
    if expect is not None and (r.status_code, r.json().get("field")) != expect:
        wrong.append(f"{label}: expected {expect}, got {r.status_code} {r.text[:200]}")
        return
    if r.status_code < 400:
        return
    try:
        body = r.json()
    except ValueError:
        wrong.append(f"{label}: {r.status_code} is not JSON: {r.text[:200]}")
        return
    if not isinstance(body, dict) or set(body) != {"code", "message", "field"}:
        wrong.append(f"{label}: {r.status_code} shape {body!r:.200}")
    elif not has_chinese(body["message"]) or ENGLISH_SENTENCE.search(body["message"]):
        wrong.append(f"{label}: {r.status_code} message {body['message']!r}")


@pytest.mark.parametrize("service", sorted(SERVICES))
async def test_every_route_answers_bad_input_with_a_chinese_4xx(deployed, service):
    client, _, _, settings = deployed
    admin = token(settings, None, "platform_admin", person="operator")
    r = await client.post("/risk_registry/enterprises", headers=admin, json={
        "name": "宁波某某双氧水有限公司", "credit_code": credit_code(), "industry": "危化",
        "hazchem_code": "330212001"})
    assert r.status_code == 201, r.text
    eid = r.json()["id"]
    officer = token(settings, eid, "safety_officer", person="officer-1")
    spec = (await client.get(f"/{service}/openapi.json")).json()
    wrong: list[str] = []
    routes = 0
    for path, item in spec["paths"].items():
        for method, op in ((m, o) for m, o in item.items() if m in METHODS):
            routes += 1
            params = {p["name"]: p for p in op.get("parameters", [])}
            concrete = re.sub(r"\{(\w+)\}", lambda m, params=params: path_value(spec, params, m.group(1), eid), path)
            url = f"/{service}{concrete}"
            label = f"{method.upper()} {path}"
            who = officer if "{enterprise_id}" in path else admin

            for name, headers in bad_tokens(settings).items():
                check(await client.request(method, url, headers=headers), f"{label} [{name} token]", wrong)
            for header, value in (("x-correlation-id", "c" * 60_000), ("authorization", "Bearer " + "t" * 20_000)):
                r = await client.request(method, url, headers={**who, header: value})
                check(r, f"{label} [{header} of {len(value)}]", wrong, expect=(400, header))
            if "{enterprise_id}" in path:
                unknown = url.replace(eid, "ent-unknown", 1)
                r = await client.request(method, unknown, headers=admin, json={})
                check(r, f"{label} [platform admin, unknown enterprise]", wrong, expect=(404, "enterprise_id"))

            for name, param in params.items():
                if param["in"] != "query":
                    continue
                for value in wrong_query_values(resolve(spec, param.get("schema", {}))):
                    r = await client.request(method, url, headers=who, params={name: value})
                    check(r, f"{label} [?{name}={value[:20]}]", wrong, expect=(422, name))

            body_schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body_schema is None:
                continue
            schema = resolve(spec, body_schema)
            props = schema.get("properties", {})
            first = next(iter(props), "x")
            raw = {"content-type": "application/json", **who}
            for name, content, expect in [
                ("syntax", b'{"' + first.encode() + b'": ', (422, "body")),
                ("nested NaN", f'{{"{first}": [[1, NaN]]}}'.encode(), (422, f"{first}.0.1")),
                ("overflow", f'{{"{first}": {{"a": [1e400]}}}}'.encode(), (422, f"{first}.a.0")),
                ("too large", b"[" + b"1," * (DEFAULT_MAX_BODY_BYTES // 2) + b"1]", (413, "body")),
            ]:
                r = await client.request(method, url, headers=raw, content=content)
                check(r, f"{label} [{name}]", wrong, expect=expect)

            async def chunks():
                for _ in range(DEFAULT_MAX_BODY_BYTES // 65536 + 2):
                    yield b" " * 65536

            r = await client.request(method, url, headers=raw, content=chunks())
            check(r, f"{label} [too large, chunked]", wrong, expect=(413, "body"))
            check(await client.request(method, url, headers=who, json={}), f"{label} [empty]", wrong)
            check(await client.request(method, url, headers=who, json={"未知字段": 1}), f"{label} [extra]", wrong)
            for prop, prop_schema in props.items():
                for value in wrong_values(resolve(spec, prop_schema)):
                    r = await client.request(method, url, headers=who, json={prop: value})
                    check(r, f"{label} [{prop}={value!r:.30}]", wrong)
    assert routes >= 3
    assert not wrong, f"{len(wrong)} bad answers:\n" + "\n".join(wrong[:60])
