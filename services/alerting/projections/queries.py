"""Reading alerts: one alert, the officer's list (by state, level, stage, cause), a person's inbox with
its unread count, and the index of a cause's open alerts the reactions resolve by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg

from libs.pagination import PageParams
from services.alerting.domain.codes import Level, Stage, State

Row = dict[str, Any]
OPEN = [State.RAISED.value, State.ESCALATED.value, State.ACKNOWLEDGED.value]
_ALERT = """id, enterprise_id, cause_type, cause_id, title, stage, source_type, deadline, urgent, ladder, state, level,
    reached, steps_told, assignee_ids, recipient_ids, raised_at, escalated_at, acknowledged_by, acknowledged_at, note,
    cleared_by, cleared_at, clear_reason, resolved_by, resolved_at, updated_at, version"""


@dataclass(frozen=True)
class AlertFilter:
    state: State | None = None
    level: Level | None = None
    stage: Stage | None = None
    cause_type: str | None = None
    cause_id: str | None = None
    urgent: bool | None = None
    open: bool | None = None

    def where(self, args: list[Any], prefix: str = "a.") -> list[str]:
        where = []

        def arg(value: Any) -> str:
            args.append(value)
            return f"${len(args)}"

        for column, value in (("state", self.state), ("level", self.level), ("stage", self.stage),
                              ("cause_type", self.cause_type), ("cause_id", self.cause_id), ("urgent", self.urgent)):
            if value is not None:
                where.append(f"{prefix}{column} = {arg(getattr(value, 'value', value))}")
        if self.open is not None:
            where.append(f"{'' if self.open else 'NOT '}{prefix}state = ANY({arg(OPEN)})")
        return where


def _alert(row: asyncpg.Record) -> Row:
    return dict(row)


class SqlAlerts:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def alert(self, enterprise_id: str, alert_id: str) -> Row | None:
        row = await self.pool.fetchrow(f"SELECT {_ALERT} FROM alerts a WHERE id = $1 AND enterprise_id = $2",
                                       alert_id, enterprise_id)
        return _alert(row) if row else None

    async def alerts(self, enterprise_id: str, f: AlertFilter, p: PageParams) -> tuple[list[Row], int]:
        args: list[Any] = [enterprise_id]
        where = " AND ".join(["a.enterprise_id = $1", *f.where(args)])
        total = await self.pool.fetchval(f"SELECT count(*) FROM alerts a WHERE {where}", *args)
        rows = await self.pool.fetch(f"SELECT {_ALERT} FROM alerts a WHERE {where} "
                                     f"ORDER BY raised_at DESC, id LIMIT {p.limit} OFFSET {p.offset}", *args)
        return [_alert(r) for r in rows], total

    async def inbox(self, enterprise_id: str, person_id: str, f: AlertFilter, unread: bool | None,
                    p: PageParams) -> tuple[list[Row], int, int]:
        args: list[Any] = [enterprise_id, person_id]
        where = ["i.enterprise_id = $1", "i.person_id = $2", *f.where(args)]
        if unread is not None:
            where.append(f"i.read_at IS {'' if unread else 'NOT '}NULL")
        sql = f"FROM person_inbox i JOIN alerts a ON a.id = i.alert_id WHERE {' AND '.join(where)}"
        total = await self.pool.fetchval(f"SELECT count(*) {sql}", *args)
        rows = await self.pool.fetch(
            f"SELECT {', '.join('a.' + c.strip() for c in _ALERT.split(','))}, i.step AS told_step, i.channel, "
            f"i.digest, i.told_at, i.read_at {sql} ORDER BY i.told_at DESC, i.alert_id "
            f"LIMIT {p.limit} OFFSET {p.offset}", *args)
        unread_count = await self.pool.fetchval(
            "SELECT count(*) FROM person_inbox WHERE enterprise_id = $1 AND person_id = $2 AND read_at IS NULL",
            enterprise_id, person_id)
        return [dict(r) for r in rows], total, unread_count

    async def open_alerts(self, enterprise_id: str, cause_type: str, cause_id: str, stages: list[Stage]) -> list[str]:
        rows = await self.pool.fetch(
            "SELECT id FROM alerts WHERE enterprise_id = $1 AND cause_type = $2 AND cause_id = $3 "
            "AND stage = ANY($4) AND state = ANY($5) ORDER BY raised_at, id",
            enterprise_id, cause_type, cause_id, [s.value for s in stages], OPEN)
        return [r["id"] for r in rows]


_DELIVERY = """id, enterprise_id, alert_id, level, channel, via, target, recipient, urgent, state, attempts,
    last_outcome, last_code, last_message, digest, send_at, retry_at, dead_reason, due_at, updated_at, version"""


@dataclass(frozen=True)
class DeliveryFilter:
    state: str | None = None
    alert_id: str | None = None
    channel: str | None = None


async def deliveries(pool: asyncpg.Pool, enterprise_id: str, f: DeliveryFilter, p: PageParams) -> tuple[list[Row], int]:
    args: list[Any] = [enterprise_id]
    where = ["enterprise_id = $1"]
    for column, value in (("state", f.state), ("alert_id", f.alert_id), ("channel", f.channel)):
        if value is not None:
            args.append(value)
            where.append(f"{column} = ${len(args)}")
    sql = " AND ".join(where)
    total = await pool.fetchval(f"SELECT count(*) FROM deliveries WHERE {sql}", *args)
    rows = await pool.fetch(f"SELECT {_DELIVERY} FROM deliveries WHERE {sql} ORDER BY updated_at DESC, id "
                            f"LIMIT {p.limit} OFFSET {p.offset}", *args)
    return [dict(r) for r in rows], total


async def delivery(pool: asyncpg.Pool, enterprise_id: str, delivery_id: str) -> Row | None:
    row = await pool.fetchrow(f"SELECT {_DELIVERY} FROM deliveries WHERE enterprise_id = $1 AND id = $2",
                              enterprise_id, delivery_id)
    return dict(row) if row else None
