"""A fake of the HazardQueries port (services/hazard/application/ports.py): the ledger as a list
of rows as the read model keeps them, filtered, sorted and paged as SqlHazards does (a null sorts
last ascending, first descending, as in PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from libs.clock import CHINA_TIME
from libs.pagination import PageParams
from libs.sorting import Direction, Sort
from services.hazard.application.ports import LedgerFilter, Row

_MINE = {
    "reported": lambda r, me: r["reporter_id"] == me,
    "assigned": lambda r, me: r["liable_person_id"] == me and r["step"] in ("graded", "rectifying"),
    "to_accept": lambda r, me: r["step"] == "awaiting_acceptance" and me not in (
        r["reporter_id"], r["liable_person_id"], r["submitted_by"]),
    "copied": lambda r, me: me in (r["copied_to"] or []),
}


def _kept(f: LedgerFilter, row: Row) -> bool:
    equal = {"step": f.step, "level": f.level, "hazard_type": f.hazard_type, "source": f.source,
             "department_id": f.department_id, "overdue": f.overdue}
    if any(value is not None and row[column] != value for column, value in equal.items()):
        return False
    day = row["reported_at"].astimezone(CHINA_TIME).date()
    if (f.reported_from and day < f.reported_from) or (f.reported_to and day > f.reported_to):
        return False
    text = f"{row['name']}\n{row['description'] or ''}".lower()
    return not f.q or f.q.lower() in text


def _page(rows: list[Row], p: PageParams) -> tuple[list[Row], int]:
    return [dict(r) for r in rows[p.offset:p.offset + p.limit]], len(rows)


class ListLedger:
    def __init__(self, rows: list[Row], department_names: dict[str, str] | None = None) -> None:
        self.rows, self.department_names = rows, department_names or {}

    def _of(self, enterprise_id: str) -> list[Row]:
        return [r for r in self.rows if r["enterprise_id"] == enterprise_id]

    async def hazard(self, enterprise_id: str, hazard_id: str) -> Row | None:
        return next((dict(r) for r in self._of(enterprise_id) if r["id"] == hazard_id), None)

    async def ledger(self, enterprise_id: str, f: LedgerFilter, sort: Sort, p: PageParams) -> tuple[list[Row], int]:
        kept = sorted((r for r in self._of(enterprise_id) if _kept(f, r)), key=lambda r: r[sort.tiebreak])
        column = sort.expression  # the ledger's sort keys are its column names (projections/queries.SORT_KEYS)
        kept.sort(key=lambda r: (r[column] is None, r[column] if r[column] is not None else 0),
                  reverse=sort.direction is Direction.DESC)
        return _page(kept, p)

    async def cohort(self, enterprise_id: str, start: datetime, end: datetime) -> list[Row]:
        rows = [r for r in self._of(enterprise_id) if start <= r["reported_at"] < end and r["step"] != "voided"]
        return [{"department_id": (d := r["department_id"] or r["found_department_id"]),
                 "department_name": self.department_names.get(d) if d else None, "closed_at": r["closed_at"],
                 "deadline": r["deadline"], "was_overdue_at": r["was_overdue_at"]} for r in rows]

    async def mine(self, enterprise_id: str, person_id: str, which: str, p: PageParams,
                   majors: bool = True) -> tuple[list[Row], int]:
        rows = [r for r in self._of(enterprise_id) if _MINE[which](r, person_id)
                and (majors or which != "to_accept" or r["level"] != 1)]
        rows.sort(key=lambda r: r["id"])
        rows.sort(key=lambda r: r["reported_at"], reverse=True)
        return _page(rows, p)
