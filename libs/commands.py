"""The base of every command body: strict shape, trimmed strings, no control characters
(PostgreSQL cannot store NUL, XML and most viewers cannot show the rest; tab and newline are fine),
finite numbers only, and never a boolean where a number is wanted (pydantic reads `true` as 1),
refused here with the field's name. (The request middleware refuses the
`NaN`/`Infinity` tokens of a JSON body; this refuses them spelt as strings, `"NaN"`, `"1e400"`,
which pydantic would otherwise read as floats.)

On it, the addressed commands: a command carries its address — the enterprise it is for and the
aggregate it is about — so a handler takes the command alone (`handler(cmd, deps, ctx)`), with no
ids beside it. The address comes from the path, never from the body: the route fills it in with
`for_()` (a copy without validation), the fields are not in the body's JSON Schema, and a body that
names one is refused as any unknown field is (422 `extra_forbidden`), so the wire is what it was.
"""

from __future__ import annotations

import types
from enum import Enum
from typing import Annotated, Any, Self, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"} | {"\x7f"}


def _has_control(value: Any) -> bool:
    if isinstance(value, str):
        return any(ch in _CONTROL for ch in value)
    if isinstance(value, list | tuple):
        return any(_has_control(v) for v in value)
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    return False


def _numeric(annotation: Any) -> bool:
    """Whether a value of `annotation` is a number (int, float, an IntEnum …) and not a boolean."""
    if get_origin(annotation) is Annotated:
        return _numeric(get_args(annotation)[0])
    return (isinstance(annotation, type) and issubclass(annotation, int | float) and annotation is not bool
            and (not issubclass(annotation, Enum) or issubclass(annotation, int)))


def _boolean_for_number(value: Any, annotation: Any) -> bool:
    """Whether `value` holds a JSON `true`/`false` where `annotation` wants a number. pydantic
    reads them as 1 and 0 (`"critical_q": true` was a critical quantity of one tonne)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _boolean_for_number(value, args[0])
    if origin in (Union, types.UnionType):
        if isinstance(value, bool):
            return not any(a is bool for a in args) and any(_numeric(a) for a in args)
        return any(_boolean_for_number(value, a) for a in args if a is not type(None))
    if isinstance(value, bool):
        return _numeric(annotation)
    if origin in (list, set, frozenset, tuple) and isinstance(value, list | tuple):
        if origin is tuple and args and args[-1] is not Ellipsis:
            return any(_boolean_for_number(v, a) for v, a in zip(value, args, strict=False))
        return bool(args) and any(_boolean_for_number(v, args[0]) for v in value)
    if origin is dict and isinstance(value, dict) and len(args) == 2:
        return any(_boolean_for_number(v, args[1]) for v in value.values())
    return False


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        if _has_control(value):
            raise ValueError("不能包含控制字符")
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans_for_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and _boolean_for_number(value, field.annotation):
            raise ValueError("须为数字，不能是布尔值（true/false）")
        return value


_FROM_PATH = "from the path, never the body"


class EnterpriseCommand(Command):
    """A command for one enterprise (the `{enterprise_id}` of the path)."""

    enterprise_id: SkipJsonSchema[str] = Field("", exclude=True, description=_FROM_PATH)

    @field_validator("enterprise_id", "id", mode="before", check_fields=False)
    @classmethod
    def _not_in_the_body(cls, value: Any) -> Any:
        raise PydanticCustomError("extra_forbidden", "Extra inputs are not permitted")

    def for_(self, enterprise_id: str, id: str | None = None) -> Self:  # noqa: A002 - the aggregate's id
        """This command addressed to `enterprise_id` (and the aggregate `id`)."""
        address = {"enterprise_id": enterprise_id}
        if id is not None:
            address["id"] = id
        return self.model_copy(update=address)


class AggregateCommand(EnterpriseCommand):
    """A command about one existing aggregate of the enterprise (the last id of the path)."""

    id: SkipJsonSchema[str] = Field("", exclude=True, description=_FROM_PATH)


class Guarded(AggregateCommand):
    """…decided on the version the client read."""

    expected_version: int | None = Field(None, ge=0, description="乐观锁: 客户端读到的版本号; 不一致时返回409")
