"""A small plant's chain, one snapshot of each entity, complete enough for every dialect."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import Decimal

from services.gov_sync.domain.dialects.base import Dialect, WireRecord
from services.gov_sync.domain.photos import Photo
from services.gov_sync.domain.snapshots import (
    CheckRecordSnapshot,
    CheckTaskSnapshot,
    ControlMeasureSnapshot,
    EnterpriseCodes,
    HazardSnapshot,
    RiskEventSnapshot,
    RiskUnitSnapshot,
    Snapshot,
    Stamp,
)

CREATED = datetime(2026, 12, 3, 2, 0, 5, tzinfo=UTC)  # 10:00:05 in Shanghai
UPDATED = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)  # 00:30 on the 4th in Shanghai
STAMP = Stamp(created_at=CREATED, created_by="张安全", updated_at=UPDATED, updated_by="李主任")
ENTERPRISE = EnterpriseCodes(company_code="320100123", credit_code="91320100MA1XYZ1234")

UNIT_ID = "11111111-1111-4111-8111-111111111111"
EVENT_ID = "22222222-2222-4222-8222-222222222222"
MEASURE_ID = "33333333-3333-4333-8333-333333333333"
TASK_ID = "44444444-4444-4444-8444-444444444444"
RECORD_ID = "55555555-5555-4555-8555-555555555555"
HAZARD_ID = "66666666-6666-4666-8666-666666666666"


def unit(**changes: object) -> RiskUnitSnapshot:
    base = RiskUnitSnapshot(id=UNIT_ID, object_code="MH-001", major_hazard_source=True, name="液氯储罐区",
                            department="储运部", liable_person="王储运", risk_level=1, stamp=STAMP)
    return replace(base, **changes)  # type: ignore[arg-type]


def risk_event(**changes: object) -> RiskEventSnapshot:
    return replace(RiskEventSnapshot(id=EVENT_ID, unit_id=UNIT_ID, name="液氯泄漏中毒", stamp=STAMP),
                   **changes)  # type: ignore[arg-type]


def measure(**changes: object) -> ControlMeasureSnapshot:
    base = ControlMeasureSnapshot(id=MEASURE_ID, risk_event_id=EVENT_ID, description="储罐液位高报警联锁",
                                  data_source="2", classify1="1", classify2="1-4", classify3="液位联锁",
                                  inspection_content="检查液位计与联锁是否投用", stamp=STAMP)
    return replace(base, **changes)  # type: ignore[arg-type]


def task(**changes: object) -> CheckTaskSnapshot:
    base = CheckTaskSnapshot(id=TASK_ID, measure_id=MEASURE_ID, troubleshoot_content="检查液位计与联锁是否投用",
                             check_cycle=Decimal("8"), check_cycle_unit="小时",
                             task_start_time=CREATED, work_start_time=time(8, 0), work_end_time=time(17, 30),
                             work_day_type=0, work_type=0, task_num=None, stamp=STAMP)
    return replace(base, **changes)  # type: ignore[arg-type]


def record(**changes: object) -> CheckRecordSnapshot:
    base = CheckRecordSnapshot(id=RECORD_ID, task_id=TASK_ID, check_time=CREATED, check_status=1,
                               created_by_mobile="13812345678", updated_by_mobile="13812345678",
                               device="867530012345678", is_defend=False, stamp=STAMP)
    return replace(base, **changes)  # type: ignore[arg-type]


def hazard(**changes: object) -> HazardSnapshot:
    """A hazard accepted and closed: every field any dialect asks for has a value."""
    base = HazardSnapshot(
        id=HAZARD_ID, measure_id=MEASURE_ID, record_id=RECORD_ID, object_code="MH-001", name="液位计失灵",
        description="2#储罐液位计读数不变", reported_at=CREATED, registrant="张安全", source=1, category=0,
        enforcement_id=None, level=0, hazard_type=4, manage_type=1, management_class=2, occurrence_link=7,
        liable_person="赵仪表", deadline=date(2026, 12, 10), cause="浮子卡涩", measures_taken="更换浮子",
        cost=Decimal("350.00"), accept_person="李主任", accept_time=UPDATED, accept_comment="复测正常",
        state=9, photo_ids=("ph-before",), after_photo_ids=("ph-after",), stamp=STAMP)
    return replace(base, **changes)  # type: ignore[arg-type]


def open_hazard() -> HazardSnapshot:
    """Graded and being rectified: nothing of rectification or acceptance yet."""
    return hazard(cause=None, measures_taken=None, cost=None, accept_person=None, accept_time=None,
                  accept_comment=None, state=0, after_photo_ids=())


CHAIN: tuple[Snapshot, ...] = (unit(), risk_event(), measure(), task(), record(), hazard())


def sent(dialect: Dialect, snapshot: Snapshot, photos: Mapping[str, Photo] | None = None) -> WireRecord:
    """The record a dialect sends for the snapshot (it must have one)."""
    mapped = dialect.map(snapshot, ENTERPRISE, photos)
    assert isinstance(mapped, dict), mapped
    return mapped
