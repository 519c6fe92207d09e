"""A second record of a completed occurrence (another client id), on fakes: kept beside — accepted,
stored, listed with the occurrence and by the records' filters, its abnormal items' HazardFound
raised — but the occurrence's state, the record that completed it, its on-time outcome and the rates
are what the first record made them, even when the second came late or found a hazard."""

from __future__ import annotations

from datetime import date, timedelta

from libs.pagination import PageParams
from libs.periods import Period
from libs.repository import CommandContext
from services.inspection.application import records as h
from services.inspection.domain.codes import OccurrenceState
from services.inspection.domain.report_period import RatesBy
from tests.unit.inspection.application.test_records import WINDOW, a_plant, a_record, events_of

LEADER = CommandContext("leader-1", "ent-1", "corr-leader")
WORKER = CommandContext("worker-1", "ent-1", "corr-worker")
DAY = Period(date(2026, 12, 1), date(2026, 12, 1))


async def test_a_second_record_is_kept_beside_without_changing_the_occurrence_or_the_rates():
    w, occurrence_id = await a_plant()
    deps = w.check_records
    first = await h.record_check(a_record(occurrence_id), deps, WORKER)
    before = await w.rates.report("ent-1", RatesBy.DAY, DAY)
    occurrence_events = await events_of(w, deps.occurrences.stream_id(occurrence_id))
    second = await h.record_check(a_record(occurrence_id, items=[{"item_id": "1", "abnormal": True,
                                                                   "note": "联锁被旁路"}]), deps, LEADER)
    w.clock.set(WINDOW.end + timedelta(hours=1))
    third = await h.record_check(a_record(occurrence_id, made_at=WINDOW.end + timedelta(minutes=5), late=True),
                                 deps, WORKER)
    assert len({first, second, third}) == 3
    assert await events_of(w, deps.records.stream_id(second)) == ["CheckRecorded", "HazardFound"]
    assert await events_of(w, deps.occurrences.stream_id(occurrence_id)) == occurrence_events  # nothing new
    occurrence = await deps.occurrences.get(occurrence_id)
    assert (occurrence.state, occurrence.record_id, occurrence.after_miss) == (OccurrenceState.COMPLETED, first, [])
    row = await w.occurrences.queries.occurrence("ent-1", occurrence_id)
    assert (row["state"], row["record_id"], row["records_beside"]) == ("completed", first, [second, third])
    listed, total = await deps.queries.records("ent-1", PageParams(limit=10, offset=0), occurrence_id=occurrence_id)
    assert ({r["id"] for r in listed}, total) == ({first, second, third}, 3)
    assert (await deps.queries.record("ent-1", second))["hazards"] == 1
    assert await w.rates.report("ent-1", RatesBy.DAY, DAY) == before
    assert before["total"]["completed"] == before["total"]["completed_on_time"] == 1
