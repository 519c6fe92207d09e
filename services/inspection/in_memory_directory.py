"""The directory replica and the due-occurrence query in memory: the fakes behind the `Directory`
and `DueOccurrences` ports of application/my_tasks.py. The test says who is on which post, as the
registry's events would have; the due occurrences are read from the occurrence fake, in the SQL
query's order."""

from __future__ import annotations

from datetime import datetime

from libs.pagination import PageParams
from services.inspection.application.my_tasks import Member, Row, Unit
from services.inspection.in_memory_occurrences import InMemoryOccurrences

OPEN = ("issued", "imminent")


class InMemoryDirectory:
    def __init__(self) -> None:
        self._people: dict[str, tuple[str, Member]] = {}
        self._posts: dict[str, str] = {}
        self._units: dict[str, tuple[str, str, str | None, str | None]] = {}  # id → enterprise, kind, name, parent

    def post(self, post_id: str, name: str) -> None:
        self._posts[post_id] = name

    def unit(self, enterprise_id: str, unit_id: str, kind: str, name: str, parent_id: str | None = None) -> None:
        """An org unit as the registry's OrgUnitCreated (a post's name is its post name too)."""
        self._units[unit_id] = (enterprise_id, kind, name, parent_id)
        if kind == "post":
            self._posts[unit_id] = name

    async def departments(self, enterprise_id: str, post_ids: list[str]) -> dict[str, Unit]:
        found = {}
        for post_id in post_ids:
            unit = self._units.get(post_id)
            if unit is None or unit[:2] != (enterprise_id, "post"):
                continue
            parent = unit[3]
            for _ in range(16):  # as the SQL: the nearest department up, a cycle cannot loop
                above = self._units.get(parent) if parent else None
                if above is None:
                    break
                if above[1] == "department":
                    found[post_id] = Unit(parent or "", above[2])
                    break
                parent = above[3]
        return found

    async def units(self, enterprise_id: str, kind: str) -> dict[str, str | None]:
        return {u: name for u, (eid, k, name, _) in self._units.items() if (eid, k) == (enterprise_id, kind)}

    def person(self, enterprise_id: str, person_id: str, post_id: str | None, name: str = "张三",
               left: bool = False) -> None:
        self._people[person_id] = (enterprise_id, Member(person_id, name, post_id, None, left))

    async def member(self, enterprise_id: str, person_id: str) -> Member | None:
        eid, member = self._people.get(person_id, ("", None))
        if member is None or eid != enterprise_id:
            return None
        return Member(member.person_id, member.name, member.post_id, self._posts.get(member.post_id or ""),
                      member.left)

    async def post_names(self, post_ids: list[str]) -> dict[str, str]:
        return {p: self._posts[p] for p in post_ids if p in self._posts}


class InMemoryDue:
    def __init__(self, occurrences: InMemoryOccurrences) -> None:
        self._occurrences = occurrences

    async def due(self, enterprise_id: str, post_id: str | None, person_id: str, *, started_before: datetime,
                  missed_since: datetime) -> list[Row]:
        rows, _ = await self._occurrences.occurrences(enterprise_id, PageParams(limit=10**6, offset=0))

        def wanted(r: Row) -> bool:
            mine = post_id in r["post_ids"] or person_id in r["person_ids"]
            open_ = r["state"] in OPEN and r["window_start"] < started_before
            missed = r["state"] == "missed" and missed_since <= r["window_end"] < started_before
            return mine and (open_ or missed)

        return sorted(filter(wanted, rows), key=lambda r: (r["window_end"], r["id"]))[:500]
