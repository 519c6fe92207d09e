"""A check record: one per phone-made id, its status derived from its items (a reading out of range
is abnormal by itself), and a HazardFound carrying everything for every abnormal item."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from libs.aggregate import DomainError
from services.inspection.domain import record_events as e
from services.inspection.domain.codes import CheckStatus, PlanKind
from services.inspection.domain.cycles import SHANGHAI, Window
from services.inspection.domain.record import CheckRecord, RecordTarget, record_id
from services.inspection.domain.record_hazards import hazard_id
from services.inspection.domain.record_items import ChecklistItem
from services.inspection.domain.safe_range import SafeRange

CLIENT_ID = "5b0c4f7e-2a3d-4e6f-8a9b-0c1d2e3f4a5b"


def sh(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


LEAP_DAY = Window(sh(2024, 2, 29, 8), sh(2024, 3, 1, 8))  # a daily check on 29 February
CHECKLIST = {
    "valve": ChecklistItem("valve", "出料阀无泄漏"),
    "pressure": ChecklistItem("pressure", "反应釜压力", SafeRange(unit="MPa", low=Decimal("0.2"), high=Decimal("1.6"))),
    "level": ChecklistItem("level", "储罐液位", SafeRange(unit="%", high=Decimal("80"))),
}


def target(**changes: Any) -> RecordTarget:
    fields: dict[str, Any] = {"enterprise_id": "ent-1", "task_id": "task-1", "occurrence_id": "occ-1",
                              "window": LEAP_DAY, "checklist": CHECKLIST, "source": PlanKind.ROUTINE,
                              "measure_id": "measure-1", "is_defend": False}
    return RecordTarget(**(fields | changes))


def answers(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    base = {"valve": {"item_id": "valve"}, "pressure": {"item_id": "pressure", "reading": "0.8"},
            "level": {"item_id": "level", "reading": 55}}
    return [base[key] | changes.get(key, {}) for key in base]


def make(*, of: RecordTarget | None = None, received_at: datetime = sh(2024, 2, 29, 10), **fields: Any) -> CheckRecord:
    given: dict[str, Any] = {"client_id": CLIENT_ID, "made_at": sh(2024, 2, 29, 9, 30), "reporter_id": "person-1",
                             "create_by_mobile": "13800138000", "items": answers()}
    return CheckRecord.make(of or target(), received_at=received_at, **(given | fields))


def recorded(record: CheckRecord) -> e.CheckRecorded:
    first = record.pending()[0]
    assert isinstance(first, e.CheckRecorded)
    return first


def hazards(record: CheckRecord) -> list[e.HazardFound]:
    return [ev for ev in record.pending() if isinstance(ev, e.HazardFound)]


def refused(**fields: Any) -> DomainError:
    with pytest.raises(DomainError) as refusal:
        make(**fields)
    return refusal.value


def test_a_record_with_every_item_normal_is_0_and_finds_nothing():
    record = make(mobile_me="860123456789012", location={"lat": 30.27, "lng": 120.15}, photo_ids=["p1"])
    ev = recorded(record)
    assert ev.TYPE == "shuangkong.inspection.CheckRecorded"
    assert ev.status is CheckStatus.NORMAL and hazards(record) == []
    assert (ev.task_id, ev.occurrence_id, ev.enterprise_id, ev.client_id) == ("task-1", "occ-1", "ent-1", CLIENT_ID)
    assert (ev.made_at, ev.received_at, ev.late) == (sh(2024, 2, 29, 9, 30), sh(2024, 2, 29, 10), False)
    assert (ev.create_by_mobile, ev.mobile_me, ev.is_defend) == ("13800138000", "860123456789012", False)
    assert ev.location == e.Location(lat=30.27, lng=120.15) and ev.photo_ids == ["p1"]
    assert [item.reading for item in ev.items] == [None, Decimal("0.8"), Decimal("55")]
    assert record.status is CheckStatus.NORMAL and record.occurrence_id == "occ-1"


def test_the_same_phone_made_record_has_one_id_however_often_sent():
    assert make().id == make(received_at=sh(2024, 2, 29, 11)).id == record_id("ent-1", CLIENT_ID)
    assert record_id("ent-1", CLIENT_ID.upper()) == record_id("ent-1", "{" + CLIENT_ID + "}") == make().id
    assert record_id("ent-2", CLIENT_ID) != record_id("ent-1", CLIENT_ID)  # two enterprises' phones may collide
    assert record_id("ent-1", CLIENT_ID) == "146ce576-cf42-5614-bcf8-b9ea8087f0ea"  # never changes


def test_the_client_id_is_required():
    assert refused(client_id=None).field == "client_id"


def test_an_item_ticked_abnormal_finds_a_hazard_with_everything_the_hazard_service_needs():
    record = make(items=answers(valve={"abnormal": True, "note": "阀门法兰处滴漏", "photo_ids": ["ph-1", "ph-2"]}),
                  location={"lat": 30.5, "lng": 120.1}, photo_ids=["ph-3"])
    assert recorded(record).status is CheckStatus.HAZARD_FOUND
    (hazard,) = hazards(record)
    assert hazard.TYPE == "shuangkong.inspection.HazardFound"
    assert (hazard.source, hazard.measure_id, hazard.task_id, hazard.occurrence_id) == (
        PlanKind.ROUTINE, "measure-1", "task-1", "occ-1")
    assert (hazard.record_id, hazard.item_id, hazard.enterprise_id) == (record.id, "valve", "ent-1")
    assert hazard.description == "出料阀无泄漏：阀门法兰处滴漏"
    assert hazard.photo_ids == ["ph-1", "ph-2"]  # its own, not the record's
    assert (hazard.reporter_id, hazard.reporter_mobile, hazard.found_at) == (
        "person-1", "13800138000", sh(2024, 2, 29, 9, 30))
    assert hazard.location == e.Location(lat=30.5, lng=120.1)
    assert hazard.hazard_id == hazard_id(record.id, "valve")


def test_a_reading_out_of_range_is_abnormal_though_ticked_normal():
    record = make(items=answers(pressure={"reading": "1.65", "abnormal": False}), status=0)
    ev = recorded(record)
    pressure = ev.items[1]
    assert pressure.abnormal and pressure.out_of_range
    assert (pressure.unit, pressure.low, pressure.high) == ("MPa", Decimal("0.2"), Decimal("1.6"))
    assert ev.status is CheckStatus.HAZARD_FOUND  # the claimed 0 does not stand
    (hazard,) = hazards(record)
    assert hazard.description == "反应釜压力：读数 1.65 MPa，超出安全范围 0.2～1.6 MPa"


def test_a_reading_below_a_range_with_only_a_low_bound_and_a_note():
    narrow = {"t": ChecklistItem("t", "冷却水压力", SafeRange(unit="MPa", low=Decimal("0.3")))}
    record = make(of=target(checklist=narrow), items=[{"item_id": "t", "reading": 0.25, "note": "泵出口阀半开"}])
    assert hazards(record)[0].description == "冷却水压力：读数 0.25 MPa，超出安全范围 ≥ 0.3 MPa；泵出口阀半开"


def test_readings_on_the_bounds_are_safe():
    record = make(items=answers(pressure={"reading": "1.6"}, level={"reading": 80}))
    assert recorded(record).status is CheckStatus.NORMAL


def test_every_abnormal_item_finds_its_own_hazard_and_takes_the_record_photos_when_it_has_none():
    record = make(items=answers(valve={"abnormal": True, "note": "滴漏"}, level={"reading": 92}), photo_ids=["ph-9"])
    found = hazards(record)
    assert [h.item_id for h in found] == ["valve", "level"]
    assert [h.photo_ids for h in found] == [["ph-9"], ["ph-9"]]
    assert len({h.hazard_id for h in found}) == 2


def test_a_claimed_hazard_needs_an_abnormal_item():
    assert refused(status=1).field == "status"


def test_not_checked_and_other_stand_with_a_note_and_may_leave_items_out():
    for claimed in (CheckStatus.NOT_CHECKED, CheckStatus.OTHER):
        ev = recorded(make(status=int(claimed), note="装置停车检修，未开车", items=[]))
        assert ev.status is claimed and ev.note == "装置停车检修，未开车"
        assert refused(status=int(claimed), note="  ", items=[]).field == "note"


def test_not_checked_with_an_abnormal_reading_is_a_hazard():
    record = make(status=2, note="部分未查", items=[{"item_id": "level", "reading": 95}])
    assert recorded(record).status is CheckStatus.HAZARD_FOUND and len(hazards(record)) == 1


def test_a_normal_record_answers_every_item_of_the_checklist():
    error = refused(items=answers()[:1])
    assert error.field == "items" and "反应釜压力" not in error.message and "pressure、level" in error.message


def test_the_status_is_one_of_the_four_codes():
    for bad in (4, -1, "0", True, 1.0):
        assert refused(status=bad).field == "status"


def test_a_task_without_a_checklist_needs_no_items():
    assert recorded(make(of=target(checklist={}), items=[])).status is CheckStatus.NORMAL


def test_a_defend_task_record_says_so():
    assert recorded(make(of=target(is_defend=True))).is_defend


def test_the_note_is_text_within_its_limit():
    assert refused(note=5).field == "note"
    assert refused(note="很" * 1001).field == "note"


def test_the_record_replays_and_its_events_round_trip_through_json():
    record = make(items=answers(pressure={"reading": "2.0"}), location={"lat": -33.9, "lng": 151.2})
    for ev in record.pending():
        assert type(ev).model_validate(ev.payload()) == ev
    loaded = CheckRecord.rehydrate(record.id, record.pending())
    assert isinstance(loaded, CheckRecord) and loaded.status is CheckStatus.HAZARD_FOUND and loaded.version == 2


def test_record_events_are_listed():
    assert [cls.TYPE for cls in e.RECORD_EVENTS] == ["shuangkong.inspection.CheckRecorded",
                                                     "shuangkong.inspection.HazardFound"]
