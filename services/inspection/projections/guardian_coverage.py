"""The SQL of the 包保 coverage (the `CoverageQueries` port of application/guardian_coverage.py): the
replica's 重大危险源 with their guardians' names, and the taskNums of the live 包保 tasks, each one
statement over the enterprise's rows (check_tasks_guardian_by_object, migration 0009)."""

from __future__ import annotations

import asyncpg

from services.inspection.application.guardian_coverage import GuardedObject, Guardian
from services.inspection.domain.codes import WorkType
from services.inspection.domain.guardian_task import GUARDIAN
from services.inspection.projections.directory import SCHEMA

_COLUMNS = {WorkType.PRINCIPAL: "principal_id", WorkType.TECHNICAL: "technical_id",
            WorkType.OPERATIONAL: "operations_id"}
_NAMES = ", ".join(f"(SELECT name FROM {SCHEMA}.people WHERE person_id = g.{column}) AS {column}_name"
                   for column in _COLUMNS.values())


class SqlGuardianCoverage:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def guarded_objects(self, enterprise_id: str) -> list[GuardedObject]:
        rows = await self._pool.fetch(
            f"""SELECT g.object_id, {", ".join(f"g.{c}" for c in _COLUMNS.values())}, {_NAMES}
                FROM {SCHEMA}.guardians g WHERE g.enterprise_id = $1 AND NOT g.retired ORDER BY g.object_id""",
            enterprise_id)
        return [GuardedObject(r["object_id"], {role: Guardian(r[column], r[f"{column}_name"])
                                               for role, column in _COLUMNS.items()}) for r in rows]

    async def live_task_nums(self, enterprise_id: str) -> dict[tuple[str, WorkType], set[int]]:
        rows = await self._pool.fetch(
            """SELECT object_id, work_type, array_agg(task_num) AS nums FROM check_tasks
               WHERE enterprise_id = $1 AND origin = $2 AND state <> 'retired' GROUP BY object_id, work_type""",
            enterprise_id, GUARDIAN)
        return {(r["object_id"], WorkType(r["work_type"])): set(r["nums"]) for r in rows}
