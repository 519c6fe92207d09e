"""The check-record list on fakes: newest first, filtered by occurrence, task, status, reporter and
made_at (from inclusive, to exclusive), paged; a second person's record of an occurrence already
completed is kept and listed, and the occurrence stays completed by the first."""

from __future__ import annotations

from datetime import timedelta

from libs.pagination import PageParams
from libs.repository import CommandContext
from services.inspection.application import records as h
from services.inspection.domain.codes import CheckStatus, OccurrenceState
from tests.unit.inspection.application.flows import T0
from tests.unit.inspection.application.test_records import TASK, WORKER, a_plant, a_record

LEADER = CommandContext("leader-1", "ent-1", "corr-leader")
ALL = PageParams(limit=50, offset=0)


async def test_records_are_listed_newest_first_filtered_and_paged():
    w, occurrence_id = await a_plant()
    deps = w.check_records
    first = await h.record_check(a_record(occurrence_id, made_at=T0 + timedelta(minutes=10)), deps, WORKER)
    second = await h.record_check(a_record(occurrence_id, made_at=T0 + timedelta(minutes=30), status=2,
                                           note="装置停车检修", items=[]), deps, LEADER)
    queries = deps.queries
    assert [r["id"] for r in (await queries.records("ent-1", ALL))[0]] == [second, first]
    assert [r["id"] for r in (await queries.records("ent-1", ALL, reporter_id="leader-1"))[0]] == [second]
    assert [r["id"] for r in (await queries.records("ent-1", ALL, status=CheckStatus.NORMAL))[0]] == [first]
    assert (await queries.records("ent-1", ALL, task_id=TASK))[1] == 2
    assert (await queries.records("ent-1", ALL, task_id="another-task"))[1] == 0
    window = {"made_from": T0 + timedelta(minutes=10), "made_to": T0 + timedelta(minutes=30)}
    assert [r["id"] for r in (await queries.records("ent-1", ALL, **window))[0]] == [first]
    paged, total = await queries.records("ent-1", PageParams(limit=1, offset=1))
    assert ([r["id"] for r in paged], total) == ([first], 2)

    occurrence = await deps.occurrences.get(occurrence_id)
    assert (occurrence.state, occurrence.record_id) == (OccurrenceState.COMPLETED, first)
    assert (await queries.record("ent-1", second))["status"] == 2
