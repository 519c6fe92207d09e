"""The guardians replica and the open-occurrence look-up in memory: the fakes behind the
`GuardianDirectory` and `OpenOccurrences` ports of application/guardian_tasks.py. The test names a
重大危险源's 包保责任人 as MajorHazardGuardiansAssigned would have; the open occurrences are read from
the occurrence fake."""

from __future__ import annotations

from dataclasses import replace

from libs.pagination import PageParams
from services.inspection.application.guardian_coverage import GuardedObject, Guardian
from services.inspection.application.handlers import TaskQueries
from services.inspection.domain.codes import WorkType
from services.inspection.domain.guardian_task import GUARDIAN, ROLES, Guardians
from services.inspection.in_memory_occurrences import InMemoryOccurrences

OPEN = ("issued", "imminent")


class InMemoryGuardians:
    def __init__(self, occurrences: InMemoryOccurrences) -> None:
        self._guardians: dict[str, Guardians] = {}
        self._occurrences = occurrences

    def assign(self, enterprise_id: str, object_id: str, principal_id: str, technical_id: str,
               operations_id: str) -> None:
        self._guardians[object_id] = Guardians(object_id, enterprise_id, principal_id, technical_id, operations_id)

    def retire(self, object_id: str) -> None:
        self._guardians[object_id] = replace(self._guardians[object_id], retired=True)

    def of_enterprise(self, enterprise_id: str) -> list[Guardians]:
        return [g for g in self._guardians.values() if g.enterprise_id == enterprise_id]

    async def guardians(self, enterprise_id: str, object_id: str) -> Guardians | None:
        found = self._guardians.get(object_id)
        return found if found is not None and found.enterprise_id == enterprise_id else None

    async def open_of(self, enterprise_id: str, task_ids: list[str]) -> list[str]:
        found = []
        for task_id in task_ids:
            rows, _ = await self._occurrences.occurrences(enterprise_id, PageParams(limit=500, offset=0),
                                                          task_id=task_id)
            found += [r["id"] for r in rows if r["state"] in OPEN]
        return sorted(found)


class InMemoryGuardianCoverage:
    """The `CoverageQueries` port of application/guardian_coverage.py over the fakes: the guardians
    named with `InMemoryGuardians.assign`, their names as the test gives them (`names`), the task fake's rows."""

    def __init__(self, guardians: InMemoryGuardians, tasks: TaskQueries, names: dict[str, str] | None = None) -> None:
        self._guardians, self._tasks, self.names = guardians, tasks, names if names is not None else {}

    async def guarded_objects(self, enterprise_id: str) -> list[GuardedObject]:
        found = [g for g in self._guardians.of_enterprise(enterprise_id) if not g.retired]
        return [GuardedObject(g.object_id, {role: Guardian(g.of_role(role), self.names.get(g.of_role(role) or ""))
                                            for role in ROLES}) for g in found]

    async def live_task_nums(self, enterprise_id: str) -> dict[tuple[str, WorkType], set[int]]:
        rows, _ = await self._tasks.tasks(enterprise_id, PageParams(limit=10_000, offset=0), origin=GUARDIAN)
        live: dict[tuple[str, WorkType], set[int]] = {}
        for row in rows:
            if row["state"] != "retired":
                live.setdefault((row["object_id"], WorkType(row["work_type"])), set()).add(row["task_num"])
        return live
