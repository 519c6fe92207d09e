"""Reading the check-task read model (the `TaskQueries` port of application/handlers.py)."""

from __future__ import annotations

from typing import Any

import asyncpg

from libs.pagination import PageParams
from services.inspection.domain.codes import TaskState, WorkType

Row = dict[str, Any]

# checkCycle as a JSON number; times of day as the platforms write them are the answer's models' job;
# the post's name from the directory replica (projections/directory.py), null until it arrives.
_COLUMNS = """id, enterprise_id, measure_id, origin, plan_id, risk_event_id, troubleshoot_content, post_id,
              work_type, task_num,
              check_cycle::float8 AS check_cycle, check_cycle_unit, task_start_time, work_start_time, work_end_time,
              work_day_type, state, retired_because, created_at, updated_at, version, object_id, guardian_id,
              (SELECT name FROM inspection_directory.org_units WHERE unit_id = check_tasks.post_id) AS post_name,
              (SELECT name FROM inspection_directory.people
               WHERE person_id = check_tasks.guardian_id) AS guardian_name"""


class SqlTasks:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def task(self, enterprise_id: str, task_id: str) -> Row | None:
        row = await self._pool.fetchrow(f"SELECT {_COLUMNS} FROM check_tasks WHERE enterprise_id = $1 AND id = $2",
                                        enterprise_id, task_id)
        return None if row is None else dict(row)

    async def tasks(self, enterprise_id: str, p: PageParams, *, post_id: str | None = None,
                    state: TaskState | None = None, measure_id: str | None = None, origin: str | None = None,
                    object_id: str | None = None, work_type: WorkType | None = None) -> tuple[list[Row], int]:
        where, args = ["enterprise_id = $1"], [enterprise_id]
        wanted = (("post_id", post_id), ("state", state and state.value), ("measure_id", measure_id),
                  ("origin", origin), ("object_id", object_id), ("work_type", work_type and int(work_type)))
        for column, value in wanted:
            if value is not None:
                args.append(value)
                where.append(f"{column} = ${len(args)}")
        condition = " AND ".join(where)
        total = await self._pool.fetchval(f"SELECT count(*) FROM check_tasks WHERE {condition}", *args)
        rows = await self._pool.fetch(
            f"""SELECT {_COLUMNS} FROM check_tasks WHERE {condition}
                ORDER BY created_at, id LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}""", *args, p.limit, p.offset)
        return [dict(r) for r in rows], total
