"""A stored row to a snapshot, pure: names resolved from the facts, the unit graded by its risks,
its object's code; an id the facts lack stays as it is; a revision without its creation is none."""

from __future__ import annotations

from services.gov_sync.domain.snapshot_rows import Facts, StoredSnapshot, snapshot_of
from services.gov_sync.domain.snapshots import ControlMeasureSnapshot, Entity, RiskUnitSnapshot
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
