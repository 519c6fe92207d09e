"""Failures per source address, in a sliding window (decision 34): more than `limit` failed
sign-ins from one address within `window` and it is answered 429 until the window slides past
them. Counted for every failure — unknown mobile numbers, wrong passwords, locked accounts,
wrong client secrets — so one address cannot walk through many accounts a few tries each.

Each failure is a row (address, time), written with the failure's events in one transaction;
counting reads at most `limit` rows of one address through an index. Old rows are pruned as new
ones come: this address's, and up to 100 of anyone's, per failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import asyncpg

from libs.eventstore.port import Transaction
from libs.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class AddressPolicy:
    window: timedelta = timedelta(minutes=10)
    limit: int = 20


class AddressThrottle(Protocol):
    policy: AddressPolicy

    async def blocked_until(self, address: str, at: datetime) -> datetime | None:
        """When `address` may try again, if it is turned away at `at`: the `limit`-th most recent
        failure within the window leaving it (attempts turned away are not counted)."""
        ...

    def failed(self, uow: UnitOfWork, address: str, at: datetime) -> None: ...


class PostgresThrottle:
    def __init__(self, pool: asyncpg.Pool, policy: AddressPolicy) -> None:
        self._pool, self.policy = pool, policy

    async def blocked_until(self, address: str, at: datetime) -> datetime | None:
        oldest_that_counts = await self._pool.fetchval(
            """SELECT at FROM sign_in_failures WHERE address = $1 AND at > $2
               ORDER BY at DESC OFFSET $3 LIMIT 1""",
            address, at - self.policy.window, self.policy.limit - 1)
        return None if oldest_that_counts is None else oldest_that_counts + self.policy.window

    def failed(self, uow: UnitOfWork, address: str, at: datetime) -> None:
        horizon = at - self.policy.window

        async def write(tx: Transaction) -> None:
            await tx.connection.execute(
                """WITH stale AS (DELETE FROM sign_in_failures WHERE ctid = ANY(ARRAY(
                       SELECT ctid FROM sign_in_failures WHERE at <= $3 LIMIT 100)))
                   INSERT INTO sign_in_failures (address, at) VALUES ($1, $2)""",
                address, at, horizon)

        uow.also(write)
