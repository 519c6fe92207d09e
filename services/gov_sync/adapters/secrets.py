"""The targets' secrets, write-only: encrypted (Fernet: AES-CBC and an HMAC) with the configured key
before they reach the table, written on the unit of work that records SyncTargetSecretsSet, and
read back only by the sender (`reveal`), never by a route. PostgreSQL and a fake."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import asyncpg
from cryptography.fernet import Fernet

from libs.errors import Unavailable
from libs.eventstore.port import Transaction
from libs.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Secrets:
    aes_key: bytes | None
    credentials: str | None  # "user:password"


class SecretBox(Protocol):
    def keep(self, uow: UnitOfWork, target_id: str, secrets: Secrets, at: datetime) -> None: ...
    async def reveal(self, target_id: str) -> Secrets: ...


def _cipher(cipher: Fernet | None) -> Fernet:
    if cipher is None:
        raise Unavailable("未配置密钥加密密钥（SK_GOV_SYNC_SECRETS_KEY），暂不能保存密钥或凭据")
    return cipher


class PostgresSecrets:
    def __init__(self, pool: asyncpg.Pool, cipher: Fernet | None) -> None:
        self.pool, self.cipher = pool, cipher

    def keep(self, uow: UnitOfWork, target_id: str, secrets: Secrets, at: datetime) -> None:
        cipher = _cipher(self.cipher)
        key = cipher.encrypt(secrets.aes_key) if secrets.aes_key is not None else None
        cred = cipher.encrypt(secrets.credentials.encode()) if secrets.credentials is not None else None

        async def write(tx: Transaction) -> None:
            await tx.connection.execute(
                """INSERT INTO target_secrets (target_id, aes_key, credentials, set_at) VALUES ($1, $2, $3, $4)
                   ON CONFLICT (target_id) DO UPDATE SET aes_key = COALESCE(excluded.aes_key, target_secrets.aes_key),
                   credentials = COALESCE(excluded.credentials, target_secrets.credentials),
                   set_at = excluded.set_at""",
                target_id, key, cred, at)
        uow.also(write)

    async def reveal(self, target_id: str) -> Secrets:
        row = await self.pool.fetchrow("SELECT aes_key, credentials FROM target_secrets WHERE target_id = $1",
                                       target_id)
        if row is None:
            return Secrets(None, None)
        cipher = _cipher(self.cipher)
        return Secrets(cipher.decrypt(row["aes_key"]) if row["aes_key"] else None,
                       cipher.decrypt(row["credentials"]).decode() if row["credentials"] else None)


class InMemorySecrets:
    """Staged like identity's fakes: a write takes effect once its unit of work has committed. It
    keeps the ciphertext too, so a test can see that what is stored is not the secret."""

    def __init__(self, cipher: Fernet | None) -> None:
        self.cipher = cipher
        self.stored: dict[str, tuple[bytes | None, bytes | None]] = {}
        self._staged: list[tuple[UnitOfWork, str, bytes | None, bytes | None]] = []

    def keep(self, uow: UnitOfWork, target_id: str, secrets: Secrets, at: datetime) -> None:
        cipher = _cipher(self.cipher)
        key = cipher.encrypt(secrets.aes_key) if secrets.aes_key is not None else None
        cred = cipher.encrypt(secrets.credentials.encode()) if secrets.credentials is not None else None

        async def write(_tx: Transaction) -> None:
            self._staged.append((uow, target_id, key, cred))
        uow.also(write)

    def _settle(self) -> None:
        waiting = []
        for uow, target_id, key, cred in self._staged:
            if uow.committed:
                old_key, old_cred = self.stored.get(target_id, (None, None))
                self.stored[target_id] = (key or old_key, cred or old_cred)
            else:
                waiting.append((uow, target_id, key, cred))
        self._staged = waiting

    async def reveal(self, target_id: str) -> Secrets:
        self._settle()
        key, cred = self.stored.get(target_id, (None, None))
        cipher = _cipher(self.cipher)
        return Secrets(cipher.decrypt(key) if key else None, cipher.decrypt(cred).decode() if cred else None)
