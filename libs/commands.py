"""The base of every command body: strict shape, trimmed strings, no control characters
(PostgreSQL cannot store NUL, XML and most viewers cannot show the rest; tab and newline are fine),
and finite numbers only, refused here with the field's name. (The request middleware refuses the
`NaN`/`Infinity` tokens of a JSON body; this refuses them spelt as strings, `"NaN"`, `"1e400"`,
which pydantic would otherwise read as floats.)"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"} | {"\x7f"}


def _has_control(value: Any) -> bool:
    if isinstance(value, str):
        return any(ch in _CONTROL for ch in value)
    if isinstance(value, list | tuple):
        return any(_has_control(v) for v in value)
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    return False


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        if _has_control(value):
            raise ValueError("不能包含控制字符")
        return value
