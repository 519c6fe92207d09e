"""Every enum-typed request field of every route of every service, found by walking the apps'
routes (query, path and body parameters, into nested models, lists and dict keys): a value outside
the enum is refused in Chinese, with no English word but the codes themselves ("1, 2, 3 or 4"
read "…3 or 4"), a dict key's field path has no "[key]", and an enum with a code table lists
each code with its label. A route or enum added later is walked too."""

from __future__ import annotations

import importlib
import re
import types
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter, ValidationError

from libs.config import Settings
from libs.labelled_enum import _LABELS, Labelled
from libs.messages import error_message, field_path, has_chinese
from shuangkong.catalog import catalog

SERVICES = catalog().names  # every service `make run` starts

BAD = "不存在的取值"
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def enums_in(annotation: Any) -> set[type[Enum]]:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return {annotation}
    return set().union(*(enums_in(a) for a in get_args(annotation))) if get_args(annotation) else set()


def sample(annotation: Any) -> Any:
    """A valid value (for the part of a dict that is not under test)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated or origin in (Union, types.UnionType):
        return sample(args[0])
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return next(iter(annotation)).value
    return {int: 1, float: 1.0, str: "x", bool: True}.get(annotation, "x")


def bad_values(annotation: Any) -> list[Any]:
    """Values of `annotation` with a value outside an enum, one per enum position."""
    origin, args = get_origin(annotation), get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [BAD]
    if origin is Annotated:
        return bad_values(args[0])
    if origin in (Union, types.UnionType):
        return [v for a in args if a is not type(None) for v in bad_values(a)]
    if origin in (list, set, frozenset, tuple):
        return [[v] for v in bad_values(args[0])] if args else []
    if origin is dict:
        return ([{v: sample(args[1])} for v in bad_values(args[0]) if isinstance(v, str)]
                + [{str(sample(args[0])): v} for v in bad_values(args[1])])
    return []


def fields_of(annotation: Any, prefix: tuple) -> list[tuple[tuple, Any]]:
    """(loc prefix, annotation) of every enum-holding field inside `annotation`, models opened."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [found for name, info in annotation.model_fields.items()
                for found in fields_of(info.annotation, (*prefix, info.alias or name))]
    inner = [a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
    if inner:  # list[Model], Model | None: open the model
        return [found for model in inner for found in fields_of(model, (*prefix, 0))]
    return [(prefix, annotation)] if enums_in(annotation) else []


def api_routes(routes: list) -> list[APIRoute]:
    """The app's routes, those of included routers too (FastAPI keeps them behind a wrapper)."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += api_routes(route.original_router.routes)
    return found


def enum_fields() -> list[tuple[str, tuple, Any]]:
    settings = Settings(dev_mode=True)
    found: dict[tuple[str, tuple], Any] = {}
    for service in SERVICES:
        app = importlib.import_module(f"services.{service}.app").create_app(settings)
        for route in api_routes(app.routes):
            todo = [route.dependant]
            while todo:
                dependant = todo.pop()
                todo += dependant.dependencies
                for where, params in (("query", dependant.query_params), ("path", dependant.path_params),
                                      ("body", dependant.body_params)):
                    for param in params:
                        # One body parameter is the whole body (FastAPI's loc has no name for it).
                        single = where == "body" and len(params) == 1 and not param.field_info.embed
                        prefix = (where,) if single else (where, param.alias)
                        for loc, annotation in fields_of(param.field_info.annotation, prefix):
                            found.setdefault((f"{service} {route.path}", loc), annotation)
    return [(route, loc, annotation) for (route, loc), annotation in found.items()]


FIELDS = enum_fields()


def test_the_walk_finds_the_enum_fields_we_know_of():
    found = {(route.split(" ", 1)[1], field_path(loc)) for route, loc, _ in FIELDS}
    for expected in [("/enterprises/{enterprise_id}/org-units", "kind"),
                     ("/enterprises/{enterprise_id}/risk-events", "level"),
                     ("/enterprises/{enterprise_id}/risk-events", "accident_types"),
                     ("/enterprises/{enterprise_id}/grading-policy", "control_levels")]:
        assert expected in found, sorted(found)
    assert len(FIELDS) >= 20


@pytest.mark.parametrize(("route", "loc", "annotation"), FIELDS,
                         ids=[f"{r} {field_path(loc)}" for r, loc, _ in FIELDS])
def test_a_value_outside_an_enum_is_refused_in_chinese_naming_the_codes_and_labels(route, loc, annotation):
    enums = enums_in(annotation)
    codes = {str(m.value) for e in enums for m in e}
    labelled = {e: {code: label for code, label in _LABELS.get(e, {}).items() if label != code}
                for e in enums if issubclass(e, Labelled)}
    allowed = {w for text in codes | {v for t in labelled.values() for v in t.values()} for w in WORD.findall(text)}
    values = bad_values(annotation)
    assert values, (route, loc)
    for value in values:
        with pytest.raises(ValidationError) as refused:
            TypeAdapter(annotation).validate_python(value)
        error = refused.value.errors()[0]
        message, path = error_message(error), field_path((*loc, *error["loc"]))
        assert has_chinese(message) and "[key]" not in path, (path, message)
        english = set(WORD.findall(message)) - allowed
        assert not english, (route, path, message)
        # The refused enum (of a dict's key or value) lists each of its codes with its label.
        shown = [table for table in labelled.values() if table and any(f"{c}（" in message for c in table)]
        assert shown or not any(labelled.values()), (route, path, message)
        for table in shown:
            for code, label in table.items():
                assert f"{code}（{label}）" in message, (route, path, message)
