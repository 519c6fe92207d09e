"""Coded values a person picks from a list (an org unit's kind, a risk level): when a request
carries a value outside the list, the refusal lists the codes with their Chinese labels
(`须为以下取值之一: department（部门）、team（班组）、post（岗位）`), so the reader need not know the codes.

An enum takes part by deriving from `Labelled`; its labels are those of the code table built from
it (libs/labels.py `CodeTable.of` gives them here), looked up when a refusal is written, so the
order of imports does not matter and a table is the one place a label is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from pydantic import GetCoreSchemaHandler, ValidationError
from pydantic_core import PydanticCustomError, core_schema

_LABELS: dict[type, dict[str, str]] = {}


def give_labels(enum: type[Enum], labels: Mapping[Any, str]) -> None:
    """The Chinese label of each code of `enum` (keys: members or their values)."""
    _LABELS[enum] = {str(getattr(code, "value", code)): label for code, label in labels.items()}


def choices(enum: type[Enum]) -> str:
    """`code（label）、code（label）…` in the enum's order; a code without a label alone."""
    labels = _LABELS.get(enum, {})
    shown = []
    for member in enum:
        code = str(member.value)
        label = labels.get(code)
        shown.append(f"{code}（{label}）" if label and label != code else code)
    return "、".join(shown)


class Labelled:
    """Mixin for an Enum: a value outside it is refused with type `enum` and the labelled list."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def relabel(value: Any, validate: core_schema.ValidatorFunctionWrapHandler) -> Any:
            try:
                return validate(value)
            except ValidationError as refused:
                if any(e["type"] == "enum" for e in refused.errors()):
                    expected = choices(cls)  # type: ignore[arg-type]
                    raise PydanticCustomError("enum", "须为以下取值之一: {expected}", {"expected": expected}) from None
                raise

        return core_schema.no_info_wrap_validator_function(relabel, handler(source))
