"""What a check record decides, through the handler on fakes: an abnormal item — a key parameter read
outside its safe range, whatever was ticked — is a HazardFound carrying everything the hazard service
needs; the phone's made_at decides on time or late, never when the record arrived."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from libs.aggregate import DomainError
from services.inspection.application import records as h
from services.inspection.domain.codes import OccurrenceState
from services.inspection.domain.events import registry
from services.inspection.domain.record_items import ChecklistItem
from services.inspection.domain.safe_range import SafeRange
from services.inspection.domain.task import CheckTask
from tests.unit.inspection.application.flows import T0
from tests.unit.inspection.application.test_records import PNG, TASK, WINDOW, WORKER, a_plant, a_record, events_of


class WithKeyParameter:
    """A task whose checklist has a key parameter: the tank's temperature, at most 40 ℃."""

    async def of(self, task: CheckTask):
        return {"1": ChecklistItem("1", task.content),
                "2": ChecklistItem("2", "储罐温度", SafeRange(unit="℃", high=Decimal("40")))}


async def key_parameter_plant():
    w, occurrence_id = await a_plant()
    w.check_records.checklists = WithKeyParameter()
    return w, occurrence_id


async def test_a_reading_out_of_range_is_a_hazard_found_carrying_what_the_hazard_service_needs():
    w, occurrence_id = await key_parameter_plant()
    deps = w.check_records
    photo = await deps.blobs.put("ent-1", PNG)
    made = await h.record_check(a_record(occurrence_id, photo_ids=[photo], location={"lat": 29.87, "lng": 121.55},
                                         items=[{"item_id": "1", "abnormal": False},
                                                {"item_id": "2", "reading": "41.5", "note": "夏季午后"}]),
                                deps, WORKER)
    stored = await w.store.load(deps.records.stream_id(made))
    recorded, found = (registry.decode(r.type, r.schema_version, r.data) for r in stored)
    assert recorded.status == 1 and [i.abnormal for i in recorded.items] == [False, True]
    assert found.model_dump(exclude={"hazard_id"}) == {
        "enterprise_id": "ent-1", "source": 1, "measure_id": "m-1", "task_id": TASK, "occurrence_id": occurrence_id,
        "record_id": made, "item_id": "2", "description": "储罐温度：读数 41.5 ℃，超出安全范围 ≤ 40 ℃；夏季午后",
        "photo_ids": [photo],  # the item had none of its own: the record's
        "reporter_id": "worker-1", "reporter_mobile": "13900000001", "found_at": T0 + timedelta(minutes=50),
        "location": {"lat": 29.87, "lng": 121.55}}
    row = await deps.queries.record("ent-1", made)
    assert (row["hazards"], row["items"][1]["reading"], row["items"][1]["out_of_range"]) == (1, 41.5, True)


async def test_a_reading_on_the_bound_is_normal_and_a_ticked_item_is_a_hazard_with_its_own_photos():
    w, occurrence_id = await key_parameter_plant()
    deps = w.check_records
    photo = await deps.blobs.put("ent-1", PNG)
    made = await h.record_check(a_record(occurrence_id, items=[
        {"item_id": "1", "abnormal": True, "note": "联锁被旁路", "photo_ids": [photo]},
        {"item_id": "2", "reading": 40}]), deps, WORKER)
    assert await events_of(w, deps.records.stream_id(made)) == ["CheckRecorded", "HazardFound"]
    found = (await w.store.load(deps.records.stream_id(made)))[1].data
    assert (found["item_id"], found["description"], found["photo_ids"]) == (
        "1", "检查温度联锁投用状态：联锁被旁路", [photo])


async def test_made_in_the_window_and_received_after_it_closed_is_on_time():
    w, occurrence_id = await a_plant()
    w.clock.set(WINDOW.end + timedelta(hours=3))  # the phone was offline until the shift ended
    made = await h.record_check(a_record(occurrence_id), w.check_records, WORKER)
    row = await w.check_records.queries.record("ent-1", made)
    assert (row["on_time"], row["late"], row["received_at"]) == (True, False, WINDOW.end + timedelta(hours=3))
    assert (await w.check_records.occurrences.get(occurrence_id)).state is OccurrenceState.COMPLETED


async def test_made_after_the_window_is_refused_unless_sent_as_late_and_then_kept_beside_the_miss():
    w, occurrence_id = await a_plant()
    w.clock.set(WINDOW.end + timedelta(hours=1))
    after = WINDOW.end + timedelta(minutes=20)
    with pytest.raises(DomainError) as refused:
        await h.record_check(a_record(occurrence_id, made_at=after), w.check_records, WORKER)
    assert refused.value.field == "made_at"
    made = await h.record_check(a_record(occurrence_id, made_at=after, late=True), w.check_records, WORKER)
    row = await w.check_records.queries.record("ent-1", made)
    assert (row["on_time"], row["late"]) == (False, True)
    assert await events_of(w, w.check_records.occurrences.stream_id(occurrence_id)) == [
        "OccurrenceIssued", "OccurrenceMissed", "OccurrenceCheckedAfterMissed"]


async def test_a_record_after_the_miss_fired_keeps_the_miss_and_a_phone_clock_ahead_is_refused():
    w, occurrence_id = await a_plant()
    occurrence = await w.check_records.occurrences.get(occurrence_id)
    occurrence.miss(WINDOW.end)
    await w.check_records.occurrences.save(occurrence, WORKER)
    w.clock.set(WINDOW.end + timedelta(hours=2))
    await h.record_check(a_record(occurrence_id), w.check_records, WORKER)
    stored = await w.store.load(w.check_records.occurrences.stream_id(occurrence_id))
    assert (stored[-1].type.rsplit(".", 1)[-1], stored[-1].data["on_time"]) == ("OccurrenceCheckedAfterMissed", True)

    w2, second = await a_plant()
    ahead = a_record(second, client_id=str(uuid.uuid4()), made_at=w2.clock.now() + timedelta(minutes=6))
    with pytest.raises(DomainError) as refused:
        await h.record_check(ahead, w2.check_records, WORKER)
    assert refused.value.field == "made_at"
