"""The hashes kept beside the log, never in it (docs/decisions.md §34): of passwords, of refresh
tokens and of service-account secrets.

Writes go through the unit of work (`uow.also`), so a hash is stored with the event that says it
was set, in one transaction, or not at all. Reads go to committed state. The tables are the
service's own state, not a view of its log: a rebuild keeps them (libs/service_state.py).

A refresh token and a client secret are 256 random bits: a plain SHA-256 of them cannot be
turned back or guessed, so they are not hashed like passwords (a slow hash protects what people
choose; it would only make every refresh cost a password check). A password is hashed with
argon2id (adapters/passwords.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import asyncpg

from libs.eventstore.port import Transaction
from libs.unit_of_work import UnitOfWork


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


@dataclass(frozen=True)
class RefreshRecord:
    session_id: str
    generation: int


class Secrets(Protocol):
    def set_password(self, uow: UnitOfWork, account_id: str, password_hash: str, at: datetime) -> None: ...
    async def password(self, account_id: str) -> str | None: ...
    def keep_refresh(self, uow: UnitOfWork, token: str, session_id: str, generation: int,
                     expires_at: datetime) -> None: ...
    async def refresh(self, token: str) -> RefreshRecord | None: ...
    def forget_sessions(self, uow: UnitOfWork, session_ids: list[str]) -> None: ...
    async def expired_refresh(self, at: datetime, limit: int) -> int: ...
    def prune_refresh(self, uow: UnitOfWork, at: datetime, limit: int) -> None: ...
    def set_client_secret(self, uow: UnitOfWork, service_account_id: str, secret: str) -> None: ...
    async def client_secret(self, service_account_id: str) -> bytes | None: ...
    def forget_client(self, uow: UnitOfWork, service_account_id: str) -> None: ...


class PostgresSecrets:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    def set_password(self, uow: UnitOfWork, account_id: str, password_hash: str, at: datetime) -> None:
        async def write(tx: Transaction) -> None:
            await tx.connection.execute(
                """INSERT INTO passwords (account_id, hash, set_at) VALUES ($1, $2, $3)
                   ON CONFLICT (account_id) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at""",
                account_id, password_hash, at)

        uow.also(write)

    async def password(self, account_id: str) -> str | None:
        return await self._pool.fetchval("SELECT hash FROM passwords WHERE account_id = $1", account_id)

    def keep_refresh(self, uow: UnitOfWork, token: str, session_id: str, generation: int,
                     expires_at: datetime) -> None:
        async def write(tx: Transaction) -> None:
            await tx.connection.execute(
                "INSERT INTO refresh_tokens (token_hash, session_id, generation, expires_at) VALUES ($1, $2, $3, $4)",
                digest(token), session_id, generation, expires_at)

        uow.also(write)

    async def refresh(self, token: str) -> RefreshRecord | None:
        row = await self._pool.fetchrow("SELECT session_id, generation FROM refresh_tokens WHERE token_hash = $1",
                                        digest(token))
        return None if row is None else RefreshRecord(row["session_id"], row["generation"])

    def forget_sessions(self, uow: UnitOfWork, session_ids: list[str]) -> None:
        async def write(tx: Transaction) -> None:
            await tx.connection.execute("DELETE FROM refresh_tokens WHERE session_id = ANY($1::text[])", session_ids)

        if session_ids:
            uow.also(write)

    async def expired_refresh(self, at: datetime, limit: int) -> int:
        """How many refresh-token rows have expired by `at`, counting no further than `limit`."""
        return await self._pool.fetchval(
            "SELECT count(*) FROM (SELECT 1 FROM refresh_tokens WHERE expires_at <= $1 LIMIT $2) due", at, limit)

    def prune_refresh(self, uow: UnitOfWork, at: datetime, limit: int) -> None:
        """Delete at most `limit` rows expired by `at` (through the expiry index): one firing's
        batch stays short, whatever piled up."""
        async def write(tx: Transaction) -> None:
            await tx.connection.execute(
                """DELETE FROM refresh_tokens WHERE ctid = ANY(ARRAY(
                       SELECT ctid FROM refresh_tokens WHERE expires_at <= $1 LIMIT $2))""", at, limit)

        uow.also(write)

    def set_client_secret(self, uow: UnitOfWork, service_account_id: str, secret: str) -> None:
        async def write(tx: Transaction) -> None:
            await tx.connection.execute(
                """INSERT INTO client_secrets (service_account_id, secret_hash) VALUES ($1, $2)
                   ON CONFLICT (service_account_id) DO UPDATE SET secret_hash = excluded.secret_hash""",
                service_account_id, digest(secret))

        uow.also(write)

    async def client_secret(self, service_account_id: str) -> bytes | None:
        return await self._pool.fetchval("SELECT secret_hash FROM client_secrets WHERE service_account_id = $1",
                                         service_account_id)

    def forget_client(self, uow: UnitOfWork, service_account_id: str) -> None:
        async def write(tx: Transaction) -> None:
            await tx.connection.execute("DELETE FROM client_secrets WHERE service_account_id = $1", service_account_id)

        uow.also(write)

