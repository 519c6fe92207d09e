"""Connections: one asyncpg pool per service, its schema first on the search path."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import orjson

# The database is away (down, restarting, refusing): not the request's fault, so 503 to HTTP
# callers and "wait and retry" to consumers, never a 500 or a dead letter.
UNAVAILABLE: tuple[type[Exception], ...] = (
    OSError, asyncio.TimeoutError, asyncpg.PostgresConnectionError, asyncpg.OperatorInterventionError,
    asyncpg.InterfaceError, asyncpg.InternalClientError, asyncpg.TooManyConnectionsError,
)


def _encode(value) -> str:
    return orjson.dumps(value).decode()


async def _init_connection(conn: asyncpg.Connection) -> None:
    # orjson: the relay and the projections spend much of their time in JSON; it is 3–5× faster.
    for kind in ("json", "jsonb"):
        await conn.set_type_codec(kind, encoder=_encode, decoder=orjson.loads, schema="pg_catalog")


async def keep_session(_conn: asyncpg.Connection) -> None:
    """On release, asyncpg still rolls back an open transaction; this skips only its reset query
    (unlock all, close cursors, unlisten, reset settings), one more round trip per release that
    costs a command several of them. Nothing here leaves session state behind: settings come from
    the pool, and session locks are taken only through `release_session_lock`'s callers, which
    release them or close their connection."""


async def create_pool(url: str, schema: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    return await asyncpg.create_pool(
        url,
        min_size=min_size,
        max_size=max_size,
        init=_init_connection,
        reset=keep_session,
        server_settings={"search_path": f"{schema},public", "application_name": f"shuangkong-{schema}"},
    )


def sqlalchemy_url(url: str) -> str:
    """asyncpg DSN → SQLAlchemy URL with the asyncpg driver (for Alembic)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    return url


@asynccontextmanager
async def session_lock(pool: asyncpg.Pool, key: str) -> AsyncIterator[asyncpg.Connection]:
    """Hold a session advisory lock (waiting for it) on one pooled connection."""
    async with pool.acquire() as conn:
        try:
            await conn.execute("SELECT pg_advisory_lock(hashtext($1))", key)
            yield conn
        finally:
            await release_session_lock(conn, key)


async def release_session_lock(conn: asyncpg.Connection, key: str) -> None:
    """The pool does not reset sessions (`keep_session`): a lock that cannot be released goes
    with its connection, never back into the pool."""
    if conn.is_closed():
        return
    try:
        await conn.execute("SELECT pg_advisory_unlock(hashtext($1))", key)
    except BaseException:
        conn.terminate()
        raise
