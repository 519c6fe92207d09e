"""Setting a task's cycle, on fakes: the read model says 执行中 with every field; bad input is
refused naming the field; another enterprise's task is not found; a stale version conflicts; a
retired task cannot be given one."""

from __future__ import annotations

from datetime import datetime

import pytest

from libs.aggregate import DomainConflict, DomainError
from libs.errors import NotFound
from libs.eventstore.port import ConcurrencyError
from libs.pagination import PageParams
from services.inspection.application import commands as c
from services.inspection.application import handlers as h
from services.inspection.domain.codes import TaskState
from services.inspection.domain.cycles import SHANGHAI
from services.inspection.domain.task import task_id_for
from tests.unit.inspection.application.flows import OFFICER, defined, measure_event, wired

TASK = task_id_for("m-1")
HOURLY = {"check_cycle": "2", "check_cycle_unit": "小时", "task_start_time": "2026-12-01T08:00:00",
          "work_start_time": "22:00", "work_end_time": "6:00:00"}


async def a_task():
    w, reactor = wired()
    await reactor.apply(None, defined())
    return w, reactor


async def test_an_hourly_cycle_over_midnight_is_set_and_listed_as_running():
    w, _ = await a_task()
    unscheduled = await w.queries.tasks("ent-1", PageParams(limit=5, offset=0), state=TaskState.UNSCHEDULED)
    assert [t["id"] for t in unscheduled[0]] == [TASK]
    await h.schedule_task(c.ScheduleCheckTask(**HOURLY, expected_version=1).for_("ent-1", TASK), w, OFFICER)
    task = await w.queries.task("ent-1", TASK)
    assert {k: str(task[k]) for k in ("state", "check_cycle", "check_cycle_unit", "task_start_time",
                                      "work_start_time", "work_end_time", "work_day_type", "version")} == {
        "state": "scheduled", "check_cycle": "2.0", "check_cycle_unit": "小时",
        "task_start_time": str(datetime(2026, 12, 1, 8, tzinfo=SHANGHAI)), "work_start_time": "22:00:00",
        "work_end_time": "06:00:00", "work_day_type": "0", "version": "2"}


@pytest.mark.parametrize(("change", "field"), [
    ({"check_cycle": "0"}, "check_cycle"),
    ({"check_cycle": "1.005"}, "check_cycle"),
    ({"check_cycle": "25"}, "check_cycle"),
    ({"work_start_time": None}, "work_start_time"),
    ({"work_end_time": "25:00"}, "work_end_time"),
    ({"check_cycle": "0.5", "check_cycle_unit": "月"}, "check_cycle"),
    ({"task_start_time": "1900-01-01T00:00:00"}, "task_start_time"),
])
async def test_bad_cycles_are_refused_naming_the_field(change, field):
    w, _ = await a_task()
    with pytest.raises(DomainError) as refused:
        await h.schedule_task(c.ScheduleCheckTask(**{**HOURLY, **change}).for_("ent-1", TASK), w, OFFICER)
    assert refused.value.field == field
    assert (await w.queries.task("ent-1", TASK))["state"] == "unscheduled"  # nothing half-written


async def test_another_enterprises_task_is_not_found_and_a_stale_version_conflicts():
    w, _ = await a_task()
    with pytest.raises(NotFound) as missing:
        await h.schedule_task(c.ScheduleCheckTask(**HOURLY).for_("ent-2", TASK), w, OFFICER)
    assert missing.value.field == "task_id"
    with pytest.raises(ConcurrencyError):
        await h.schedule_task(c.ScheduleCheckTask(**HOURLY, expected_version=7).for_("ent-1", TASK), w, OFFICER)


async def test_a_retired_task_gets_no_cycle():
    w, reactor = await a_task()
    await reactor.apply(None, measure_event("ControlMeasureRetired", 2, reason="工艺改造"))
    with pytest.raises(DomainConflict):
        await h.schedule_task(c.ScheduleCheckTask(**HOURLY).for_("ent-1", TASK), w, OFFICER)
