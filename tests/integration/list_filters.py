"""Every query parameter of every GET route narrows (or, for an `include_*` flag, widens) what
it answers — checked table-driven from the service's own OpenAPI document, so a parameter
added without a case here fails the test, and a parameter that silently does nothing fails its
case.

A case says what the parameter must do against the answer without it (the baseline):
- `narrows`: a non-empty strict subset of the baseline's items, and exactly `expect` when given;
- `widens`: a strict superset (the default, without the flag, is what narrows);
- `pages`: `limit=1` gives one item of the same total, `offset=1` drops the first;
- `reorders`: the same items in another order;
- `file`: a download of the given media type (the `format` of the 三清单).
A parameter may have several cases (a tuple): a flag that narrows both ways (`overdue=true` to
the overdue ones, `overdue=false` to the others).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

ALL = {"limit": 500}


@dataclass(frozen=True)
class Case:
    value: Any
    kind: str = "narrows"  # narrows | widens | pages | reorders | file
    expect: frozenset | None = None  # the item keys a narrowing case must answer exactly


def narrows(value: Any, *expect: str) -> Case:
    return Case(value, "narrows", frozenset(expect) if expect else None)


def widens(value: Any = True) -> Case:
    return Case(value, "widens")


def pages(value: int = 1) -> Case:
    return Case(value, "pages")


def reorders(value: Any) -> Case:
    return Case(value, "reorders")


def key(item: dict) -> str:
    for name in ("id", "unit_id", "seq", "tree_size"):
        if name in item:
            return str(item[name])
    raise AssertionError(f"no key in {item}")


def query_parameters(spec: dict) -> dict[str, list[dict]]:
    """GET path → its query parameters, for every GET route that has any."""
    found = {}
    for path, item in spec["paths"].items():
        params = [p for p in item.get("get", {}).get("parameters", []) if p["in"] == "query"]
        if params:
            found[path] = params
    return found


def expand(template: str, ids: dict[str, str], spec: dict) -> list[tuple[str, str]]:
    """(the path to call, the key of its cases) for `template`: an enum path parameter (the
    三清单's `name`) once per value in both; any other path parameter filled from `ids` in the
    first only."""
    pairs = [(template, template)]
    for p in spec["paths"][template]["get"].get("parameters", []):
        if p["in"] != "path":
            continue
        brace = "{" + p["name"] + "}"
        enum = _enum_of(spec, p.get("schema", {}))
        if enum:
            pairs = [(c.replace(brace, str(v)), k.replace(brace, str(v))) for c, k in pairs for v in enum]
        else:
            pairs = [(c.replace(brace, ids[p["name"]]), k) for c, k in pairs]
    return pairs


def _enum_of(spec: dict, schema: dict) -> list | None:
    if "enum" in schema:
        return schema["enum"]
    ref = schema.get("$ref") or next((s.get("$ref") for s in schema.get("allOf", [])), None)
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]].get("enum") if ref else None


async def check_every_parameter(api: httpx.AsyncClient, headers: dict, spec: dict, path_params: dict[str, str],
                                cases: dict[str, dict[str, Case | tuple[Case, ...]]],
                                headers_of: dict[str, dict] | None = None) -> int:
    """Run the case of every query parameter of every GET route; a parameter without a case fails.
    `headers_of` gives a route other credentials (a platform route, say). Returns how many
    (route, parameter, case) triples were checked."""
    missing, checked = [], 0
    for template, params in query_parameters(spec).items():
        for path, case_key in expand(template, path_params, spec):
            route_cases = cases.get(case_key, {})
            for p in params:
                case = route_cases.get(p["name"])
                if case is None:
                    missing.append(f"{path} ?{p['name']}")
                    continue
                for one in case if isinstance(case, tuple) else (case,):
                    await _check(api, (headers_of or {}).get(case_key, headers), path, p["name"], one)
                    checked += 1
    assert not missing, "query parameters without a narrowing case:\n" + "\n".join(missing)
    return checked


async def _get(api, headers, path, params) -> httpx.Response:
    r = await api.get(path, headers=headers, params=params)
    assert r.status_code == 200, (path, params, r.text)
    return r


async def _check(api, headers, path: str, name: str, case: Case) -> None:
    where = f"{path} ?{name}={case.value}"
    if case.kind == "file":
        r = await _get(api, headers, path, {name: case.value})
        assert r.headers["content-type"].startswith(_MEDIA[case.value]), where
        assert "attachment" in r.headers["content-disposition"], where
        return
    base = (await _get(api, headers, path, ALL)).json()
    base_keys = [key(i) for i in base["items"]]
    if case.kind == "pages":
        got = (await _get(api, headers, path, {**ALL, name: case.value})).json()
        assert got["total"] == base["total"] >= 2, (where, base["total"])
        want = base_keys[:1] if name == "limit" else base_keys[1:]
        assert [key(i) for i in got["items"]] == want, where
        return
    got = (await _get(api, headers, path, {**ALL, name: case.value})).json()
    keys = [key(i) for i in got["items"]]
    assert got["total"] == len(keys), where
    if case.kind == "narrows":
        assert keys and set(keys) < set(base_keys), (where, keys, base_keys)
        if case.expect is not None:
            assert set(keys) == case.expect, (where, keys, case.expect)
    elif case.kind == "widens":
        assert set(keys) > set(base_keys), (where, keys, base_keys)
    elif case.kind == "reorders":
        assert sorted(keys) == sorted(base_keys) and keys != base_keys, (where, keys, base_keys)
    else:
        raise AssertionError(f"unknown case kind {case.kind}")


_MEDIA = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "json": "application/json"}


def file(fmt: str) -> Case:
    return Case(fmt, "file")
