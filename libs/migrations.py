"""Schema migrations: each service's tables are created and upgraded by Alembic, in its own
PostgreSQL schema, with its own version table there. A service's `migrations/env.py` just
calls `run_env()`."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from libs.db import sqlalchemy_url


def alembic_config(script_location: Path, url: str, schema: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.attributes["url"] = url
    cfg.attributes["schema"] = schema
    return cfg


def upgrade(script_location: Path, url: str, schema: str, revision: str = "head") -> None:
    """Bring `schema` up to `revision`. Safe to run on every start: Alembic skips what is applied."""
    command.upgrade(alembic_config(script_location, url, schema), revision)


async def upgrade_async(script_location: Path, url: str, schema: str) -> None:
    await asyncio.to_thread(upgrade, script_location, url, schema)


def run_env() -> None:
    """Body of every service's `migrations/env.py` (online mode only)."""
    cfg = context.config
    url, schema = cfg.attributes["url"], cfg.attributes["schema"]

    def migrate(connection) -> None:
        # Two replicas starting together: one migrates, the other waits and then finds nothing to do.
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"sk-migrate:{schema}"})
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        connection.execute(text(f'SET search_path TO "{schema}", public'))
        context.configure(connection=connection, version_table_schema=schema, transactional_ddl=True)
        with context.begin_transaction():
            context.run_migrations()

    async def main() -> None:
        engine = create_async_engine(sqlalchemy_url(url))
        try:
            async with engine.begin() as conn:
                await conn.run_sync(migrate)
        finally:
            await engine.dispose()

    asyncio.run(main())
