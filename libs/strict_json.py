"""JSON as the standard has it: no NaN, no Infinity, no number that overflows a double.

Python's `json` accepts `NaN`, `Infinity` and `-Infinity` and reads `1e400` as `inf`; none of them
can be stored (jsonb has no such values, orjson writes them as null), so a request body carrying
one is refused at the door with the path of the value. orjson parses by the standard and is fast,
so every body goes through it once; only a body orjson refuses is read again, slowly, to say why
and where.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson


@dataclass(frozen=True)
class BodyProblem:
    """Why a body is refused: `field` is a dotted path (`outline.0.0`) or `body`."""

    kind: str  # "non_finite" | "syntax"
    field: str


class _NonFinite:
    """Stands in for a non-finite token while the slow parse looks for its path."""

    __slots__ = ()


_MARK = _NonFinite()


def _float(token: str) -> float | _NonFinite:
    value = float(token)
    return _MARK if math.isinf(value) else value


_LARGEST = int(1.7976931348623157e308)


def _int(token: str) -> int | _NonFinite:
    # An integer past the largest double becomes inf as soon as anything treats it as a number.
    value = int(token)
    return _MARK if abs(value) > _LARGEST else value


def problem_of(body: bytes) -> BodyProblem | None:
    """None when `body` is standard JSON (RFC 8259); else what is wrong with it."""
    try:
        orjson.loads(body)
        return None
    except orjson.JSONDecodeError:
        pass
    try:
        tree = json.loads(body, parse_constant=lambda _token: _MARK, parse_float=_float,
                          parse_int=_int)
    except (ValueError, RecursionError, UnicodeDecodeError):
        return BodyProblem("syntax", "body")
    path = path_of_non_finite(tree)
    if path is not None:
        return BodyProblem("non_finite", path or "body")
    # What orjson alone refuses is not JSON either (RFC 8259: UTF-8, whole code points): a lone
    # surrogate escape, a byte-order mark, another encoding. PostgreSQL could not store the first.
    return BodyProblem("syntax", "body")


def path_of_non_finite(value: object, prefix: str = "") -> str | None:
    """The dotted path of the first NaN/±inf (or stand-in) inside `value`, or None.
    `""` means `value` itself."""
    if value is _MARK or (isinstance(value, float) and not math.isfinite(value)):
        return prefix
    items: Iterable[tuple[Any, Any]]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return None
    for key, child in items:
        found = path_of_non_finite(child, f"{prefix}.{key}" if prefix else str(key))
        if found is not None:
            return found
    return None
