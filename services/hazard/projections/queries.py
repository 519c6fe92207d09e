"""Reading the hazard ledger (the HazardQueries port of application/ports.py): one hazard, and the
ledger filtered, searched, sorted and paged."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import asyncpg

from libs.clock import CHINA_TIME
from libs.pagination import PageParams
from libs.sorting import Sort
from services.hazard.application.ports import LedgerFilter, Row
from services.hazard.domain.codes import HazardLevel

# The sortable keys of the ledger: each an expression of ours, never the client's text (libs/sorting.py).
SORT_KEYS = {"reported_at": "reported_at", "deadline": "deadline", "level": "level", "name": "name",
             "updated_at": "updated_at"}
TIEBREAK = "id"


def _where(f: LedgerFilter, enterprise_id: str) -> tuple[str, list[Any]]:
    where, args = ["enterprise_id = $1"], [enterprise_id]

    def arg(value: Any) -> str:
        args.append(value)
        return f"${len(args)}"

    for column, value in (("step", f.step), ("level", f.level), ("hazard_type", f.hazard_type),
                          ("source", f.source), ("department_id", f.department_id), ("overdue", f.overdue)):
        if value is not None:
            where.append(f"{column} = {arg(getattr(value, 'value', value))}")
    if f.reported_from is not None:
        where.append(f"reported_at >= {arg(_day(f.reported_from))}")
    if f.reported_to is not None:
        where.append(f"reported_at < {arg(_day(f.reported_to + timedelta(days=1)))}")
    if f.q:
        pattern = arg("%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        where.append(f"(name ILIKE {pattern} OR description ILIKE {pattern})")
    return " AND ".join(where), args


def _day(day: date) -> datetime:
    return datetime.combine(day, time(), CHINA_TIME)


_COHORT = """
SELECT COALESCE(h.department_id, h.found_department_id) AS department_id, h.closed_at, h.deadline, h.was_overdue_at,
       u.name AS department_name
FROM hazards h LEFT JOIN hazard_directory.org_units u ON u.unit_id = COALESCE(h.department_id, h.found_department_id)
WHERE h.enterprise_id = $1 AND h.reported_at >= $2 AND h.reported_at < $3 AND h.step <> 'voided'
"""
# Mine: reported by me, given to me to rectify (open), or waiting for an acceptor who is neither
# its rectifier nor its reporter (whether my roles may accept at all, and 重大 ones, the caller says).
_MINE = {
    "reported": "reporter_id = $2",
    "assigned": "liable_person_id = $2 AND step IN ('graded', 'rectifying')",
    "to_accept": "step = 'awaiting_acceptance' AND reporter_id <> $2 AND liable_person_id IS DISTINCT FROM $2 "
                 "AND submitted_by IS DISTINCT FROM $2",
    "copied": "$2 = ANY(copied_to)",
}


# Names beside the ids, from the directory replica (projections/directory.py); null until it has them.
_D = "hazard_directory"
_ROW = f"""hazards.*,
    (SELECT name FROM {_D}.people WHERE person_id = hazards.reporter_id) AS reporter_name,
    (SELECT name FROM {_D}.people WHERE person_id = hazards.liable_person_id) AS liable_person_name,
    (SELECT name FROM {_D}.people WHERE person_id = hazards.accepted_by) AS accepted_by_name,
    (SELECT name FROM {_D}.org_units WHERE unit_id = hazards.department_id) AS department_name"""


class SqlHazards:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def hazard(self, enterprise_id: str, hazard_id: str) -> Row | None:
        row = await self._pool.fetchrow(f"SELECT {_ROW} FROM hazards WHERE enterprise_id = $1 AND id = $2",
                                        enterprise_id, hazard_id)
        return None if row is None else dict(row)

    async def ledger(self, enterprise_id: str, f: LedgerFilter, sort: Sort, p: PageParams) -> tuple[list[Row], int]:
        condition, args = _where(f, enterprise_id)
        total = await self._pool.fetchval(f"SELECT count(*) FROM hazards WHERE {condition}", *args)
        rows = await self._pool.fetch(
            f"SELECT {_ROW} FROM hazards WHERE {condition} ORDER BY {sort.sql()} "
            f"LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}", *args, p.limit, p.offset)
        return [dict(r) for r in rows], total

    async def cohort(self, enterprise_id: str, start: datetime, end: datetime) -> list[Row]:
        return [dict(r) for r in await self._pool.fetch(_COHORT, enterprise_id, start, end)]

    async def mine(self, enterprise_id: str, person_id: str, which: str, p: PageParams,
                   majors: bool = True) -> tuple[list[Row], int]:
        condition = f"enterprise_id = $1 AND {_MINE[which]}"
        if which == "to_accept" and not majors:
            condition += f" AND level IS DISTINCT FROM {HazardLevel.MAJOR.value}"
        total = await self._pool.fetchval(f"SELECT count(*) FROM hazards WHERE {condition}", enterprise_id, person_id)
        rows = await self._pool.fetch(f"SELECT {_ROW} FROM hazards WHERE {condition} ORDER BY reported_at DESC, id "
                                      "LIMIT $3 OFFSET $4", enterprise_id, person_id, p.limit, p.offset)
        return [dict(r) for r in rows], total
