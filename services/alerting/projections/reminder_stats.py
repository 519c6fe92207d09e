"""Reading a period's alerts and deliveries for the reminder statistics. An alert belongs to the
period it was raised in (its AlertRaised `at`); the times compared are the ones its events carry,
which the alert ledger keeps (raised_at, acknowledged_at, cleared_at, resolved_at are the events'
`at`, not when they were projected). The level is the highest whose people were told (`reached`;
the rung's own when nobody was found)."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from services.alerting.domain.codes import Level, Stage, State
from services.alerting.domain.reminder_stats import AlertTimes, ChannelTally, kind_of

_IN_PERIOD = "a.enterprise_id = $1 AND a.raised_at >= $2 AND a.raised_at < $3"


async def period_alerts(pool: asyncpg.Pool, enterprise_id: str, start: datetime,
                        end: datetime) -> tuple[list[AlertTimes], list[ChannelTally]]:
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        rows = await conn.fetch(
            "SELECT cause_type, stage, source_type, coalesce(reached, level) AS level, state, raised_at, "
            "acknowledged_at, cleared_at, resolved_at "
            f"FROM alerts a WHERE {_IN_PERIOD}", enterprise_id, start, end)
        # The inbox: each person told is one delivered attempt (decision 58: it cannot fail apart
        # from its transaction). A person told twice about one alert is one row, so one attempt.
        inbox = await conn.fetchval(
            f"SELECT count(*) FROM person_inbox i JOIN alerts a ON a.id = i.alert_id WHERE {_IN_PERIOD}",
            enterprise_id, start, end)
        outbound = await conn.fetch(
            "SELECT d.channel, coalesce(sum(d.attempts), 0) AS attempts, "
            "count(*) FILTER (WHERE d.state = 'delivered') AS delivered, "
            "count(*) FILTER (WHERE d.state = 'dead') AS dead "
            f"FROM deliveries d JOIN alerts a ON a.id = d.alert_id WHERE {_IN_PERIOD} GROUP BY d.channel",
            enterprise_id, start, end)
    alerts = [AlertTimes(kind=kind_of(r["cause_type"], Stage(r["stage"]), r["source_type"]),
                         level=Level(r["level"]) if r["level"] else None, state=State(r["state"]),
                         raised_at=r["raised_at"], acknowledged_at=r["acknowledged_at"], cleared_at=r["cleared_at"],
                         resolved_at=r["resolved_at"]) for r in rows]
    channels = [ChannelTally("inbox", inbox, inbox, 0)] if inbox else []
    channels += [ChannelTally(r["channel"], int(r["attempts"]), r["delivered"], r["dead"]) for r in outbound]
    return alerts, channels
