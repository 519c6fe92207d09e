"""The provincial uploader's adapter: deletion, the four stamps, its 0–3 risk scale, the task's
schedule and the record's device, dangerImg photos, and its conditional rules."""

from __future__ import annotations

import base64
from datetime import time

from services.gov_sync.domain.dialects import UPLOADER
from services.gov_sync.domain.dialects.uploader import RISK_LEVEL_0_TO_3
from services.gov_sync.domain.photos import Photo
from tests.unit.gov_sync.builders import (
    CHAIN,
    ENTERPRISE,
    RECORD_ID,
    hazard,
    measure,
    open_hazard,
    record,
    risk_event,
    sent,
    task,
    unit,
)

PHOTOS = {"ph-before": Photo("image/jpeg", b"\xff\xd8before"), "ph-after": Photo("image/png", b"\x89PNGafter")}


def fields_of(violations: list) -> list[str]:
    return [v.field for v in violations]


def test_the_whole_chain_is_ready_for_the_uploader() -> None:
    for snapshot in CHAIN:
        assert UPLOADER.readiness(snapshot, ENTERPRISE, PHOTOS) == [], type(snapshot).__name__


def test_every_record_carries_deleted_and_the_four_stamps() -> None:
    mapped = sent(UPLOADER, risk_event())
    assert mapped["deleted"] == "0"
    assert (mapped["createDate"], mapped["createBy"]) == ("20261203100005", "张安全")
    assert (mapped["updateDate"], mapped["updateBy"]) == ("20261204003000", "李主任")
    assert "tyshxydm" not in mapped


def test_deletion_is_the_same_id_with_deleted_1() -> None:
    mapped = sent(UPLOADER, unit(deleted=True))
    assert mapped["id"] == unit().id and mapped["deleted"] == "1"
    assert mapped["riskUnitName"] == "液氯储罐区"  # the rest as it last stood


def test_risk_levels_map_onto_0_to_3() -> None:
    assert RISK_LEVEL_0_TO_3 == {1: 0, 2: 1, 3: 2, 4: 3}
    for ours, theirs in RISK_LEVEL_0_TO_3.items():
        assert sent(UPLOADER, unit(risk_level=ours))["riskClass"] == theirs
    assert "riskClass" not in sent(UPLOADER, unit(risk_level=None))
    assert UPLOADER.readiness(unit(risk_level=None), ENTERPRISE) == []  # the uploader does not require it


def test_the_object_code_is_hazardCode_whatever_its_kind() -> None:
    mapped = sent(UPLOADER, unit(major_hazard_source=False, object_code="AREA-7"))
    assert mapped["hazardCode"] == "AREA-7" and "hazardCode1" not in mapped


def test_the_task_carries_its_schedule() -> None:
    mapped = sent(UPLOADER, task(work_start_time=time(8, 5, 9)))
    assert mapped["taskStartTime"] == "20261203100005"
    assert (mapped["workStartTime"], mapped["workEndTime"]) == ("8:05:09", "17:30:00")
    assert (mapped["workDayType"], mapped["workType"], mapped["checkCycleUnit"]) == (0, 0, "小时")
    assert "taskNum" not in mapped


def test_an_hourly_task_needs_its_work_times() -> None:
    found = UPLOADER.readiness(task(work_start_time=None, work_end_time=None), ENTERPRISE)
    assert fields_of(found) == ["workStartTime", "workEndTime"]
    assert "小时" in found[0].reason
    assert UPLOADER.readiness(task(check_cycle_unit="天", work_start_time=None, work_end_time=None), ENTERPRISE) == []


def test_a_guardians_task_needs_its_number_in_range() -> None:
    assert fields_of(UPLOADER.readiness(task(work_type=1), ENTERPRISE)) == ["taskNum"]
    assert UPLOADER.readiness(task(work_type=1, task_num=9), ENTERPRISE) == []
    assert fields_of(UPLOADER.readiness(task(work_type=2, task_num=10), ENTERPRISE)) == ["taskNum"]
    assert UPLOADER.readiness(task(work_type=3, task_num=10), ENTERPRISE) == []
    assert fields_of(UPLOADER.readiness(task(work_type=3, task_num=11), ENTERPRISE)) == ["taskNum"]
    assert fields_of(UPLOADER.readiness(task(work_type=4), ENTERPRISE)) == ["workType"]


def test_the_cycle_is_positive_and_its_unit_from_the_table() -> None:
    from decimal import Decimal

    assert fields_of(UPLOADER.readiness(task(check_cycle=Decimal("0")), ENTERPRISE)) == ["checkCycle"]
    assert fields_of(UPLOADER.readiness(task(check_cycle_unit="周"), ENTERPRISE)) == ["checkCycleUnit"]
    assert fields_of(UPLOADER.readiness(task(work_day_type=3), ENTERPRISE)) == ["workDayType"]


def test_the_uploader_takes_the_other_classify2_codes() -> None:
    for code in ("2-3", "3-4"):
        assert UPLOADER.readiness(measure(classify2=code), ENTERPRISE) == []
    assert fields_of(UPLOADER.readiness(measure(classify2="5-1"), ENTERPRISE)) == ["classify2"]
    assert fields_of(UPLOADER.readiness(measure(data_source="3"), ENTERPRISE)) == ["dataSrc"]


def test_the_record_carries_device_and_defend_flag() -> None:
    mapped = sent(UPLOADER, record(is_defend=True))
    assert (mapped["mobileMe"], mapped["isDefend"]) == ("867530012345678", "1")
    assert "mobileMe" not in sent(UPLOADER, record(device=None))
    assert fields_of(UPLOADER.readiness(record(created_by_mobile="021-5555"), ENTERPRISE)) == ["createByMobile"]


def test_the_hazard_links_checkRecordId_and_sends_dangerImg() -> None:
    mapped = sent(UPLOADER, hazard(enforcement_id="ZF-2026-01", category=2), PHOTOS)
    assert mapped["checkRecordId"] == RECORD_ID and "recordId" not in mapped
    assert (mapped["enforcementId"], mapped["hazardCategory"]) == ("ZF-2026-01", 2)
    assert mapped["dangerImg"] == "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8before").decode()
    assert mapped["dangerAcceptImg"].startswith("data:image/png;base64,")
    assert "attachments1" not in mapped
    assert (mapped["registTime"], mapped["dangerManageDeadline"], mapped["checkAcceptTime"]) == (
        "20261203100005", "20261210", "20261204")


def test_only_the_first_photo_we_hold_is_sent() -> None:
    photos = {"ph-2": Photo("image/png", b"second")}
    mapped = sent(UPLOADER, hazard(photo_ids=("ph-missing", "ph-2")), photos)
    assert mapped["dangerImg"] == "data:image/png;base64," + base64.b64encode(b"second").decode()
    assert "dangerImg" not in sent(UPLOADER, hazard())


def test_an_open_hazard_is_ready_without_acceptance() -> None:
    assert UPLOADER.readiness(open_hazard(), ENTERPRISE) == []


def test_hazard_codes_are_checked() -> None:
    bad = hazard(level=2, source=11, manage_type=2, hazard_type=9, category=4, state=3)
    assert set(fields_of(UPLOADER.readiness(bad, ENTERPRISE))) == {
        "dangerLevel", "dangerSrc", "dangerManageType", "hazardDangerType", "hazardCategory", "dangerState"}


def test_ids_must_be_32_or_36_characters() -> None:
    assert fields_of(UPLOADER.readiness(risk_event(id="short", unit_id="x" * 32), ENTERPRISE)) == ["id"]
