"""The check-record read model: one row per record, written in the append's transaction (the answer
to the phone reads it at once), and the queries on it (the `RecordQueries` port). Readings are kept
as JSON numbers, as the platforms take them; `on_time` is the opposite of `late` (made inside the
window, however late it arrived). The reporter's mobile (createByMobile) is answered as
`reporter_mobile`, a personal detail the disclosure view masks for all but the reporter and oversight."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from libs.events import RecordedEvent
from libs.inline import Projector
from libs.pagination import PageParams
from services.inspection.domain import record_events as e
from services.inspection.domain.codes import CheckStatus
from services.inspection.domain.events import registry

Row = dict[str, Any]
_NUMBERS = ("reading", "low", "high")

_COLUMNS = """id, client_id, enterprise_id, occurrence_id, task_id, window_start, window_end, status, made_at,
              received_at, late, NOT late AS on_time, items, note, hazards, photo_ids, reporter_id,
              reporter_mobile, mobile_me, is_defend, location, recorded_at, recorded_by"""


def item_row(item: e.ItemChecked) -> Row:
    row = item.model_dump(mode="json")
    return {**row, **{k: float(getattr(item, k)) for k in _NUMBERS if getattr(item, k) is not None}}


def location_row(ev: e.CheckRecorded) -> Row | None:
    return ev.location.model_dump() if ev.location else None


async def recorded(conn, ev: e.CheckRecorded, r: RecordedEvent) -> None:
    await conn.execute(
        """INSERT INTO check_records (id, client_id, enterprise_id, occurrence_id, task_id, window_start, window_end,
               status, made_at, received_at, late, items, note, hazards, photo_ids, reporter_id, reporter_mobile,
               mobile_me, is_defend, location, recorded_at, recorded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                   $22)""",
        ev.record_id, ev.client_id, ev.enterprise_id, ev.occurrence_id, ev.task_id, ev.window_start, ev.window_end,
        ev.status.value, ev.made_at, ev.received_at, ev.late, [item_row(i) for i in ev.items], ev.note,
        sum(1 for i in ev.items if i.abnormal), ev.photo_ids, ev.reporter_id, ev.create_by_mobile, ev.mobile_me,
        ev.is_defend, location_row(ev), r.recorded_at, ev.recorded_by)


project = Projector(registry, {e.CheckRecorded: recorded})


class SqlRecords:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def record(self, enterprise_id: str, record_id: str) -> Row | None:
        row = await self._pool.fetchrow(f"SELECT {_COLUMNS} FROM check_records WHERE enterprise_id = $1 AND id = $2",
                                        enterprise_id, record_id)
        return None if row is None else dict(row)

    async def records(self, enterprise_id: str, p: PageParams, *, occurrence_id: str | None = None,
                      task_id: str | None = None, status: CheckStatus | None = None, reporter_id: str | None = None,
                      made_from: datetime | None = None, made_to: datetime | None = None) -> tuple[list[Row], int]:
        where, args = ["enterprise_id = $1"], [enterprise_id]
        for test, value in (("occurrence_id = ", occurrence_id), ("task_id = ", task_id),
                            ("status = ", None if status is None else status.value),
                            ("reporter_id = ", reporter_id), ("made_at >= ", made_from), ("made_at < ", made_to)):
            if value is not None:
                args.append(value)
                where.append(f"{test}${len(args)}")
        condition = " AND ".join(where)
        total = await self._pool.fetchval(f"SELECT count(*) FROM check_records WHERE {condition}", *args)
        rows = await self._pool.fetch(
            f"""SELECT {_COLUMNS} FROM check_records WHERE {condition}
                ORDER BY made_at DESC, id LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}""", *args, p.limit, p.offset)
        return [dict(r) for r in rows], total
