"""Counting the occurrence read model for the rates (the `RateQueries` port of application/rates.py):
one statement per answer, every count a FILTER over the occurrences whose window starts in the
period (the index occurrences_by_start). Days and weeks are Beijing's. A department is its posts'
(the directory replica's tree as it is now, projections/directory.DEPARTMENTS), an occurrence once
in each department it reached however many of its posts; a role is the task's workType."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from services.inspection.domain.codes import CheckStatus, OccurrenceState, WorkType
from services.inspection.domain.rates import GroupKey, Tally
from services.inspection.domain.report_period import RatesBy
from services.inspection.projections.directory import DEPARTMENTS

_OPEN = f"('{OccurrenceState.ISSUED.value}', '{OccurrenceState.IMMINENT.value}')"
_COUNTS = f"""count(*) AS issued,
              count(*) FILTER (WHERE state IN {_OPEN}) AS open,
              count(*) FILTER (WHERE checked) AS completed,
              count(*) FILTER (WHERE checked_on_time) AS completed_on_time,
              count(*) FILTER (WHERE state = '{OccurrenceState.MISSED.value}') AS missed,
              count(*) FILTER (WHERE closing_status = {int(CheckStatus.NOT_CHECKED)}) AS not_checked"""
_PERIOD = "enterprise_id = $1 AND window_start >= $2 AND window_start < $3"
# An occurrence issued to two posts counts for each; one issued to people only, under no post.
_POSTS = "unnest(CASE WHEN cardinality(post_ids) = 0 THEN ARRAY[NULL::text] ELSE post_ids END)"
_IN_PERIOD = "o.enterprise_id = $1 AND o.window_start >= $2 AND o.window_start < $3"
# Once per (occurrence, department): DISTINCT over the few columns counted, not the whole row.
_BY_DEPARTMENT = f"""(SELECT DISTINCT o.id, o.enterprise_id, o.window_start, o.state, o.checked, o.checked_on_time,
                              o.closing_status, d.department_id
                       FROM occurrences o CROSS JOIN LATERAL {_POSTS} AS post(id)
                       LEFT JOIN departments d ON d.post_id = post.id WHERE {_IN_PERIOD}) AS occurrences"""
_BY_ROLE = f"""(SELECT o.*, t.work_type FROM occurrences o
                 JOIN check_tasks t ON t.id = o.task_id AND t.enterprise_id = o.enterprise_id
                 WHERE {_IN_PERIOD}) AS occurrences"""
# What each grouping counts by, over which rows, after which common table (if any).
_KEYS = {RatesBy.POST: ("post.id", f"occurrences, {_POSTS} AS post(id)"),
         RatesBy.DEPARTMENT: ("department_id", _BY_DEPARTMENT),
         RatesBy.ROLE: ("work_type", _BY_ROLE),
         RatesBy.DAY: ("(window_start AT TIME ZONE 'Asia/Shanghai')::date", "occurrences"),
         RatesBy.WEEK: ("date_trunc('week', window_start AT TIME ZONE 'Asia/Shanghai')::date", "occurrences")}


def _tally(row: asyncpg.Record) -> Tally:
    return Tally(**{k: row[k] for k in ("issued", "open", "completed", "completed_on_time", "missed", "not_checked")})


class SqlRates:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def tallies(self, enterprise_id: str, by: RatesBy, start: datetime, end: datetime) -> dict[GroupKey, Tally]:
        key, source = _KEYS[by]
        common = f"WITH {DEPARTMENTS} " if by is RatesBy.DEPARTMENT else ""
        statement = f"{common}SELECT {key} AS key, {_COUNTS} FROM {source} WHERE {_PERIOD} GROUP BY 1"
        rows = await self._pool.fetch(statement, enterprise_id, start, end)
        return {(WorkType(row["key"]) if by is RatesBy.ROLE else row["key"]): _tally(row) for row in rows}

    async def total(self, enterprise_id: str, start: datetime, end: datetime) -> Tally:
        row = await self._pool.fetchrow(f"SELECT {_COUNTS} FROM occurrences WHERE {_PERIOD}", enterprise_id, start, end)
        return _tally(row)
