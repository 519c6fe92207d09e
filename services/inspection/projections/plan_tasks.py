"""The check-task read model's rows of plans' tasks (projections/check_tasks.py has the measures'):
drawn up scheduled with the plan's cycle, `origin` plan and no measure; their content follows the
plan's checklist; retired with the plan."""

from __future__ import annotations

from libs.events import RecordedEvent
from libs.inline import Projector
from services.inspection.domain import plan_task_events as e
from services.inspection.domain.codes import RetiredBecause, TaskState
from services.inspection.domain.events import registry
from services.inspection.domain.plan_task import PLAN


async def drawn_up(conn, ev: e.PlanTaskDrawnUp, r: RecordedEvent) -> None:
    await conn.execute(
        """INSERT INTO check_tasks (id, enterprise_id, measure_id, origin, plan_id, troubleshoot_content, post_id,
                                    work_type, check_cycle, check_cycle_unit, task_start_time, work_start_time,
                                    work_end_time, work_day_type, state, created_at, updated_at, version)
           VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16)""",
        ev.task_id, ev.enterprise_id, PLAN, ev.plan_id, ev.troubleshoot_content, ev.post_id, ev.work_type.value,
        ev.check_cycle, ev.check_cycle_unit.value, ev.task_start_time, ev.work_start_time, ev.work_end_time,
        ev.work_day_type.value, TaskState.SCHEDULED.value, r.recorded_at, r.version)


async def revised(conn, ev: e.PlanTaskRevised, r: RecordedEvent) -> None:
    await conn.execute("UPDATE check_tasks SET troubleshoot_content = $4, updated_at = $2, version = $3 WHERE id = $1",
                       ev.task_id, r.recorded_at, r.version, ev.troubleshoot_content)


async def retired(conn, ev: e.PlanTaskRetired, r: RecordedEvent) -> None:
    await conn.execute("""UPDATE check_tasks SET state = 'retired', retired_because = $4, updated_at = $2,
                          version = $3 WHERE id = $1""",
                       ev.task_id, r.recorded_at, r.version, RetiredBecause.PLAN_RETIRED.value)


project = Projector(registry, {e.PlanTaskDrawnUp: drawn_up, e.PlanTaskRevised: revised, e.PlanTaskRetired: retired})
