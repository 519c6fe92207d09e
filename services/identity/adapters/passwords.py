"""Password hashing: argon2id (argon2-cffi), off the event loop, a few at a time.

Every sign-in attempt costs exactly one verification, whether or not the mobile number names an
account (a dummy hash stands in), so the answer's time says nothing about who has an account.
Hashing is deliberately expensive (memory and time): at most `concurrency` run at once, so a
flood of attempts queues instead of exhausting memory (each holds `memory_cost` KiB while it runs).
"""

from __future__ import annotations

import asyncio
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's first argon2id configuration (m = 19 MiB, t = 2, p = 1): about 40 ms on an idle core
# here, 100 ms under load. The library's default (RFC 9106's 64 MiB, p = 4) took 0.6-0.9 s on
# this 2-core machine. Raised later, stored hashes are upgraded at the next sign-in.
OWASP = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}
# For tests only: as cheap as argon2 allows.
CHEAP = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


class Passwords:
    def __init__(self, *, time_cost: int, memory_cost: int, parallelism: int, concurrency: int = 2) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
        self._gate = asyncio.Semaphore(concurrency)
        self._dummy = self._hasher.hash(secrets.token_urlsafe(24))
        self.verifications = 0  # every call of `verify` counts: tests check that a refusal hashed once

    async def hash(self, password: str) -> str:
        async with self._gate:
            return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, stored: str | None, password: str) -> bool:
        """Whether `password` matches `stored`; with nothing stored, a dummy is verified instead
        (same cost) and the answer is no."""
        self.verifications += 1
        async with self._gate:
            matched = await asyncio.to_thread(self._matches, stored or self._dummy, password)
        return matched and stored is not None

    def _matches(self, stored: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def outdated(self, stored: str) -> bool:
        """Whether `stored` was hashed with other parameters than today's (hash it again)."""
        try:
            return self._hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True
