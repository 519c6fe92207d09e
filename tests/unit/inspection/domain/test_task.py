"""The check task of a control measure: drawn up when the measure is controlled by inspection,
following its revisions, retired and reinstated with it, and given a cycle."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from libs.aggregate import DomainConflict, DomainError
from services.inspection.domain import events as ev
from services.inspection.domain.codes import CheckCycleUnit, TaskRetiredBecause, TaskState, WorkType
from services.inspection.domain.cycles import SHANGHAI, TaskCycle
from services.inspection.domain.task import CheckTask, MeasureFacts, task_id_for


def measure(data_source: str = "2", content: str = "检查温度联锁投用", post: str = "post-1") -> MeasureFacts:
    return MeasureFacts("m-1", "ent-1", data_source, content, post, "risk-1")


def saved(task: CheckTask) -> list[str]:
    names = [type(e).__name__ for e in task.pending()]
    task.mark_saved()
    return names


def daily(start: datetime = datetime(2026, 12, 1, 8)) -> TaskCycle:
    return TaskCycle.of(check_cycle="1", check_cycle_unit="天", task_start_time=start)


def test_a_measure_controlled_by_inspection_gets_one_task_of_its_post_with_no_cycle_yet():
    task = CheckTask(task_id_for("m-1"))
    task.follow(measure())
    [drawn] = task.pending()
    assert isinstance(drawn, ev.CheckTaskDrawnUp)
    assert (drawn.measure_id, drawn.risk_event_id, drawn.troubleshoot_content, drawn.post_id) == (
        "m-1", "risk-1", "检查温度联锁投用", "post-1")
    assert (drawn.work_type, drawn.task_num, drawn.check_cycle, drawn.check_cycle_unit, drawn.work_day_type) == (
        WorkType.ROUTINE, None, None, None, None)
    assert task.state is TaskState.UNSCHEDULED


def test_the_tasks_id_is_the_measures_own_uuid5():
    assert task_id_for("m-1") == task_id_for("m-1") != task_id_for("m-2")
    assert uuid.UUID(task_id_for("m-1")).version == 5


def test_a_measure_controlled_by_automated_monitoring_gets_none():
    task = CheckTask(task_id_for("m-1"))
    task.follow(measure(data_source="1"))
    assert task.pending() == [] and task.is_new


def test_what_the_task_already_reflects_changes_nothing():
    task = CheckTask(task_id_for("m-1"))
    task.follow(measure())
    saved(task)
    task.follow(measure())
    assert task.pending() == []


def test_a_revised_measure_revises_retires_and_reinstates_its_task_which_keeps_its_cycle():
    task = CheckTask(task_id_for("m-1"))
    task.follow(measure())
    task.schedule(daily())
    assert saved(task) == ["CheckTaskDrawnUp", "CheckTaskScheduled"]
    task.follow(measure(content="检查联锁与报警", post="post-2"))
    assert saved(task) == ["CheckTaskRevised"] and (task.content, task.post_id) == ("检查联锁与报警", "post-2")
    task.follow(measure(data_source="1", post="post-2"))
    assert saved(task) == ["CheckTaskRetired"] and task.retired == TaskRetiredBecause.NOT_INSPECTED
    task.follow(measure(data_source="1", content="改了也不排查"))
    assert saved(task) == []
    task.follow(measure(content="再次排查", post="post-3"))
    assert saved(task) == ["CheckTaskReinstated"]
    kept = daily(datetime(2026, 12, 1, 8, tzinfo=SHANGHAI))
    assert (task.state, task.content, task.post_id, task.cycle) == (TaskState.SCHEDULED, "再次排查", "post-3", kept)


def test_a_retired_measure_retires_its_task_for_good():
    task = CheckTask(task_id_for("m-1"))
    task.follow(measure())
    saved(task)
    task.measure_retired()
    task.measure_retired()
    assert saved(task) == ["CheckTaskRetired"] and task.retired == TaskRetiredBecause.MEASURE_RETIRED
    task.follow(measure(content="迟到的修订"))
    assert saved(task) == []
    with pytest.raises(DomainConflict) as refused:
        task.schedule(daily())
    assert refused.value.field == "task_id"


def test_a_measure_never_inspected_and_retired_leaves_nothing():
    task = CheckTask(task_id_for("m-1"))
    task.measure_retired()
    assert task.is_new


def test_a_cycle_starts_in_shanghai_and_the_same_cycle_again_changes_nothing():
    task = CheckTask(task_id_for("m-1"))
    task.follow(measure())
    task.schedule(TaskCycle.of(check_cycle=Decimal("1.50"), check_cycle_unit=CheckCycleUnit.HOUR,
                               task_start_time=datetime(2026, 12, 1, 8), work_start_time="8:00:00",
                               work_end_time="17:30"))
    scheduled = task.pending()[-1]
    assert isinstance(scheduled, ev.CheckTaskScheduled)
    assert scheduled.task_start_time == datetime(2026, 12, 1, 8, tzinfo=SHANGHAI)
    assert scheduled.payload()["check_cycle"] == 1.5 and scheduled.payload()["work_end_time"] == "17:30:00"
    saved(task)
    task.schedule(TaskCycle.of(check_cycle="1.5", check_cycle_unit="小时", task_start_time=datetime(2026, 12, 1, 0,
                               tzinfo=UTC), work_start_time="8:00:00", work_end_time="17:30:00"))
    assert task.pending() == []  # the same moment, said in UTC


def test_a_start_no_plan_can_mean_is_refused_naming_the_field():
    task = CheckTask(task_id_for("m-1"))
    task.follow(measure())
    with pytest.raises(DomainError) as refused:
        task.schedule(daily(datetime(9999, 12, 31, 23, tzinfo=UTC)))
    assert refused.value.field == "task_start_time"


def test_a_scheduled_event_reads_back_as_the_same_cycle():
    task = CheckTask(task_id_for("m-1"))
    task.follow(measure())
    task.schedule(daily())
    events = [ev.registry.decode(e.TYPE, e.VERSION, e.payload()) for e in task.pending()]
    assert CheckTask.rehydrate(task.id, events).cycle == task.cycle  # type: ignore[attr-defined]
