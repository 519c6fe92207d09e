"""The occurrence read model in memory: the fake behind `OccurrenceQueries`, kept by an inline
projection of the in-memory event store. It folds each occurrence's stream with the aggregate's own
`when_…` methods and answers in the SQL queries' shapes and order."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from libs.clock import CHINA_TIME
from libs.events import DomainEvent, RecordedEvent
from libs.inline import Projector
from libs.pagination import PageParams
from libs.periods import week_of
from services.inspection.domain import occurrence_events as e
from services.inspection.domain.codes import OccurrenceState, WorkType
from services.inspection.domain.events import registry
from services.inspection.domain.guardian_events import OccurrenceHandedOver
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.rates import GroupKey, Outcome, Tally
from services.inspection.domain.report_period import RatesBy

Row = dict[str, Any]


class InMemoryOccurrences:
    def __init__(self) -> None:
        self._history: dict[str, list[DomainEvent]] = defaultdict(list)
        self._rows: dict[str, Row] = {}
        self._outcomes: dict[str, Outcome] = {}  # the rates' columns (migration 0008)
        self.records: Any = None  # the record fake (in_memory.InMemoryRecords), for the records kept beside
        self.directory: Any = None  # the directory fake, for the departments of posts (rates by department)
        self.tasks: Any = None  # the task fake, for the tasks' workType (rates by role)
        folded = [*e.OCCURRENCE_EVENTS, OccurrenceHandedOver]  # a 包保 task's open occurrence handed over
        self.project = Projector(registry, {cls: self._fold for cls in folded}).run

    def _fold(self, event: DomainEvent, r: RecordedEvent) -> None:
        occurrence_id = r.stream_id.partition("-")[2]
        self._history[occurrence_id].append(event)
        occurrence = Occurrence.rehydrate(occurrence_id, self._history[occurrence_id])
        first = self._history[occurrence_id][0]
        created = self._rows.get(occurrence_id, {}).get("created_at", r.recorded_at)
        self._rows[occurrence_id] = _row(occurrence, isinstance(first, e.OccurrenceMissed), created, r.recorded_at)
        self._outcomes[occurrence_id] = Outcome.of(self._history[occurrence_id])

    async def occurrence(self, enterprise_id: str, occurrence_id: str) -> Row | None:
        row = self._rows.get(occurrence_id)
        if row is None or row["enterprise_id"] != enterprise_id:
            return None
        return {**row, "records_beside": await self._beside(row)}

    async def _beside(self, row: Row) -> list[str]:
        """As the SQL query: the occurrence's records that neither completed it nor came after its miss."""
        if self.records is None:
            return []
        found, _ = await self.records.records(row["enterprise_id"], PageParams(limit=10**6, offset=0),
                                              occurrence_id=row["id"])
        kept = {row["record_id"], *row["records_after_miss"]}
        return [r["id"] for r in sorted(found, key=lambda r: (r["made_at"], r["id"])) if r["id"] not in kept]

    async def occurrences(self, enterprise_id: str, p: PageParams, *, task_id: str | None = None,
                          post_id: str | None = None, state: OccurrenceState | None = None,
                          from_: datetime | None = None, to: datetime | None = None,
                          department_id: str | None = None) -> tuple[list[Row], int]:
        under: set[str] | None = None
        if department_id is not None:
            posts = sorted({p for r in self._rows.values() for p in r["post_ids"]})
            under = {p for p, unit in (await self.directory.departments(enterprise_id, posts)).items()
                     if unit.unit_id == department_id}

        def wanted(r: Row) -> bool:
            return (r["enterprise_id"] == enterprise_id and task_id in (None, r["task_id"])
                    and (under is None or bool(under & set(r["post_ids"])))
                    and (post_id is None or post_id in r["post_ids"]) and state in (None, r["state"])
                    and (from_ is None or r["window_start"] >= from_) and (to is None or r["window_start"] < to))

        rows = sorted(filter(wanted, self._rows.values()), key=lambda r: (r["window_start"], r["id"]))
        return [{**r, "records_beside": await self._beside(r)} for r in rows[p.offset:p.offset + p.limit]], len(rows)

    # The `RateQueries` port of application/rates.py.
    async def tallies(self, enterprise_id: str, by: RatesBy, start: datetime, end: datetime) -> dict[GroupKey, Tally]:
        groups: dict[GroupKey, list[tuple[OccurrenceState, Outcome]]] = defaultdict(list)
        rows = self._in_period(enterprise_id, start, end)
        departments = await self.directory.departments(enterprise_id, sorted({p for r in rows for p in r["post_ids"]}))
        for row in rows:
            for key in await self._keys(row, by, departments):
                groups[key].append((row["state"], self._outcomes[row["id"]]))
        return {key: Tally.of(members) for key, members in groups.items()}

    async def _keys(self, row: Row, by: RatesBy, departments: dict) -> list[GroupKey]:
        """The groups one occurrence counts in, as the SQL of projections/rates.py."""
        day = row["window_start"].astimezone(CHINA_TIME).date()
        posts = row["post_ids"] or [None]
        if by is RatesBy.POST:
            return posts
        if by is RatesBy.DEPARTMENT:  # once per department, however many of its posts
            return list(dict.fromkeys(departments[p].unit_id if p in departments else None for p in posts))
        if by is RatesBy.ROLE:
            return [WorkType((await self.tasks.task(row["enterprise_id"], row["task_id"]))["work_type"])]
        return [day if by is RatesBy.DAY else week_of(day)]

    async def total(self, enterprise_id: str, start: datetime, end: datetime) -> Tally:
        return Tally.of((r["state"], self._outcomes[r["id"]]) for r in self._in_period(enterprise_id, start, end))

    def _in_period(self, enterprise_id: str, start: datetime, end: datetime) -> list[Row]:
        return [r for r in self._rows.values()
                if r["enterprise_id"] == enterprise_id and start <= r["window_start"] < end]


def _row(o: Occurrence, never_issued: bool, created: datetime, updated: datetime) -> Row:
    assert o.state is not None
    return {"id": o.id, "enterprise_id": o.enterprise_id, "task_id": o.task_id, "post_ids": list(o.post_ids),
            "person_ids": list(o.person_ids), "window_start": o.window.start, "window_end": o.window.end,
            "state": o.state.value, "imminent_at": o.imminent_at,
            "planned_on_assumed_calendar": o.window.assumed_calendar, "never_issued": never_issued,
            "record_id": o.record_id, "records_after_miss": list(o.after_miss), "created_at": created,
            "updated_at": updated, "version": o.version}
