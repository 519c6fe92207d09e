"""The guardians replica and the open-occurrence look-up in memory: the fakes behind the
`GuardianDirectory` and `OpenOccurrences` ports of application/guardian_tasks.py. The test names a
重大危险源's 包保责任人 as MajorHazardGuardiansAssigned would have; the open occurrences are read from
the occurrence fake."""

from __future__ import annotations

from dataclasses import replace

from libs.pagination import PageParams
from services.inspection.domain.guardian_task import Guardians
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
