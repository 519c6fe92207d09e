"""What the routes read besides the event store: the hazard ledger's read model (SqlHazards in
projections/queries.py; a fake in tests/unit/hazard/application/ledger.py). The handlers never
read it — a decision is the aggregate's — so it is the routes' port, kept on `Hazards`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from libs.pagination import PageParams
from libs.sorting import Sort
from services.hazard.domain.codes import DangerSource, HazardLevel, HazardType
from services.hazard.domain.steps import Step

Row = dict[str, Any]  # a ledger row, with the names beside its ids (null until the replica has them)


@dataclass(frozen=True)
class LedgerFilter:
    step: Step | None = None
    level: HazardLevel | None = None
    hazard_type: HazardType | None = None
    source: DangerSource | None = None
    department_id: str | None = None
    reported_from: date | None = None  # whole Beijing days
    reported_to: date | None = None
    overdue: bool | None = None
    q: str | None = None  # in the name or description


class HazardQueries(Protocol):
    async def hazard(self, enterprise_id: str, hazard_id: str) -> Row | None: ...

    async def ledger(self, enterprise_id: str, f: LedgerFilter, sort: Sort, p: PageParams) -> tuple[list[Row], int]:
        """The page of the ledger `f` keeps, in `sort` order, and how many it keeps in all."""
        ...

    async def cohort(self, enterprise_id: str, start: datetime, end: datetime) -> list[Row]:
        """The hazards reported in [start, end), voided ones aside, with their department (the
        rectifying one, else the finding one): the 公示 table's rows."""
        ...

    async def mine(self, enterprise_id: str, person_id: str, which: str, p: PageParams,
                   majors: bool = True) -> tuple[list[Row], int]:
        """A page of the hazards `person_id` reported, is to rectify, may accept or is copied on (`which`);
        to accept, the 重大 ones only with `majors` (the person holds a role the enterprise lets accept them)."""
        ...
