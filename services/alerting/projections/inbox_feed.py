"""What changed in a person's inbox since a cursor, for the live inbox (application/inbox_stream.py).

The cursor is the store's gap-safe order (tx_id, position) of the event that last changed a row
(projections/alerts.py stamps it in the append's transaction). A row is read only once every
transaction older than it has ended (`tx_id < pg_snapshot_xmin`), as `read_all` does: a change
committing later always sorts after the cursor a client already holds, so none is skipped.
An idle poll is one range scan of `person_inbox_changes` that finds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg

from services.alerting.application.inbox_stream import Changes, InboxCursor
from services.alerting.projections.queries import _ALERT

_SETTLED = "i.tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
_ITEM = (f"{', '.join('a.' + c.strip() for c in _ALERT.split(','))}, i.step AS told_step, i.channel, i.digest, "
         "i.told_at, i.read_at, i.tx_id AS cursor_tx, i.position AS cursor_position")


@dataclass
class SqlInboxFeed:
    pool: asyncpg.Pool

    async def head(self, enterprise_id: str, person_id: str) -> InboxCursor:
        row = await self.pool.fetchrow(
            f"SELECT i.tx_id, i.position FROM person_inbox i WHERE i.enterprise_id = $1 AND i.person_id = $2 "
            f"AND {_SETTLED} ORDER BY i.tx_id DESC, i.position DESC LIMIT 1", enterprise_id, person_id)
        return InboxCursor(row["tx_id"], row["position"]) if row else InboxCursor(0, 0)

    async def unread(self, enterprise_id: str, person_id: str) -> int:
        return await self.pool.fetchval(
            "SELECT count(*) FROM person_inbox WHERE enterprise_id = $1 AND person_id = $2 AND read_at IS NULL",
            enterprise_id, person_id)

    async def changes(self, enterprise_id: str, person_id: str, after: InboxCursor, limit: int) -> Changes:
        rows = await self.pool.fetch(
            f"SELECT {_ITEM} FROM person_inbox i JOIN alerts a ON a.id = i.alert_id "
            f"WHERE i.enterprise_id = $1 AND i.person_id = $2 AND (i.tx_id, i.position) > ($3::bigint, $4::bigint) "
            f"AND {_SETTLED} ORDER BY i.tx_id, i.position LIMIT {int(limit)}",
            enterprise_id, person_id, after.tx_id, after.position)
        if not rows:
            return Changes([], after, None)
        items: list[dict[str, Any]] = [dict(r) for r in rows]
        last = items[-1]
        return Changes(items, InboxCursor(last["cursor_tx"], last["cursor_position"]),
                       await self.unread(enterprise_id, person_id))
