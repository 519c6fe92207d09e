"""What a rebuild must leave as it found it: every read-model table's rows (an ordered dump of
every column) and the tables' structure (columns, indexes, constraints, triggers, sequences)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import asyncpg

from libs.read_model import quoted, read_model_tables


async def rows(conn: asyncpg.Connection, schema: str, ignore: dict[str, list[str]] | None = None) -> dict:
    """Table → its rows as JSON text, sorted; `ignore` names columns that record arrival, not the log."""
    dump = {}
    for table in await read_model_tables(conn, schema):
        dropped = "".join(f" - '{column}'" for column in (ignore or {}).get(table, []))
        dump[table] = [r[0] for r in await conn.fetch(
            f"SELECT (to_jsonb(t){dropped})::text FROM {quoted(schema)}.{quoted(table)} t ORDER BY 1")]
    return dump


async def structure(conn: asyncpg.Connection, schema: str) -> list[str]:
    """Every column, index, constraint, trigger and sequence of the schema's read-model tables."""
    tables = await read_model_tables(conn, schema)
    described = []
    described += [f"column {r[0]}.{r[1]} {r[2]} null={r[3]} default={r[4]} identity={r[5]}" for r in await conn.fetch(
        """SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity
           FROM information_schema.columns WHERE table_schema = $1 AND table_name = any($2::text[])""",
        schema, tables)]
    described += [f"index {r[0]}" for r in await conn.fetch(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = any($2::text[])", schema, tables)]
    described += [f"constraint {r[0]} {r[1]}" for r in await conn.fetch(
        """SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
           JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
           WHERE n.nspname = $1 AND t.relname = any($2::text[])""", schema, tables)]
    described += [f"trigger {r[0]}" for r in await conn.fetch(
        """SELECT pg_get_triggerdef(g.oid) FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid
           JOIN pg_namespace n ON n.oid = t.relnamespace
           WHERE n.nspname = $1 AND t.relname = any($2::text[]) AND NOT g.tgisinternal""", schema, tables)]
    described += [f"sequence {r[0]}" for r in await conn.fetch(
        "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = $1", schema)]
    return sorted(described)


async def settled(conn: asyncpg.Connection, schema: str, now: datetime | None = None, seconds: float = 30.0) -> None:
    """Until no deadline of `schema` is due by `now` (the test's clock; the wall clock if None): what
    the live scheduler fires while the dumps are taken would show as a difference the rebuild made."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        due = await conn.fetchval(f"SELECT count(*) FROM {quoted(schema)}.deadlines WHERE fire_at <= $1 "
                                  "AND parked_at IS NULL",
                                  now or datetime.now(UTC))
        if due == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{schema}: deadlines still due after {seconds} s")
