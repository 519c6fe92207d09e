"""The self-check records' read model, written in the append's transaction, and its reads."""

from __future__ import annotations

from typing import Any

import asyncpg

from libs.events import RecordedEvent
from libs.inline import Projector
from libs.pagination import PageParams
from services.alerting.domain.events import registry
from services.alerting.domain.self_check import SelfCheckRecorded

_COLUMNS = """id, enterprise_id, first_day, last_day, reminder_stats, effectiveness, conclusions, coverage_report_at,
    recorded_by, recorded_at, version"""


async def recorded(conn, ev: SelfCheckRecorded, r: RecordedEvent) -> None:
    await conn.execute(
        f"INSERT INTO self_checks ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
        "ON CONFLICT (id) DO NOTHING",
        ev.self_check_id, ev.enterprise_id, ev.first_day, ev.last_day, ev.reminder_stats.model_dump(mode="json"),
        ev.effectiveness, ev.conclusions, ev.coverage_report_at, ev.recorded_by, ev.at, r.version)


project = Projector(registry, {SelfCheckRecorded: recorded})


async def self_checks(pool: asyncpg.Pool, enterprise_id: str, p: PageParams) -> tuple[list[dict[str, Any]], int]:
    total = await pool.fetchval("SELECT count(*) FROM self_checks WHERE enterprise_id = $1", enterprise_id)
    rows = await pool.fetch(f"SELECT {_COLUMNS} FROM self_checks WHERE enterprise_id = $1 "
                            f"ORDER BY recorded_at DESC, id LIMIT {p.limit} OFFSET {p.offset}", enterprise_id)
    return [dict(r) for r in rows], total


async def self_check(pool: asyncpg.Pool, enterprise_id: str, self_check_id: str) -> dict[str, Any] | None:
    row = await pool.fetchrow(f"SELECT {_COLUMNS} FROM self_checks WHERE enterprise_id = $1 AND id = $2",
                              enterprise_id, self_check_id)
    return dict(row) if row else None
