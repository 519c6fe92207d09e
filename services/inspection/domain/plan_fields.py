"""How the fields of plans and checklists are checked: free text named in Chinese, ids, and numbers
taken as written. Each refusal a DomainError naming the field."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from libs.aggregate import DomainError
from libs.names import checked_text
from services.inspection.domain import plan_limits as limits


def checked_id(value: Any, field: str, name: str) -> str:
    """An id of something in the directory or the registry (a post, a person, a control measure);
    whether it exists is the handlers' check."""
    if not isinstance(value, str) or not value.strip():
        raise DomainError(f"{name}编号不能为空", field=field)
    if len(value.strip()) > limits.ID:
        raise DomainError(f"{name}编号不能超过{limits.ID}个字符", field=field)
    return value.strip()


def checked_number(value: Any, field: str, name: str) -> Decimal:
    """A finite number no larger than any gauge reads, as a decimal of what was written."""
    # A boolean is an int to Python but never a reading; a string is refused, not parsed, so a
    # number arrives as a number from the form and from the sensor alike.
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise DomainError(f"{name}须为数字", field=field)
    if isinstance(value, float) and not math.isfinite(value) or isinstance(value, Decimal) and not value.is_finite():
        raise DomainError(f"{name}须为有限的数字", field=field)
    number = as_written(value)
    if abs(number) > limits.NUMBER:
        raise DomainError(f"{name}绝对值不能超过 {limits.NUMBER:.0e}", field=field)
    return number


def as_written(value: int | float | Decimal) -> Decimal:
    """The decimal of a number as it was written (0.1 is a tenth, not the float nearest it)."""
    # str() of a float is the shortest text that reads back as it: the number as it was written.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def named_text(value: Any, field: str, name: str, limit: int) -> str:
    """Free text, trimmed and not blank; a refusal starts with the field's Chinese name."""
    if not isinstance(value, str):
        raise DomainError(f"{name}须为文字", field=field)
    try:
        return checked_text(value, field, limit)
    except DomainError as refused:
        raise DomainError(name + refused.message, field=field) from None


def optional_text(value: Any, field: str, name: str, limit: int) -> str | None:
    """None for nothing or blank; else checked like `named_text`."""
    if value is None or isinstance(value, str) and not value.strip():
        return None
    return named_text(value, field, name, limit)
