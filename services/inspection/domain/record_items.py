"""The checklist items of a check record: each normal or abnormal with a note, and for a key
parameter (关键参数: temperature, pressure, level …) a reading, which is abnormal by itself when
outside the item's safe range — whatever the person ticked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from libs.aggregate import DomainError
from services.inspection.domain.record_events import ItemChecked
from services.inspection.domain.record_fields import checked_note
from services.inspection.domain.safe_range import SafeRange

NOTE_LIMIT = 500
PHOTO_ID_LIMIT = 128


@dataclass(frozen=True)
class ChecklistItem:
    """An item of the task's checklist as the record is held to it: what to check, and its range."""

    item_id: str
    content: str  # 检查内容, the hazard's description starts from it
    safe_range: SafeRange | None = None
    measure_id: str | None = None  # a plan's item that verifies a control measure: a hazard found names it


def checked_items(raw: Any, checklist: Mapping[str, ChecklistItem]) -> tuple[ItemChecked, ...]:
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        raise DomainError("检查项须为列表", field="items")
    seen: set[str] = set()
    items = []
    for i, entry in enumerate(raw):
        item = checked_item(entry, checklist, f"items[{i}]")
        if item.item_id in seen:
            raise DomainError("检查项重复", field=f"items[{i}].item_id")
        seen.add(item.item_id)
        items.append(item)
    return tuple(items)


def checked_item(entry: Any, checklist: Mapping[str, ChecklistItem], at: str) -> ItemChecked:
    if not isinstance(entry, Mapping):
        raise DomainError("检查项格式不正确", field=at)
    item_id = entry.get("item_id")
    spec = checklist.get(item_id) if isinstance(item_id, str) else None
    if spec is None:
        raise DomainError("该检查项不在本任务的检查表中", field=f"{at}.item_id")
    ticked = entry.get("abnormal", False)
    if not isinstance(ticked, bool):
        raise DomainError("异常标记须为 true 或 false", field=f"{at}.abnormal")
    note = checked_note(entry.get("note"), f"{at}.note", NOTE_LIMIT)
    reading, out_of_range = _reading(entry.get("reading"), spec.safe_range, f"{at}.reading")
    if ticked and note is None:
        raise DomainError("异常项须说明情况", field=f"{at}.note")
    bounds = spec.safe_range
    return ItemChecked(item_id=spec.item_id, abnormal=ticked or out_of_range, note=note, reading=reading,
                       unit=bounds.unit if bounds else None, low=bounds.low if bounds else None,
                       high=bounds.high if bounds else None, out_of_range=out_of_range,
                       photo_ids=checked_photo_ids(entry.get("photo_ids", []), f"{at}.photo_ids"))


def _reading(value: Any, bounds: SafeRange | None, field: str) -> tuple[Decimal | None, bool]:
    if bounds is None:
        if value is not None:
            raise DomainError("该检查项不是关键参数，不填读数", field=field)
        return None, False
    if value is None:
        raise DomainError(f"关键参数须填写读数（{bounds.unit}）", field=field)
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise InvalidOperation
        reading = Decimal(str(value).strip())
    except InvalidOperation:
        raise DomainError("读数须为数字", field=field) from None
    if not reading.is_finite():
        raise DomainError("读数须为有限的数字", field=field)
    return reading, not bounds.contains(reading)


def checked_photo_ids(value: Any, field: str) -> list[str]:
    """Photo ids as the blob store named them, each once, in the order sent."""
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise DomainError("照片须为编号列表", field=field)
    ids: list[str] = []
    for i, photo in enumerate(value):
        if not isinstance(photo, str) or not photo.strip() or len(photo) > PHOTO_ID_LIMIT:
            raise DomainError("照片编号格式不正确", field=f"{field}[{i}]")
        if photo.strip() not in ids:
            ids.append(photo.strip())
    return ids
