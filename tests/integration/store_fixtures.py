"""An event store schema in a fresh database, created by the same DDL the migrations apply."""

from __future__ import annotations

import asyncpg

from libs.db import create_pool
from libs.eventstore.schema import create_event_store_schema


async def store_pool(database_url: str, schema: str = "es", max_size: int = 20) -> asyncpg.Pool:
    await create_event_store_schema(database_url, schema)
    return await create_pool(database_url, schema, max_size=max_size)
