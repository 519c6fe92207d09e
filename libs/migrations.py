"""Schema migrations: each service's tables are created and upgraded by Alembic, in its own
PostgreSQL schema, with its own version table there. A service's `migrations/env.py` just
calls `run_env()`.

Migrations run as the owner (docs/decisions.md §32); a service running as its own role cannot
migrate, so it checks that its schemas are at the head its code expects (`require_current`)
and refuses to start otherwise."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

import asyncpg

from libs.db import sqlalchemy_url

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic and SQLAlchemy are imported where a migration runs, not with this module: a service
# started by `make run` or beside an init job only checks its head (`require_current`), and
# importing them cost each service process 0.8 s of CPU at every start.


def alembic_config(script_location: Path, url: str, schema: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.attributes["url"] = url
    cfg.attributes["schema"] = schema
    return cfg


def upgrade(script_location: Path, url: str, schema: str, revision: str = "head") -> None:
    """Bring `schema` up to `revision`. Safe to run on every start: Alembic skips what is applied."""
    from alembic import command

    command.upgrade(alembic_config(script_location, url, schema), revision)


async def upgrade_async(script_location: Path, url: str, schema: str) -> None:
    await asyncio.to_thread(upgrade, script_location, url, schema)


class SchemaNotCurrent(RuntimeError):
    """A schema is not at the head of its migrations (or cannot be read): the service may not start."""


def heads(script_location: Path) -> set[str]:
    """The head revisions of `script_location`: those no other revision names as its down
    revision. Read from the revision files' literal `revision` and `down_revision` (the form
    every migration here takes; tests/contract/test_migration_heads.py holds it to Alembic's
    own answer), so that checking the head needs no Alembic."""
    revisions: dict[str, tuple[str, ...]] = {}
    for path in sorted((script_location / "versions").glob("*.py")):
        found = {target.id: node.value for node in ast.parse(path.read_text()).body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name)}
        if "revision" not in found:
            continue
        revision = ast.literal_eval(found["revision"])
        down = ast.literal_eval(found["down_revision"]) if "down_revision" in found else None
        revisions[revision] = tuple(down) if isinstance(down, (tuple, list)) else (() if down is None else (down,))
    named_below = {d for downs in revisions.values() for d in downs}
    return set(revisions) - named_below


async def require_current(pool: asyncpg.Pool, script_location: Path, schema: str, service: str) -> None:
    """Refuse (`SchemaNotCurrent`, for the operator's log) unless `schema` is at the head of
    `script_location`'s migrations, as read by the service's own role."""
    wanted = heads(script_location)
    try:
        found = {r["version_num"] for r in await pool.fetch(f'SELECT version_num FROM "{schema}".alembic_version')}
    except (asyncpg.UndefinedTableError, asyncpg.InvalidSchemaNameError):
        found = set()
    except asyncpg.InsufficientPrivilegeError as denied:
        raise SchemaNotCurrent(
            f"{service}: this database role may not read schema {schema} ({denied}); its grants are applied "
            f"by the migration: run `shuangkong migrate {service}` with SK_MIGRATION_DATABASE_URL (the owner)"
        ) from None
    if found != wanted:
        at = ", ".join(sorted(found)) or "nothing (never migrated)"
        raise SchemaNotCurrent(
            f"{service}: schema {schema} is at {at}, this code needs {', '.join(sorted(wanted))}. Migrate it as "
            f"the owner first: `shuangkong migrate {service}` with SK_MIGRATION_DATABASE_URL (a Kubernetes "
            f"init container or job), or start the service with SK_MIGRATION_DATABASE_URL set to migrate at start"
        )


def run_env() -> None:
    """Body of every service's `migrations/env.py` (online mode only)."""
    from alembic import context
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

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
