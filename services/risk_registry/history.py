"""The history of any aggregate of the service, either context: the row each event of a stream
becomes in an answer (`HistoryItem`), and the names that row's description refers to, from the
read models — people, org units, the risk chain and enterprises, by id, in one query
(libs/history.py's look-up) — of one enterprise only, so an id that another tenant also uses (a
token's person id, say) never shows that tenant's name."""

from __future__ import annotations

import asyncpg

from libs.history import HistoryItem as HistoryItem  # the one shape of a history row, re-exported

_NAMES = """
SELECT id, name FROM people WHERE id = ANY($1) AND enterprise_id = $2
UNION ALL SELECT id, name FROM org_units WHERE id = ANY($1) AND enterprise_id = $2
UNION ALL SELECT id, name FROM enterprises WHERE id = ANY($1) AND id = $2
UNION ALL SELECT id, name FROM risk_objects WHERE id = ANY($1) AND enterprise_id = $2
UNION ALL SELECT id, name FROM risk_units WHERE id = ANY($1) AND enterprise_id = $2
UNION ALL SELECT id, name FROM risk_events WHERE id = ANY($1) AND enterprise_id = $2
UNION ALL SELECT id, description FROM control_measures WHERE id = ANY($1) AND enterprise_id = $2
"""


def name_lookup(pool: asyncpg.Pool):
    async def lookup(enterprise_id: str, ids: set[str]) -> dict[str, str]:
        return {r["id"]: r["name"] for r in await pool.fetch(_NAMES, sorted(ids), enterprise_id)}
    return lookup
