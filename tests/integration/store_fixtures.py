"""An event store schema in a fresh database, created by the same DDL the migrations apply."""

from __future__ import annotations

import asyncpg

from libs.db import create_pool
from libs.eventstore.schema import EVENT_STORE_V1, INBOX_V1


async def store_pool(database_url: str, schema: str = "es", max_size: int = 20) -> asyncpg.Pool:
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"; SET search_path TO "{schema}"')
        for statement in EVENT_STORE_V1 + INBOX_V1:
            await conn.execute(statement)
    finally:
        await conn.close()
    return await create_pool(database_url, schema, max_size=max_size)
