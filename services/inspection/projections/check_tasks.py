"""The check-task read model: one row per task, written in the append's transaction (the answer
to a command reads it at once), its `state` kept beside the fields (未设置周期 until a cycle is set)."""

from __future__ import annotations

from libs.events import RecordedEvent
from libs.inline import Projector
from services.inspection.domain import events as e
from services.inspection.domain.codes import TaskState


async def drawn_up(conn, ev: e.CheckTaskDrawnUp, r: RecordedEvent) -> None:
    await conn.execute(
        """INSERT INTO check_tasks (id, enterprise_id, measure_id, risk_event_id, troubleshoot_content, post_id,
                                    work_type, task_num, state, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)""",
        ev.task_id, ev.enterprise_id, ev.measure_id, ev.risk_event_id, ev.troubleshoot_content, ev.post_id,
        ev.work_type.value, ev.task_num, TaskState.UNSCHEDULED.value, r.recorded_at, r.version)


async def _update(conn, r: RecordedEvent, task_id: str, sets: str, *values) -> None:
    await conn.execute(f"UPDATE check_tasks SET {sets}, updated_at = $2, version = $3 WHERE id = $1",
                       task_id, r.recorded_at, r.version, *values)


async def revised(conn, ev: e.CheckTaskRevised, r: RecordedEvent) -> None:
    await _update(conn, r, ev.task_id, "troubleshoot_content = $4, post_id = $5", ev.troubleshoot_content, ev.post_id)


async def scheduled(conn, ev: e.CheckTaskScheduled, r: RecordedEvent) -> None:
    await _update(conn, r, ev.task_id, """check_cycle = $4, check_cycle_unit = $5, task_start_time = $6,
                  work_start_time = $7, work_end_time = $8, work_day_type = $9,
                  state = CASE WHEN state = 'retired' THEN state ELSE 'scheduled' END""",
                  ev.check_cycle, ev.check_cycle_unit.value, ev.task_start_time, ev.work_start_time,
                  ev.work_end_time, ev.work_day_type.value)


async def retired(conn, ev: e.CheckTaskRetired, r: RecordedEvent) -> None:
    await _update(conn, r, ev.task_id, "state = 'retired', retired_because = $4", ev.reason.value)


async def reinstated(conn, ev: e.CheckTaskReinstated, r: RecordedEvent) -> None:
    await _update(conn, r, ev.task_id, """troubleshoot_content = $4, post_id = $5, retired_because = NULL,
                  state = CASE WHEN check_cycle IS NULL THEN 'unscheduled' ELSE 'scheduled' END""",
                  ev.troubleshoot_content, ev.post_id)


project = Projector(e.registry, {
    e.CheckTaskDrawnUp: drawn_up, e.CheckTaskRevised: revised, e.CheckTaskScheduled: scheduled,
    e.CheckTaskRetired: retired, e.CheckTaskReinstated: reinstated,
})
