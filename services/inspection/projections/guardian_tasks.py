"""The check-task read model's rows of 包保 tasks (projections/check_tasks.py has the measures',
plan_tasks.py the plans'): `origin` guardian, the 重大危险源 (`object_id`), the holder (`guardian_id`),
workType and taskNum; a hand-over moves the holder and each open occurrence's assignees. Also the
look-ups a 包保 task needs: the replica's guardians and a task's open occurrences."""

from __future__ import annotations

import asyncpg

from libs.events import RecordedEvent
from libs.inline import Projector
from services.inspection.domain import guardian_events as e
from services.inspection.domain.codes import TaskState
from services.inspection.domain.events import registry
from services.inspection.domain.guardian_task import GUARDIAN, Guardians
from services.inspection.projections.directory import SCHEMA

_CYCLE = """troubleshoot_content = $4, check_cycle = $5, check_cycle_unit = $6, task_start_time = $7,
            work_start_time = $8, work_end_time = $9, work_day_type = $10"""


def _cycle(ev: e.GuardianCycle) -> tuple:
    return (ev.troubleshoot_content, ev.check_cycle, ev.check_cycle_unit.value, ev.task_start_time,
            ev.work_start_time, ev.work_end_time, ev.work_day_type.value)


async def drawn_up(conn, ev: e.GuardianTaskDrawnUp, r: RecordedEvent) -> None:
    # Drawn up again after a withdrawal: the same row, running again.
    await conn.execute(
        f"""INSERT INTO check_tasks (id, enterprise_id, origin, object_id, guardian_id, post_id, work_type, task_num,
                                     troubleshoot_content, check_cycle, check_cycle_unit, task_start_time,
                                     work_start_time, work_end_time, work_day_type, state, created_at, updated_at,
                                     version)
            VALUES ($1, $2, $3, $11, $12, '', $13, $14, $4, $5, $6, $7, $8, $9, $10, $15, $16, $16, $17)
            ON CONFLICT (id) DO UPDATE SET guardian_id = $12, {_CYCLE}, state = $15, retired_because = NULL,
                                           updated_at = $16, version = $17""",
        ev.task_id, ev.enterprise_id, GUARDIAN, *_cycle(ev), ev.object_id, ev.person_id, ev.work_type.value,
        ev.task_num, TaskState.SCHEDULED.value, r.recorded_at, r.version)


async def _update(conn, r: RecordedEvent, task_id: str, sets: str, *values) -> None:
    await conn.execute(f"UPDATE check_tasks SET {sets}, updated_at = $2, version = $3 WHERE id = $1",
                       task_id, r.recorded_at, r.version, *values)


async def revised(conn, ev: e.GuardianTaskRevised, r: RecordedEvent) -> None:
    await _update(conn, r, ev.task_id, _CYCLE, *_cycle(ev))


async def handed_over(conn, ev: e.GuardianTaskHandedOver, r: RecordedEvent) -> None:
    await _update(conn, r, ev.task_id, "guardian_id = $4", ev.to_person_id)


async def retired(conn, ev: e.GuardianTaskRetired, r: RecordedEvent) -> None:
    await _update(conn, r, ev.task_id, "state = 'retired', retired_because = $4", ev.reason.value)


async def occurrence_handed_over(conn, ev: e.OccurrenceHandedOver, r: RecordedEvent) -> None:
    await conn.execute("UPDATE occurrences SET person_ids = $4, updated_at = $2, version = $3 WHERE id = $1",
                       ev.occurrence_id, r.recorded_at, r.version, ev.person_ids)


project = Projector(registry, {e.GuardianTaskDrawnUp: drawn_up, e.GuardianTaskRevised: revised,
                               e.GuardianTaskHandedOver: handed_over, e.GuardianTaskRetired: retired,
                               e.OccurrenceHandedOver: occurrence_handed_over})


class SqlGuardians:
    """The `GuardianDirectory` and `OpenOccurrences` ports of application/guardian_tasks.py."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def guardians(self, enterprise_id: str, object_id: str) -> Guardians | None:
        row = await self._pool.fetchrow(
            f"""SELECT object_id, enterprise_id, principal_id, technical_id, operations_id, retired
                FROM {SCHEMA}.guardians WHERE object_id = $1 AND enterprise_id = $2""", object_id, enterprise_id)
        return None if row is None else Guardians.of(dict(row))

    async def open_of(self, enterprise_id: str, task_ids: list[str]) -> list[str]:
        rows = await self._pool.fetch(
            """SELECT id FROM occurrences WHERE enterprise_id = $1 AND task_id = ANY($2::text[])
               AND state IN ('issued', 'imminent') ORDER BY id""", enterprise_id, task_ids)
        return [r["id"] for r in rows]
