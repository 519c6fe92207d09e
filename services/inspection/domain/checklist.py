"""The checklist (检查表) of a plan: its items, and the safe range (安全范围) of a key parameter.

An item says what to check: check type, item, method, content and basis (检查类型/检查项目/检查方式/
检查内容/检查依据, the columns public systems keep). A **key-parameter item** (关键参数: temperature,
pressure, level …) also has a unit and a safe range, low and/or high, bounds included: a reading
outside it makes the item abnormal by itself, whatever the checker ticked.

Numbers are compared as decimals of what was written (0.1 is 0.1, not the float nearest it), so a
reading equal to a bound is inside whichever way either side was typed."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from libs.aggregate import DomainError
from libs.names import checked_text
from services.inspection.domain import plan_limits as limits


class SafeRange(BaseModel):
    """安全范围 of a key parameter: at least one bound; low < high when both are set."""

    model_config = ConfigDict(frozen=True)
    unit: str  # 计量单位
    low: float | None = None  # 下限 (included)
    high: float | None = None  # 上限 (included)

    def contains(self, reading: Decimal) -> bool:
        return ((self.low is None or reading >= _decimal(self.low))
                and (self.high is None or reading <= _decimal(self.high)))


class ChecklistItem(BaseModel):
    """检查项. `no` is its number on the plan's checklist, never reused once the item is removed, so a
    check record's answer to item 3 always means the same item."""

    model_config = ConfigDict(frozen=True)
    no: int
    check_type: str  # 检查类型
    item: str  # 检查项目
    content: str  # 检查内容
    method: str | None = None  # 检查方式
    basis: str | None = None  # 检查依据
    safe_range: SafeRange | None = None  # set: a key-parameter item (关键参数)

    @property
    def is_key_parameter(self) -> bool:
        return self.safe_range is not None


def reading_is_abnormal(item: ChecklistItem, value: Any) -> bool:
    """Whether a reading of a key-parameter item lies outside its safe range (bounds are inside).
    A reading must be a finite number, and only a key-parameter item takes one."""
    if item.safe_range is None:
        raise DomainError(f"检查项目“{item.item}”不是关键参数，不填读数", field="reading")
    return not item.safe_range.contains(_number(value, "reading", "读数"))


def checked_item(no: int, *, check_type: Any, item: Any, content: Any, method: Any = None, basis: Any = None,
                 unit: Any = None, low: Any = None, high: Any = None, at: str = "") -> ChecklistItem:
    """An item from its fields as given, each checked; `at` prefixes the field names of a refusal
    (`items[2].`) so a form can point at the row."""
    return ChecklistItem(
        no=no, check_type=named_text(check_type, at + "check_type", "检查类型", limits.CHECK_TYPE),
        item=named_text(item, at + "item", "检查项目", limits.ITEM),
        content=named_text(content, at + "content", "检查内容", limits.CONTENT),
        method=_optional(method, at + "method", "检查方式", limits.METHOD),
        basis=_optional(basis, at + "basis", "检查依据", limits.BASIS),
        safe_range=checked_safe_range(unit, low, high, at))


def checked_safe_range(unit: Any, low: Any, high: Any, at: str = "") -> SafeRange | None:
    """None when no part of a range is given; else a unit, at least one bound, and low < high."""
    if unit in (None, "") and low is None and high is None:
        return None
    if low is None and high is None:
        raise DomainError("关键参数须填写安全范围的下限或上限（至少一个）", field=at + "low")
    # Compared as kept (a float, as JSON carries it): two bounds distinct only past a float's
    # precision would otherwise make a range with no inside.
    lower = float(_number(low, at + "low", "安全范围下限")) if low is not None else None
    upper = float(_number(high, at + "high", "安全范围上限")) if high is not None else None
    if lower is not None and upper is not None and _decimal(lower) >= _decimal(upper):
        raise DomainError(f"安全范围下限须小于上限（下限 {lower:g}，上限 {upper:g}）", field=at + "high")
    if unit in (None, ""):
        raise DomainError("关键参数须填写计量单位", field=at + "unit")
    return SafeRange(unit=named_text(unit, at + "unit", "计量单位", limits.UNIT), low=lower, high=upper)


def _number(value: Any, field: str, name: str) -> Decimal:
    # A boolean is an int to Python but never a reading; a string is refused, not parsed, so a
    # number arrives as a number from the form and from the sensor alike.
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise DomainError(f"{name}须为数字", field=field)
    if isinstance(value, float) and not math.isfinite(value) or isinstance(value, Decimal) and not value.is_finite():
        raise DomainError(f"{name}须为有限的数字", field=field)
    number = _decimal(value)
    if abs(number) > limits.NUMBER:
        raise DomainError(f"{name}绝对值不能超过 {limits.NUMBER:.0e}", field=field)
    return number


def _decimal(value: int | float | Decimal) -> Decimal:
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


def _optional(value: Any, field: str, name: str, limit: int) -> str | None:
    if value is None or isinstance(value, str) and not value.strip():
        return None
    return named_text(value, field, name, limit)
