"""A stored row to a snapshot, pure: names resolved from the facts, the unit graded by its risks,
its object's code; an id the facts lack stays as it is; a revision without its creation is none."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from services.gov_sync.domain.snapshot_rows import Facts, StoredSnapshot, snapshot_of
from services.gov_sync.domain.snapshots import (
    CheckRecordSnapshot,
    CheckTaskSnapshot,
    ControlMeasureSnapshot,
    Entity,
    HazardSnapshot,
    RiskUnitSnapshot,
)
from tests.unit.gov_sync.builders import CREATED, UPDATED

FACTS = Facts(people={"p-1": "王储运", "officer": "张安全"}, units={"d-1": "储运部"},
              objects={"o-1": ("MH-001", True)}, unit_levels={"u-1": 1})


def row(entity: Entity, fields: dict, record_id: str = "u-1", parent: str | None = None, **kw) -> StoredSnapshot:
    return StoredSnapshot(entity=entity, id=record_id, parent_id=parent, fields=fields, created_at=CREATED,
                          created_by="officer", updated_at=UPDATED, updated_by=kw.get("by", "officer"),
                          deleted=kw.get("deleted", False))


def test_a_unit_with_names_code_and_level():
    snap = snapshot_of(row(Entity.RISK_UNIT, {"object_id": "o-1", "name": "液氯储罐单元", "department_id": "d-1",
                                              "liable_person_id": "p-1"}, by="p-unknown"), FACTS)
    assert isinstance(snap, RiskUnitSnapshot)
    assert (snap.department, snap.liable_person, snap.object_code, snap.major_hazard_source, snap.risk_level) == (
        "储运部", "王储运", "MH-001", True, 1)
    assert (snap.stamp.created_by, snap.stamp.updated_by, snap.stamp.updated_at) == ("张安全", "p-unknown", UPDATED)


def test_a_measure_keeps_its_codes_as_strings_and_its_deleted_state():
    fields = {"description": "联锁", "data_source": "2", "classify1": "1", "classify2": "1-4", "classify3": None,
              "inspection_content": "检查联锁"}
    snap = snapshot_of(row(Entity.CONTROL_MEASURE, fields, "m-1", "r-1", deleted=True), FACTS)
    assert isinstance(snap, ControlMeasureSnapshot)
    assert (snap.risk_event_id, snap.classify2, snap.deleted) == ("r-1", "1-4", True)


def test_a_row_without_its_creation_is_no_snapshot():
    assert snapshot_of(row(Entity.RISK_EVENT, {}, "r-1", "u-1", deleted=True), FACTS) is None
    assert snapshot_of(row(Entity.CONTROL_MEASURE, {}, "m-1", deleted=True), FACTS) is None


def test_a_task_as_inspection_writes_it_drawn_up_then_scheduled():
    fields = {"measure_id": "m-1", "troubleshoot_content": "检查联锁", "post_id": "post-1", "work_type": 0,
              "task_num": None, "check_cycle": 8.0, "check_cycle_unit": "小时",
              "task_start_time": "2026-12-03T08:00:00+08:00", "work_start_time": "8:00:00",
              "work_end_time": "17:30:00", "work_day_type": 1}
    snap = snapshot_of(row(Entity.CHECK_TASK, fields, "t-1", "m-1"), FACTS)
    assert isinstance(snap, CheckTaskSnapshot)
    assert (snap.measure_id, snap.check_cycle, snap.work_start_time, snap.work_end_time, snap.work_day_type) == (
        "m-1", Decimal("8.0"), time(8, 0), time(17, 30), 1)
    assert snap.task_start_time is not None and snap.task_start_time.utcoffset() is not None


def test_a_record_with_its_makers_mobile_as_its_updaters():
    fields = {"task_id": "t-1", "made_at": "2026-12-03T10:00:05+08:00", "status": 1, "create_by_mobile": "13812345678",
              "mobile_me": "867530012345678", "is_defend": False}
    snap = snapshot_of(row(Entity.CHECK_RECORD, fields, "r-1", "t-1"), FACTS)
    assert isinstance(snap, CheckRecordSnapshot)
    assert (snap.task_id, snap.check_status, snap.updated_by_mobile, snap.device) == (
        "t-1", 1, "13812345678", "867530012345678")


def test_a_hazard_accepted_with_names_and_its_measures_object_code():
    facts = Facts(people={"p-rep": "张安全", "p-rect": "赵仪表", "p-acc": "李主任"},
                  measure_objects={"m-1": "MH-001"})
    fields = {"name": "液位计失灵", "description": "读数不变", "photo_ids": ["ph-1"], "reporter_id": "p-rep",
              "reported_at": "2026-12-03T10:00:05+08:00", "source": 1, "category": 0, "enforcement_id": None,
              "measure_id": "m-1", "record_id": "rec-1", "level": 0, "hazard_type": 4, "manage_type": 1,
              "management_class": None, "occurrence_link": 7, "liable_person_id": "p-rect", "deadline": "2026-12-10",
              "cause": "浮子卡涩", "measures_taken": "更换浮子", "cost": "350.00", "after_photo_ids": ["ph-2"],
              "accept_person_id": "p-acc", "accept_time": "2026-12-04T00:30:00+08:00", "accept_comment": "复测正常",
              "state": 9}
    snap = snapshot_of(row(Entity.HAZARD, fields, "h-1", "rec-1"), facts)
    assert isinstance(snap, HazardSnapshot)
    assert (snap.parent_id, snap.object_code, snap.registrant, snap.liable_person, snap.accept_person, snap.cost,
            snap.deadline, snap.state, snap.photo_ids, snap.after_photo_ids) == (
        "rec-1", "MH-001", "张安全", "赵仪表", "李主任", Decimal("350.00"), date(2026, 12, 10), 9, ("ph-1",), ("ph-2",))
