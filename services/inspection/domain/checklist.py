"""The checklist (检查表) of a plan: its items, and the safe range (安全范围) of a key parameter.

An item says what to check: check type, item, method, content and basis (检查类型/检查项目/检查方式/
检查内容/检查依据, the columns public systems keep). A **key-parameter item** (关键参数: temperature,
pressure, level …) also has a unit and a safe range, low and/or high, bounds included: a reading
outside it makes the item abnormal by itself, whatever the checker ticked.

Numbers are compared as decimals of what was written (0.1 is 0.1, not the float nearest it), so a
reading equal to a bound is inside whichever way either side was typed."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from libs.aggregate import DomainError
from services.inspection.domain import plan_limits as limits
from services.inspection.domain.plan_fields import checked_id, checked_number, named_text, optional_text
from services.inspection.domain.safe_range import SafeRange, checked_bound


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
    # The control measure (管控措施) the item verifies, if any: a hazard found on it names the measure
    # (the platforms' riskMeasureId), and the registry's coverage counts it.
    measure_id: str | None = None

    @property
    def is_key_parameter(self) -> bool:
        return self.safe_range is not None


def reading_is_abnormal(item: ChecklistItem, value: Any) -> bool:
    """Whether a reading of a key-parameter item lies outside its safe range (bounds are inside).
    A reading must be a finite number, and only a key-parameter item takes one."""
    if item.safe_range is None:
        raise DomainError(f"检查项目“{item.item}”不是关键参数，不填读数", field="reading")
    return not item.safe_range.contains(checked_number(value, "reading", "读数"))


def checked_item(no: int, *, check_type: Any, item: Any, content: Any, method: Any = None, basis: Any = None,
                 unit: Any = None, low: Any = None, high: Any = None, measure_id: Any = None,
                 at: str = "") -> ChecklistItem:
    """An item from its fields as given, each checked; `at` prefixes the field names of a refusal
    (`items[2].`) so a form can point at the row."""
    return ChecklistItem(
        no=no, check_type=named_text(check_type, at + "check_type", "检查类型", limits.CHECK_TYPE),
        item=named_text(item, at + "item", "检查项目", limits.ITEM),
        content=named_text(content, at + "content", "检查内容", limits.CONTENT),
        method=optional_text(method, at + "method", "检查方式", limits.METHOD),
        basis=optional_text(basis, at + "basis", "检查依据", limits.BASIS),
        safe_range=checked_safe_range(unit, low, high, at),
        measure_id=checked_id(measure_id, at + "measure_id", "管控措施") if measure_id is not None else None)


def checked_safe_range(unit: Any, low: Any, high: Any, at: str = "") -> SafeRange | None:
    """None when no part of a range is given; else a unit, at least one bound, and low < high."""
    no_unit = unit is None or isinstance(unit, str) and not unit.strip()
    if no_unit and low is None and high is None:
        return None
    if low is None and high is None:
        raise DomainError("关键参数须填写安全范围的下限或上限（至少一个）", field=at + "low")
    # Compared as kept (the float JSON carries, safe_range.checked_bound): two bounds distinct only
    # past a float's precision would otherwise make a range with no inside.
    lower = checked_bound(low, at + "low", "安全范围下限") if low is not None else None
    upper = checked_bound(high, at + "high", "安全范围上限") if high is not None else None
    if lower is not None and upper is not None and lower >= upper:
        shown = f"下限 {lower}，上限 {upper}"
        raise DomainError(f"安全范围下限须小于上限（{shown}）", field=at + "high")
    if no_unit:
        raise DomainError("关键参数须填写计量单位", field=at + "unit")
    return SafeRange(unit=named_text(unit, at + "unit", "计量单位", limits.UNIT), low=lower, high=upper)
