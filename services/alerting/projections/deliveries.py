"""The deliveries' read model, written in the append's transaction: what each outbound message
came to, and so the dead letters of an enterprise. A projection only: it sends nothing, so a
rebuild re-derives the rows and tells nobody."""

from __future__ import annotations

from libs.events import RecordedEvent
from libs.inline import Projector
from services.alerting.domain import outbound_events as o
from services.alerting.domain.events import registry


async def due(conn, ev: o.DeliveryDue, r: RecordedEvent) -> None:
    await conn.execute(
        """INSERT INTO deliveries (id, enterprise_id, alert_id, level, channel, via, target, recipient, urgent, state,
                                   send_at, due_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING""",
        ev.delivery_id, ev.enterprise_id, ev.alert_id, ev.level.value, ev.channel, ev.via, ev.target, ev.recipient,
        ev.urgent, ev.send_at, ev.at, r.recorded_at, r.version)


async def _update(conn, r: RecordedEvent, delivery_id: str, sets: str, *values) -> None:
    await conn.execute(f"UPDATE deliveries SET {sets}, updated_at = $2, version = $3 WHERE id = $1",
                       delivery_id, r.recorded_at, r.version, *values)


async def attempted(conn, ev: o.DeliveryAttempted, r: RecordedEvent) -> None:
    await _update(conn, r, ev.delivery_id, "attempts = $4, last_outcome = $5, last_code = $6, last_message = $7, "
                  "digest = $8, retry_at = $9, state = CASE WHEN $5 = 'ok' THEN 'delivered' ELSE state END",
                  ev.attempt, ev.outcome, ev.code, ev.message, ev.digest, ev.retry_at)


async def dead(conn, ev: o.DeliveryDeadLettered, r: RecordedEvent) -> None:
    await _update(conn, r, ev.delivery_id, "state = 'dead', dead_reason = $4, retry_at = NULL", ev.reason)


async def replayed(conn, ev: o.DeliveryReplayed, r: RecordedEvent) -> None:
    await _update(conn, r, ev.delivery_id, "state = 'pending', retry_at = $4", ev.at)


async def withdrawn(conn, ev: o.DeliveryWithdrawn, r: RecordedEvent) -> None:
    await _update(conn, r, ev.delivery_id, "state = 'withdrawn', dead_reason = $4", ev.reason)


project = Projector(registry, {
    o.DeliveryDue: due, o.DeliveryAttempted: attempted, o.DeliveryDeadLettered: dead, o.DeliveryReplayed: replayed,
    o.DeliveryWithdrawn: withdrawn,
})
