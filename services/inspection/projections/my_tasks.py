"""Reading a person's due occurrences (the `DueOccurrences` port of application/my_tasks.py) from the
occurrence read model: by post through its gin index, by person by name (包保)."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from services.inspection.projections.occurrences import _READ, Row

_DUE = f"""SELECT {_READ} FROM occurrences
           WHERE enterprise_id = $1 AND ($2::text = ANY(post_ids) OR $3::text = ANY(person_ids))
             AND ((state IN ('issued', 'imminent') AND window_start < $4)
                  OR (state = 'missed' AND window_end >= $5 AND window_end < $4))
           ORDER BY window_end, id LIMIT 500"""


class SqlDueOccurrences:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def due(self, enterprise_id: str, post_id: str | None, person_id: str, *, started_before: datetime,
                  missed_since: datetime) -> list[Row]:
        rows = await self._pool.fetch(_DUE, enterprise_id, post_id, person_id, started_before, missed_since)
        return [dict(r) for r in rows]
