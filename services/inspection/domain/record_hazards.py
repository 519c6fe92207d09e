"""The hazards a check record found: one `HazardFound` per abnormal item, described in words a
person reads on the hazard list — the item's content, then what the checker wrote and, for a key
parameter out of its range, the reading beside the range.

An item without photos of its own takes the record's photos (a phone that attached them to the
whole record): a hazard is registered with its evidence or not at all."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from services.inspection.domain.record_events import CheckRecorded, HazardFound, ItemChecked

if TYPE_CHECKING:
    from services.inspection.domain.record import RecordTarget

# Fixed forever: hazard ids already handed to the hazard service are derived from it.
HAZARD_NAMESPACE = uuid.UUID("3d9a5c1e-7b2f-5e84-a6d0-c4b3e2f1a087")


def hazard_id(record_id: str, item_id: str) -> str:
    return str(uuid.uuid5(HAZARD_NAMESPACE, f"{record_id}|{item_id}"))


def hazards_found(record: CheckRecorded, target: RecordTarget) -> list[HazardFound]:
    return [HazardFound(hazard_id=hazard_id(record.record_id, item.item_id), enterprise_id=record.enterprise_id,
                        source=target.source, task_id=record.task_id,
                        measure_id=target.checklist[item.item_id].measure_id or target.measure_id,
                        occurrence_id=record.occurrence_id, record_id=record.record_id, item_id=item.item_id,
                        description=description(target.checklist[item.item_id].content, item),
                        photo_ids=item.photo_ids or record.photo_ids, reporter_id=record.reporter_id,
                        reporter_mobile=record.create_by_mobile, found_at=record.made_at, location=record.location)
            for item in record.items if item.abnormal]


def description(content: str, item: ItemChecked) -> str:
    parts = [content]
    if item.out_of_range:
        parts.append(f"读数 {item.reading} {item.unit or ''}".rstrip() + f"，超出安全范围 {_range(item)}")
    if item.note:
        parts.append(item.note)
    return "：".join(parts[:1] + ["；".join(parts[1:])]) if len(parts) > 1 else content


def _range(item: ItemChecked) -> str:
    unit = f" {item.unit}" if item.unit else ""
    if item.low is None:
        return f"≤ {item.high}{unit}"
    if item.high is None:
        return f"≥ {item.low}{unit}"
    return f"{item.low}～{item.high}{unit}"
