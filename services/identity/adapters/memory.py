"""The fakes of the secrets and the address throttle, for handler tests (bootstrap.in_memory()).

Like the deadline fake (libs/deadlines/memory.py), a write is staged when its unit of work runs
its `also` work and takes effect once that unit of work has committed (`uow.committed`, looked at
before every read): a command whose append conflicts leaves no hash behind, as on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from libs.eventstore.port import Transaction
from libs.unit_of_work import UnitOfWork
from services.identity.adapters.hashes import RefreshRecord, digest
from services.identity.adapters.throttle import AddressPolicy


class Staged:
    def __init__(self) -> None:
        self._staged: list[tuple[UnitOfWork, Callable[[], None]]] = []

    def stage(self, uow: UnitOfWork, change: Callable[[], None]) -> None:
        async def write(_tx: Transaction) -> None:
            self._staged.append((uow, change))

        uow.also(write)

    def settle(self) -> None:
        waiting = []
        for uow, change in self._staged:
            if uow.committed:
                change()
            else:
                waiting.append((uow, change))
        self._staged = waiting


class InMemorySecrets(Staged):
    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[str, str] = {}
        self.refresh_tokens: dict[bytes, tuple[RefreshRecord, datetime]] = {}
        self.client_secrets: dict[str, bytes] = {}

    def set_password(self, uow: UnitOfWork, account_id: str, password_hash: str, at: datetime) -> None:
        self.stage(uow, lambda: self.passwords.__setitem__(account_id, password_hash))

    async def password(self, account_id: str) -> str | None:
        self.settle()
        return self.passwords.get(account_id)

    def keep_refresh(self, uow: UnitOfWork, token: str, session_id: str, generation: int,
                     expires_at: datetime) -> None:
        record = (RefreshRecord(session_id, generation), expires_at)
        self.stage(uow, lambda: self.refresh_tokens.__setitem__(digest(token), record))

    async def refresh(self, token: str) -> RefreshRecord | None:
        self.settle()
        found = self.refresh_tokens.get(digest(token))
        return None if found is None else found[0]

    def forget_sessions(self, uow: UnitOfWork, session_ids: list[str]) -> None:
        def forget() -> None:
            for key in [k for k, (r, _) in self.refresh_tokens.items() if r.session_id in session_ids]:
                del self.refresh_tokens[key]

        self.stage(uow, forget)

    async def expired_refresh(self, at: datetime, limit: int) -> int:
        self.settle()
        return min(limit, sum(1 for _, expires_at in self.refresh_tokens.values() if expires_at <= at))

    def prune_refresh(self, uow: UnitOfWork, at: datetime, limit: int) -> None:
        def prune() -> None:
            for key in [k for k, (_, expires_at) in self.refresh_tokens.items() if expires_at <= at][:limit]:
                del self.refresh_tokens[key]

        self.stage(uow, prune)

    def set_client_secret(self, uow: UnitOfWork, service_account_id: str, secret: str) -> None:
        self.stage(uow, lambda: self.client_secrets.__setitem__(service_account_id, digest(secret)))

    async def client_secret(self, service_account_id: str) -> bytes | None:
        self.settle()
        return self.client_secrets.get(service_account_id)

    def forget_client(self, uow: UnitOfWork, service_account_id: str) -> None:
        self.stage(uow, lambda: self.client_secrets.pop(service_account_id, None))


class InMemoryThrottle(Staged):
    def __init__(self, policy: AddressPolicy) -> None:
        super().__init__()
        self.policy = policy
        self.failures: list[tuple[str, datetime]] = []

    async def blocked_until(self, address: str, at: datetime) -> datetime | None:
        self.settle()
        horizon = at - self.policy.window
        recent = sorted((t for a, t in self.failures if a == address and t > horizon), reverse=True)
        return recent[self.policy.limit - 1] + self.policy.window if len(recent) >= self.policy.limit else None

    def failed(self, uow: UnitOfWork, address: str, at: datetime) -> None:
        self.stage(uow, lambda: self.failures.append((address, at)))
