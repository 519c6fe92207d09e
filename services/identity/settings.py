"""The identity service's own settings (`SK_IDENTITY_*`), beside the shared ones (libs/config.py:
the signing key, dev mode)."""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.identity.adapters.passwords import OWASP
from services.identity.adapters.throttle import AddressPolicy
from services.identity.application.housekeeping import Pruning
from services.identity.domain.rules import LockoutPolicy


class IdentitySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SK_IDENTITY_", env_file=".env", extra="ignore")

    # Token lifetimes: an access token cannot be taken back, so it lives minutes; a session (its
    # rotating refresh tokens) lives days from its sign-in, then the person signs in again.
    access_ttl_s: int = Field(default=15 * 60, gt=0, le=3600)
    session_ttl_s: int = Field(default=14 * 24 * 3600, gt=0)
    password_change_ttl_s: int = Field(default=10 * 60, gt=0, le=3600)

    # Lock-out per account (domain/rules.py LockoutPolicy) and per source address.
    lock_window_s: int = Field(default=15 * 60, gt=0)
    lock_after: int = Field(default=5, gt=0)
    lock_for_s: int = Field(default=15 * 60, gt=0)
    lock_until_admin_after: int = Field(default=10, gt=0)
    address_window_s: int = Field(default=10 * 60, gt=0)
    address_limit: int = Field(default=20, gt=0)

    # Whose X-Forwarded-For is believed (comma-separated addresses or networks): the gateway's.
    # `make run`'s gateway is on this machine; compose and Kubernetes set their networks.
    trusted_proxies: str = "127.0.0.1/32,::1/128"

    # Expired refresh-token rows are deleted in batches (application/housekeeping.py): at most
    # `prune_batch` a firing, again a second later after a full one, else every `prune_every_s`.
    prune_batch: int = Field(default=1000, gt=0)
    prune_every_s: int = Field(default=3600, gt=0)

    # argon2id (adapters/passwords.py) and how many hashes may run at once.
    argon2_time_cost: int = Field(default=OWASP["time_cost"], ge=1)
    argon2_memory_kib: int = Field(default=OWASP["memory_cost"], ge=8)
    argon2_parallelism: int = Field(default=OWASP["parallelism"], ge=1)
    hash_concurrency: int = Field(default=2, ge=1)

    def lockout(self) -> LockoutPolicy:
        return LockoutPolicy(window=timedelta(seconds=self.lock_window_s), in_window=self.lock_after,
                             lock_for=timedelta(seconds=self.lock_for_s), until_admin=self.lock_until_admin_after)

    def address_policy(self) -> AddressPolicy:
        return AddressPolicy(window=timedelta(seconds=self.address_window_s), limit=self.address_limit)

    def pruning(self) -> Pruning:
        return Pruning(batch=self.prune_batch, every=timedelta(seconds=self.prune_every_s))

    def proxies(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(p.strip(), strict=False) for p in self.trusted_proxies.split(",") if p.strip()]
