"""Reading the audit trail: by subject, actor, event type and time range, paginated.

A subject is an aggregate's stream id (`riskevent-<id>`); the filter also takes the bare id that
every other answer gives (`<id>`), and then matches the streams of that id of every kind; an
event type, its full name or its last segment (`OrgUnitRenamed`). Every filter compares text
literally (no LIKE pattern), so a `%` or `_` in it is only that character."""

from __future__ import annotations

import json
from datetime import datetime

import asyncpg

from libs.pagination import PageParams


async def entries(pool: asyncpg.Pool, enterprise_id: str, *, subject: str | None, actor: str | None,
                  event_type: str | None, since: datetime | None, until: datetime | None,
                  p: PageParams) -> tuple[list[dict], int]:
    where = """enterprise_id = $1
               AND ($2::text IS NULL OR subject = $2 OR right(subject, length($2) + 1) = '-' || $2)
               AND ($3::text IS NULL OR actor = $3)
               AND ($4::text IS NULL OR event_type = $4 OR right(event_type, length($4) + 1) = '.' || $4)
               AND ($5::timestamptz IS NULL OR occurred_at >= $5) AND ($6::timestamptz IS NULL OR occurred_at < $6)"""
    args = [enterprise_id, subject, actor, event_type, since, until]
    rows = await pool.fetch(
        f"""SELECT seq, subject, chain_seq, event_id, event_type, source, actor, occurred_at, canonical,
                   prev_hash, hash, recorded_at FROM audit_entries WHERE {where}
            ORDER BY occurred_at DESC, seq DESC LIMIT $7 OFFSET $8""", *args, p.limit, p.offset)
    total = await pool.fetchval(f"SELECT count(*) FROM audit_entries WHERE {where}", *args)
    items = []
    for r in rows:
        item = dict(r)
        item["data"] = json.loads(item.pop("canonical"))["data"]
        items.append(item)
    return items, total
