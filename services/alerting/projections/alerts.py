"""The alert ledger and the inbox, written in the append's transaction (an answer reads them at
once). An inbox row is a person's delivery: a later rung telling them again makes it unread again.
Each inbox row keeps the store cursor (tx_id, position) of the event that last changed it, the
live inbox's Last-Event-ID (projections/inbox_feed.py)."""

from __future__ import annotations

from libs.events import RecordedEvent
from libs.inline import Projector
from services.alerting.domain import events as e
from services.alerting.domain.codes import State


async def raised(conn, ev: e.AlertRaised, r: RecordedEvent) -> None:
    await conn.execute(
        """INSERT INTO alerts (id, enterprise_id, cause_type, cause_id, title, stage, source_type, deadline, urgent,
                               ladder, state, assignee_ids, raised_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (id) DO NOTHING""",
        ev.alert_id, ev.enterprise_id, ev.cause.cause_type, ev.cause.cause_id, ev.cause.title, ev.stage.value,
        ev.source_type, ev.deadline, ev.urgent, [s.model_dump(mode="json") for s in ev.ladder],
        State.RAISED.value, ev.cause.person_ids, ev.at, r.recorded_at, r.version)


async def _update(conn, r: RecordedEvent, alert_id: str, sets: str, *values) -> None:
    await conn.execute(f"UPDATE alerts SET {sets}, updated_at = $2, version = $3 WHERE id = $1",
                       alert_id, r.recorded_at, r.version, *values)


async def escalated(conn, ev: e.AlertEscalated, r: RecordedEvent) -> None:
    await _update(conn, r, ev.alert_id, "state = 'escalated', level = $4, reached = $5, steps_told = $6, "
                  "escalated_at = $7", ev.level.value, ev.reached.value if ev.reached else None, ev.step + 1, ev.at)


async def attempted(conn, ev: e.NotificationAttempted, r: RecordedEvent) -> None:
    if ev.outcome != "delivered":
        return
    await _update(conn, r, ev.alert_id, "recipient_ids = CASE WHEN $4::text = ANY(recipient_ids) THEN recipient_ids "
                  "ELSE array_append(recipient_ids, $4::text) END", ev.recipient_id)
    await conn.execute(
        """INSERT INTO person_inbox (alert_id, person_id, enterprise_id, step, channel, digest, told_at,
                                     tx_id, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (alert_id, person_id) DO UPDATE SET step = excluded.step, digest = excluded.digest,
               told_at = excluded.told_at, read_at = NULL, tx_id = excluded.tx_id, position = excluded.position""",
        ev.alert_id, ev.recipient_id, ev.enterprise_id, ev.step, ev.channel, ev.digest, ev.at, r.tx_id, r.position)


async def reassigned(conn, ev: e.AlertReassigned, r: RecordedEvent) -> None:
    await _update(conn, r, ev.alert_id, "assignee_ids = $4", ev.person_ids)


async def read(conn, ev: e.AlertRead, r: RecordedEvent) -> None:
    await conn.execute("UPDATE alerts SET version = $2 WHERE id = $1", ev.alert_id, r.version)
    # Stamped with the read's cursor too: the live inbox tells the person's other devices the new count.
    await conn.execute("UPDATE person_inbox SET read_at = $3, tx_id = $4, position = $5 "
                       "WHERE alert_id = $1 AND person_id = $2", ev.alert_id, ev.person_id, ev.at, r.tx_id, r.position)


async def acknowledged(conn, ev: e.AlertAcknowledged, r: RecordedEvent) -> None:
    await _update(conn, r, ev.alert_id, "state = 'acknowledged', acknowledged_by = $4, acknowledged_at = $5, "
                  "note = $6", ev.by, ev.at, ev.note)


async def cleared(conn, ev: e.AlertCleared, r: RecordedEvent) -> None:
    await _update(conn, r, ev.alert_id, "state = 'cleared', cleared_by = $4, cleared_at = $5, clear_reason = $6",
                  ev.by, ev.at, ev.reason)


async def resolved(conn, ev: e.AlertResolved, r: RecordedEvent) -> None:
    await _update(conn, r, ev.alert_id, "state = 'resolved', resolved_by = $4, resolved_at = $5", ev.because, ev.at)


project = Projector(e.registry, {
    e.AlertRaised: raised, e.AlertEscalated: escalated, e.NotificationAttempted: attempted,
    e.AlertReassigned: reassigned, e.AlertRead: read, e.AlertAcknowledged: acknowledged, e.AlertCleared: cleared,
    e.AlertResolved: resolved,
})
