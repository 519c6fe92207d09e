"""DDL of the deadline table, version 1: a service's migration applies it to the service's schema
(`create_deadlines(op)`), tests to a bare one (`create_deadlines_schema`).

The claim reads `fire_at <= now AND parked_at IS NULL ORDER BY fire_at, key`: the partial index
serves exactly that, so a claim touches what is due and never what is open but later
(ARCHITECTURE invariant 7); parked deadlines drop out of the index.
"""

from __future__ import annotations

import asyncpg

DEADLINES_V1 = [
    """
    CREATE TABLE deadlines (
        key            text PRIMARY KEY,
        stream_id      text NOT NULL,
        kind           text NOT NULL,
        due_at         timestamptz NOT NULL,
        fire_at        timestamptz NOT NULL,
        data           jsonb NOT NULL DEFAULT '{}',
        enterprise_id  text,
        correlation_id text,
        attempts       integer NOT NULL DEFAULT 0,
        last_error     text,
        parked_at      timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now()
    )
    """,
    "CREATE INDEX deadlines_to_fire ON deadlines (fire_at, key) WHERE parked_at IS NULL",
]


def create_deadlines(op) -> None:
    """For a service whose rules depend on time: call from an Alembic migration."""
    for statement in DEADLINES_V1:
        op.execute(statement)


async def create_deadlines_schema(url: str, schema: str) -> None:
    """The deadline table in `schema` (created if missing), without Alembic: for tests."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"; SET search_path TO "{schema}"')
        for statement in DEADLINES_V1:
            await conn.execute(statement)
    finally:
        await conn.close()
