"""The occurrence read model: one row per occurrence (一次排查), written in the append's transaction,
and its queries (the `OccurrenceQueries` port of application/occurrences.py). A window missed while
the service was down arrives as its first event, OccurrenceMissed (`never_issued`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from libs.events import RecordedEvent
from libs.inline import Projector
from libs.pagination import PageParams
from services.inspection.domain import occurrence_events as e
from services.inspection.domain.codes import OccurrenceState
from services.inspection.domain.events import registry
from services.inspection.domain.rates import Outcome
from services.inspection.projections.directory import DEPARTMENTS

Row = dict[str, Any]
_COLUMNS = """id, enterprise_id, task_id, post_ids, person_ids, window_start, window_end, state, imminent_at,
              planned_on_assumed_calendar, never_issued, record_id, records_after_miss, created_at, updated_at,
              version"""
# What the queries answer: the row, and its posts' names from the directory replica (null until known).
_READ = _COLUMNS + """, ARRAY(SELECT u.name FROM unnest(post_ids) WITH ORDINALITY AS p(unit_id, n)
                              LEFT JOIN inspection_directory.org_units u USING (unit_id) ORDER BY p.n) AS post_names,
                    ARRAY(SELECT c.id FROM check_records c
                          WHERE c.enterprise_id = occurrences.enterprise_id AND c.occurrence_id = occurrences.id
                            AND c.id IS DISTINCT FROM occurrences.record_id AND c.id <> ALL (records_after_miss)
                          ORDER BY c.made_at, c.id) AS records_beside"""
# The records kept beside: of this occurrence, after another completed it (check_records_by_occurrence).
_OPEN = f"""INSERT INTO occurrences ({_COLUMNS})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, '{{}}', $12, $12, $13)"""


async def _open(conn, ev: e.OccurrenceIssued | e.OccurrenceMissed, r: RecordedEvent, state: OccurrenceState,
                imminent_at: datetime | None, never_issued: bool) -> None:
    await conn.execute(_OPEN, ev.occurrence_id, ev.enterprise_id, ev.task_id, ev.post_ids, ev.person_ids,
                       ev.window_start, ev.window_end, state.value, imminent_at, ev.planned_on_assumed_calendar,
                       never_issued, r.recorded_at, r.version)


async def _update(conn, r: RecordedEvent, occurrence_id: str, sets: str, *values) -> None:
    await conn.execute(f"UPDATE occurrences SET {sets}, updated_at = $2, version = $3 WHERE id = $1",
                       occurrence_id, r.recorded_at, r.version, *values)


async def issued(conn, ev: e.OccurrenceIssued, r: RecordedEvent) -> None:
    await _open(conn, ev, r, OccurrenceState.ISSUED, ev.imminent_at, never_issued=False)


async def imminent(conn, ev: e.OccurrenceBecameImminent, r: RecordedEvent) -> None:
    await _update(conn, r, ev.occurrence_id, "state = $4", OccurrenceState.IMMINENT.value)


async def completed(conn, ev: e.OccurrenceCompleted, r: RecordedEvent) -> None:
    outcome = Outcome().completed(ev.status)  # what it counts for in the rates (migration 0008)
    await _update(conn, r, ev.occurrence_id,
                  "state = $4, record_id = $5, closing_status = $6, checked = $7, checked_on_time = $8",
                  OccurrenceState.COMPLETED.value, ev.record_id, int(ev.status), outcome.checked,
                  outcome.checked_on_time)


async def missed(conn, ev: e.OccurrenceMissed, r: RecordedEvent) -> None:
    if ev.never_issued:
        await _open(conn, ev, r, OccurrenceState.MISSED, None, never_issued=True)
    else:
        await _update(conn, r, ev.occurrence_id, "state = $4", OccurrenceState.MISSED.value)


async def checked_after_missed(conn, ev: e.OccurrenceCheckedAfterMissed, r: RecordedEvent) -> None:
    # Outcome only ever adds a check, so OR-ing this record's into the row is its fold.
    outcome = Outcome().checked_after_miss(ev.status, ev.on_time)
    await _update(conn, r, ev.occurrence_id,
                  """records_after_miss = array_append(records_after_miss, $4), checked = checked OR $5,
                     checked_on_time = checked_on_time OR $6""",
                  ev.record_id, outcome.checked, outcome.checked_on_time)


project = Projector(registry, {
    e.OccurrenceIssued: issued, e.OccurrenceBecameImminent: imminent, e.OccurrenceCompleted: completed,
    e.OccurrenceMissed: missed, e.OccurrenceCheckedAfterMissed: checked_after_missed,
})


class SqlOccurrences:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def occurrence(self, enterprise_id: str, occurrence_id: str) -> Row | None:
        row = await self._pool.fetchrow(f"SELECT {_READ} FROM occurrences WHERE enterprise_id = $1 AND id = $2",
                                        enterprise_id, occurrence_id)
        return None if row is None else dict(row)

    async def occurrences(self, enterprise_id: str, p: PageParams, *, task_id: str | None = None,
                          post_id: str | None = None, state: OccurrenceState | None = None,
                          from_: datetime | None = None, to: datetime | None = None,
                          department_id: str | None = None) -> tuple[list[Row], int]:
        where, args, with_ = ["enterprise_id = $1"], [enterprise_id], ""
        if department_id is not None:
            args.append(department_id)
            where.append(f"post_ids && ARRAY(SELECT post_id FROM departments WHERE department_id = ${len(args)})")
            with_ = f"WITH {DEPARTMENTS} "
        for test, value in (("task_id = {}", task_id), ("{} = ANY(post_ids)", post_id),
                            ("state = {}", state and state.value), ("window_start >= {}", from_),
                            ("window_start < {}", to)):
            if value is not None:
                args.append(value)
                where.append(test.format(f"${len(args)}"))
        condition = " AND ".join(where)
        total = await self._pool.fetchval(f"{with_}SELECT count(*) FROM occurrences WHERE {condition}", *args)
        rows = await self._pool.fetch(
            f"""{with_}SELECT {_READ} FROM occurrences WHERE {condition}
                ORDER BY window_start, id LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}""", *args, p.limit, p.offset)
        return [dict(r) for r in rows], total
