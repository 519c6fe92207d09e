"""A check record (排查记录) from the field: one person's check of one occurrence, made on a phone that
may have been offline, with a HazardFound for every abnormal item.

Its id is derived from the enterprise and the phone's own id for it (`record_id`), so a phone that
sends a record twice (it never heard the answer) finds the first: the handler loads that stream and,
when it exists, answers with it instead of making another. The status is derived, never trusted:
any abnormal item makes it 1 存在隐患; 2 未排查 and 3 其他 are kept when claimed with a note."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from libs.aggregate import Aggregate, DomainError
from services.inspection.domain import record_events as e
from services.inspection.domain import record_fields as f
from services.inspection.domain.codes import CheckStatus, PlanKind
from services.inspection.domain.cycles import Window
from services.inspection.domain.record_hazards import hazards_found
from services.inspection.domain.record_items import ChecklistItem, checked_items, checked_photo_ids
from services.inspection.domain.record_timing import checked_timing

# Fixed forever: record ids already stored are derived from it.
RECORD_NAMESPACE = uuid.UUID("0b7e2f64-3c1d-5a98-8e4f-7d6c5b4a3921")
NOTE_LIMIT = 1000


def record_id(enterprise_id: str, client_id: str) -> str:
    """The record's id: the same for the same phone-made record however often it is sent."""
    return str(uuid.uuid5(RECORD_NAMESPACE, f"{enterprise_id}|{f.checked_client_id(client_id)}"))


@dataclass(frozen=True)
class RecordTarget:
    """What the record checks, as the handler found it: the occurrence, its task and checklist."""

    enterprise_id: str
    task_id: str
    occurrence_id: str
    window: Window
    checklist: Mapping[str, ChecklistItem]
    source: PlanKind  # the kind of plan the task came from (a measure's task: 日常排查)
    measure_id: str | None = None
    is_defend: bool = False  # a 包保 task


class CheckRecord(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.occurrence_id = ""
        self.status: CheckStatus | None = None
        self.made_at: datetime | None = None
        self.received_at: datetime | None = None
        self.late = False

    @classmethod
    def make(cls, target: RecordTarget, *, received_at: datetime, client_id: Any, made_at: Any, reporter_id: Any,
             create_by_mobile: Any, recorded_by: Any = None, items: Any = (), status: Any = None, note: Any = None,
             late: Any = False, mobile_me: Any = None, location: Any = None, photo_ids: Any = ()) -> CheckRecord:
        timing = checked_timing(made_at, received_at, target.window, late)
        checked = checked_items(items, target.checklist)
        remark = f.checked_note(note, "note", NOTE_LIMIT)
        derived = derived_status(status, checked, remark, tuple(target.checklist))
        record = cls(record_id(target.enterprise_id, client_id))
        recorded = e.CheckRecorded(
            record_id=record.id, client_id=f.checked_client_id(client_id), enterprise_id=target.enterprise_id,
            task_id=target.task_id, occurrence_id=target.occurrence_id, window_start=target.window.start,
            window_end=target.window.end, made_at=timing.made_at, received_at=timing.received_at, late=timing.late,
            status=derived, items=list(checked), note=remark, reporter_id=f.checked_reporter(reporter_id),
            create_by_mobile=f.checked_mobile(create_by_mobile), mobile_me=f.checked_device(mobile_me),
            is_defend=f.checked_flag(target.is_defend, "is_defend", "包保标记"),
            location=f.checked_location(location), photo_ids=checked_photo_ids(photo_ids, "photo_ids"),
            recorded_by=None if recorded_by is None else f.checked_reporter(recorded_by))
        record._record(recorded)
        for hazard in hazards_found(recorded, target):
            record._record(hazard)
        return record

    def when_CheckRecorded(self, ev: e.CheckRecorded) -> None:
        self.occurrence_id, self.status, self.late = ev.occurrence_id, ev.status, ev.late
        self.made_at, self.received_at = ev.made_at, ev.received_at

    def when_HazardFound(self, ev: e.HazardFound) -> None:
        pass  # the hazard service's to keep; the record is what it was


def derived_status(claimed: Any, items: tuple[e.ItemChecked, ...], note: str | None,
                   listed: tuple[str, ...]) -> CheckStatus:
    """Any abnormal item → 1. Otherwise a claimed 2 未排查 or 3 其他 stands with a note saying why (the
    items may then be partial), and a record with every item normal is 0 正常."""
    if claimed is not None:
        if isinstance(claimed, bool) or not isinstance(claimed, int) or claimed not in set(CheckStatus):
            raise DomainError("排查状态须为 0（正常）、1（存在隐患）、2（未排查）或 3（其他）", field="status")
        claimed = CheckStatus(claimed)
    if any(item.abnormal for item in items):
        return CheckStatus.HAZARD_FOUND
    if claimed is CheckStatus.HAZARD_FOUND:
        raise DomainError("存在隐患的记录须至少有一项异常", field="status")
    if claimed in (CheckStatus.NOT_CHECKED, CheckStatus.OTHER):
        if note is None:
            raise DomainError(f"排查状态为“{claimed.label}”时须说明原因", field="note")
        return claimed
    missing = set(listed) - {item.item_id for item in items}
    if missing:
        shown = "、".join(item for item in listed if item in missing)
        raise DomainError(f"检查表还有 {len(missing)} 项未填：{shown}", field="items")
    return CheckStatus.NORMAL
