"""The loaded calendar years' read model: one row per year, the last load in force, written in the
append's transaction; and its queries, which the working calendar (application/calendar.py) and
the calendar routes read."""

from __future__ import annotations

from typing import Any

import asyncpg

from libs.events import RecordedEvent
from libs.inline import Projector
from services.inspection.domain import events as e
from services.inspection.domain.calendar_events import CalendarYearLoaded

Row = dict[str, Any]
COLUMNS = "year, holidays, workdays, loaded_by, loaded_at, version"


async def loaded(conn, ev: CalendarYearLoaded, r: RecordedEvent) -> None:
    await conn.execute(
        f"""INSERT INTO calendar_years ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (year) DO UPDATE SET holidays = $2, workdays = $3, loaded_by = $4, loaded_at = $5,
                                             version = $6""",
        ev.year, ev.holidays, ev.workdays, ev.loaded_by, ev.loaded_at, r.version)


project = Projector(e.registry, {CalendarYearLoaded: loaded})


class SqlCalendarYears:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def loaded_years(self) -> list[Row]:
        rows = await self._pool.fetch(f"SELECT {COLUMNS} FROM calendar_years ORDER BY year")
        return [_row(r) for r in rows]


def _row(r: asyncpg.Record) -> Row:
    return {**dict(r), "holidays": sorted(r["holidays"]), "workdays": sorted(r["workdays"])}
