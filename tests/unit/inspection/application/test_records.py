"""Check records from the field, on fakes with a driven clock: a record completes its occurrence in
one unit of work; the same client id again (even twice at once) is the same record; photos not
uploaded are refused naming them before anything is written; an unknown or another enterprise's
occurrence is not found; the 包保 flag must agree with the task."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest

from libs.aggregate import DomainError
from libs.blobs import PhotosMissing
from libs.errors import NotFound
from libs.pagination import PageParams
from libs.repository import CommandContext
from services.inspection.application import records as h
from services.inspection.application.record_commands import RecordCheck
from services.inspection.domain.codes import CheckStatus, OccurrenceState
from services.inspection.domain.cycles import Window
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.record import record_id
from services.inspection.domain.task import task_id_for
from tests.unit.inspection.application.flows import T0, defined, wired

TASK = task_id_for("m-1")
WORKER = CommandContext("worker-1", "ent-1", "corr-worker")
SYSTEM = CommandContext("system:inspection", "ent-1", "corr-system")
WINDOW = Window(T0, T0 + timedelta(hours=8))
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


async def a_plant(window: Window = WINDOW):
    """A measure's task and one occurrence of it issued at the window's start; the clock an hour in."""
    w, reactor = wired()
    await reactor.apply(None, defined())
    occurrence = Occurrence.issue(enterprise_id="ent-1", task_id=TASK, window=window, post_ids=["post-1"],
                                  person_ids=[], at=window.start)
    await w.check_records.occurrences.save(occurrence, SYSTEM)
    w.clock.set(window.start + timedelta(hours=1))
    return w, occurrence.id


def a_record(occurrence_id: str, **changes) -> RecordCheck:
    body = {"client_id": str(uuid.uuid4()), "occurrence_id": occurrence_id, "made_at": T0 + timedelta(minutes=50),
            "items": [{"item_id": "1", "abnormal": False}], "create_by_mobile": "13900000001",
            "mobile_me": "IMEI-8613", **changes}
    return RecordCheck(**body).for_("ent-1")


async def events_of(w, stream_id: str) -> list[str]:
    return [r.type.rsplit(".", 1)[-1] for r in await w.store.load(stream_id)]


async def test_a_record_completes_its_occurrence_and_is_listed():
    w, occurrence_id = await a_plant()
    deps = w.check_records
    made = await h.record_check(a_record(occurrence_id), deps, WORKER)
    row = await deps.queries.record("ent-1", made)
    assert {k: row[k] for k in ("occurrence_id", "task_id", "status", "late", "on_time", "reporter_id",
                                "reporter_mobile", "mobile_me", "is_defend", "hazards")} == {
        "occurrence_id": occurrence_id, "task_id": TASK, "status": 0, "late": False, "on_time": True,
        "reporter_id": "worker-1", "reporter_mobile": "13900000001", "mobile_me": "IMEI-8613", "is_defend": False,
        "hazards": 0}
    assert row["received_at"] == T0 + timedelta(hours=1)  # the clock's now, beside the phone's made_at
    occurrence = await deps.occurrences.get(occurrence_id)
    assert (occurrence.state, occurrence.record_id) == (OccurrenceState.COMPLETED, made)
    assert await events_of(w, deps.records.stream_id(made)) == ["CheckRecorded"]
    listed, total = await deps.queries.records("ent-1", PageParams(limit=10, offset=0), occurrence_id=occurrence_id)
    assert ([r["id"] for r in listed], total) == ([made], 1)
    assert (await deps.queries.records("ent-1", PageParams(limit=10, offset=0), status=CheckStatus.OTHER))[1] == 0
    assert await deps.queries.record("ent-2", made) is None


async def test_the_same_client_id_again_is_the_same_record_even_twice_at_once():
    w, occurrence_id = await a_plant()
    deps = w.check_records
    cmd = a_record(occurrence_id)
    first, second = await asyncio.gather(h.record_check(cmd, deps, WORKER), h.record_check(cmd, deps, WORKER))
    again = await h.record_check(a_record(occurrence_id, client_id=str(cmd.client_id), note="改过的内容"), deps, WORKER)
    assert first == second == again == record_id("ent-1", str(cmd.client_id))
    assert await events_of(w, deps.records.stream_id(first)) == ["CheckRecorded"]
    assert await events_of(w, deps.occurrences.stream_id(occurrence_id)) == ["OccurrenceIssued", "OccurrenceCompleted"]
    assert (await deps.queries.records("ent-1", PageParams(limit=10, offset=0)))[1] == 1


async def test_a_send_that_loses_the_race_tries_again_and_finds_the_record(monkeypatch):
    w, occurrence_id = await a_plant()
    deps = w.check_records
    find, looked = deps.records.find, []

    async def find_then_yield(aggregate_id):  # both sends look before either appends
        found = await find(aggregate_id)
        looked.append(found is None)
        await asyncio.sleep(0)
        return found

    monkeypatch.setattr(deps.records, "find", find_then_yield)
    cmd = a_record(occurrence_id)
    first, second = await asyncio.gather(h.record_check(cmd, deps, WORKER), h.record_check(cmd, deps, WORKER))
    assert first == second and looked == [True, True, False]  # the loser's append was refused; it looked again
    assert await events_of(w, deps.records.stream_id(first)) == ["CheckRecorded"]


async def test_photos_not_uploaded_are_refused_with_their_ids_and_nothing_is_written():
    w, occurrence_id = await a_plant()
    deps = w.check_records
    kept = await deps.blobs.put("ent-1", PNG)
    elsewhere = await deps.blobs.put("ent-2", PNG + b"x")  # uploaded, but by another enterprise
    never = "f" * 64
    cmd = a_record(occurrence_id, photo_ids=[kept, never],
                   items=[{"item_id": "1", "abnormal": True, "note": "联锁旁路", "photo_ids": [elsewhere]}])
    with pytest.raises(PhotosMissing) as refused:
        await h.record_check(cmd, deps, WORKER)
    assert refused.value.missing == [never, elsewhere]
    assert refused.value.field == "photo_ids" and never in str(refused.value)
    assert await w.store.load(deps.records.stream_id(record_id("ent-1", str(cmd.client_id)))) == []
    assert await events_of(w, deps.occurrences.stream_id(occurrence_id)) == ["OccurrenceIssued"]


async def test_an_unknown_or_another_enterprises_occurrence_is_not_found():
    w, occurrence_id = await a_plant()
    with pytest.raises(NotFound) as unknown:
        await h.record_check(a_record("no-such-occurrence"), w.check_records, WORKER)
    assert unknown.value.field == "occurrence_id"
    other = RecordCheck(**a_record(occurrence_id).model_dump(exclude={"enterprise_id"})).for_("ent-2")
    with pytest.raises(NotFound):
        await h.record_check(other, w.check_records, CommandContext("worker-9", "ent-2", "corr"))


@pytest.mark.parametrize(("changes", "field"), [
    ({"is_defend": True}, "is_defend"),
    ({"items": [{"item_id": "9"}]}, "items[0].item_id"),
    ({"items": [{"item_id": "1", "reading": 3}]}, "items[0].reading"),
    ({"items": [{"item_id": "1", "abnormal": True}]}, "items[0].note"),
    ({"items": []}, "items"),
    ({"status": 2}, "note"),
    ({"create_by_mobile": "23900000001"}, "create_by_mobile"),
])
async def test_bad_records_are_refused_naming_the_field_and_nothing_is_written(changes, field):
    w, occurrence_id = await a_plant()
    with pytest.raises(DomainError) as refused:
        await h.record_check(a_record(occurrence_id, **changes), w.check_records, WORKER)
    assert refused.value.field == field
    assert await events_of(w, w.check_records.occurrences.stream_id(occurrence_id)) == ["OccurrenceIssued"]
