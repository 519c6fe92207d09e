"""From the projection's rows to the domain's snapshots: an entity's merged event data plus the facts
that turn ids into what the platforms want (names of persons and departments, the object's code,
the unit's highest risk level). Pure, so the mapping of a stored row is tested without a database;
an id the facts do not know stays as it is (the platform then refuses it, and the report says so)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from services.gov_sync.domain.snapshots import (
    CheckRecordSnapshot,
    CheckTaskSnapshot,
    ControlMeasureSnapshot,
    Entity,
    HazardSnapshot,
    RiskEventSnapshot,
    RiskUnitSnapshot,
    Snapshot,
    Stamp,
)


@dataclass(frozen=True)
class StoredSnapshot:
    entity: Entity
    id: str
    parent_id: str | None
    fields: Mapping[str, Any]
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    deleted: bool


@dataclass(frozen=True)
class Facts:
    people: Mapping[str, str] = field(default_factory=dict)  # person id → name
    units: Mapping[str, str] = field(default_factory=dict)  # org unit id → name
    objects: Mapping[str, tuple[str | None, bool]] = field(default_factory=dict)  # id → (code, 重大危险源)
    unit_levels: Mapping[str, int] = field(default_factory=dict)  # risk unit id → its highest level (1 重大)
    measure_objects: Mapping[str, str] = field(default_factory=dict)  # measure id → its object's code

    def person(self, person_id: str) -> str:
        return self.people.get(person_id, person_id)


def snapshot_of(row: StoredSnapshot, facts: Facts) -> Snapshot | None:
    """None for a row the projection has not seen created (a revision without its creation)."""
    f = row.fields
    stamp = Stamp(created_at=row.created_at, created_by=facts.person(row.created_by),
                  updated_at=row.updated_at, updated_by=facts.person(row.updated_by))
    if "name" not in f and row.entity in (Entity.RISK_UNIT, Entity.RISK_EVENT):
        return None
    if row.entity is Entity.RISK_UNIT:
        code, major = facts.objects.get(f.get("object_id", ""), (None, False))
        return RiskUnitSnapshot(id=row.id, object_code=code, major_hazard_source=major, name=f["name"],
                                department=facts.units.get(f["department_id"], f["department_id"]),
                                liable_person=facts.person(f["liable_person_id"]),
                                risk_level=facts.unit_levels.get(row.id), stamp=stamp, deleted=row.deleted)
    if row.entity is Entity.RISK_EVENT:
        return RiskEventSnapshot(id=row.id, unit_id=row.parent_id or "", name=f["name"], stamp=stamp,
                                 deleted=row.deleted)
    if row.entity is Entity.CONTROL_MEASURE:
        if "description" not in f:
            return None
        return ControlMeasureSnapshot(
            id=row.id, risk_event_id=row.parent_id or "", description=f["description"],
            data_source=str(f["data_source"]), classify1=str(f["classify1"]), classify2=str(f["classify2"]),
            classify3=f.get("classify3"), inspection_content=f["inspection_content"], stamp=stamp,
            deleted=row.deleted)
    if row.entity is Entity.CHECK_TASK:
        return _task(row, stamp) if "troubleshoot_content" in f else None
    if row.entity is Entity.CHECK_RECORD:
        return _record(row, stamp) if "made_at" in f else None
    if row.entity is Entity.HAZARD:
        return _hazard(row, stamp, facts) if "name" in f else None
    return None


def _hazard(row: StoredSnapshot, stamp: Stamp, facts: Facts) -> HazardSnapshot:
    f = row.fields
    measure_id = f.get("measure_id")
    accepted_by = f.get("accept_person_id")
    return HazardSnapshot(
        id=row.id, measure_id=measure_id, record_id=f.get("record_id"),
        object_code=facts.measure_objects.get(measure_id) if measure_id else None, name=f["name"],
        description=f["description"], reported_at=_datetime(f["reported_at"]) or stamp.created_at,
        registrant=facts.person(f["reporter_id"]), source=int(f["source"]), category=int(f.get("category") or 0),
        enforcement_id=f.get("enforcement_id"), level=f.get("level"), hazard_type=f.get("hazard_type"),
        manage_type=f.get("manage_type"), management_class=f.get("management_class"),
        occurrence_link=f.get("occurrence_link"),
        liable_person=facts.person(f["liable_person_id"]) if f.get("liable_person_id") else None,
        deadline=date.fromisoformat(f["deadline"]) if f.get("deadline") else None, cause=f.get("cause"),
        measures_taken=f.get("measures_taken"), cost=_decimal(f.get("cost")),
        accept_person=facts.person(accepted_by) if accepted_by else None, accept_time=_datetime(f.get("accept_time")),
        accept_comment=f.get("accept_comment"), state=int(f.get("state") or 0),
        photo_ids=tuple(f.get("photo_ids") or ()), after_photo_ids=tuple(f.get("after_photo_ids") or ()),
        stamp=stamp, deleted=row.deleted)


def _task(row: StoredSnapshot, stamp: Stamp) -> CheckTaskSnapshot:
    f = row.fields
    return CheckTaskSnapshot(
        id=row.id, measure_id=row.parent_id or "", troubleshoot_content=f["troubleshoot_content"],
        check_cycle=_decimal(f.get("check_cycle")), check_cycle_unit=f.get("check_cycle_unit"),
        task_start_time=_datetime(f.get("task_start_time")), work_start_time=_time(f.get("work_start_time")),
        work_end_time=_time(f.get("work_end_time")), work_day_type=f.get("work_day_type"),
        work_type=int(f.get("work_type") or 0), task_num=f.get("task_num"), stamp=stamp, deleted=row.deleted)


def _record(row: StoredSnapshot, stamp: Stamp) -> CheckRecordSnapshot:
    f = row.fields
    mobile = f["create_by_mobile"]
    # No event changes a record after it is made: its last updater's mobile is its maker's.
    made = _datetime(f["made_at"]) or stamp.created_at
    return CheckRecordSnapshot(id=row.id, task_id=row.parent_id or "", check_time=made,
                               check_status=int(f["status"]), created_by_mobile=mobile, updated_by_mobile=mobile,
                               device=f.get("mobile_me"), is_defend=bool(f.get("is_defend")), stamp=stamp,
                               deleted=row.deleted)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _datetime(value: Any) -> datetime | None:
    return None if value is None else value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _time(value: Any) -> time | None:
    """The events write a time of day as the platforms do, `H:mm:ss`."""
    if value is None:
        return None
    hour, minute, second = (int(part) for part in str(value).split(":"))
    return time(hour, minute, second)
