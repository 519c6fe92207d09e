"""Secrets of the outbound channels at rest: sealed with Fernet (AES-128-CBC + HMAC) under a key
from configuration (`SK_ALERTING_SECRETS_KEY`), so the event log, its backups and the broker
never hold a robot's token or a webhook's secret in clear. Without a key nothing secret is taken."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken

from libs.aggregate import DomainError


class Sealer:
    def __init__(self, key: str | None) -> None:
        self._fernet = Fernet(key.encode()) if key else None

    def seal(self, value: str, field: str) -> str:
        if self._fernet is None:
            raise DomainError("服务未配置渠道密钥的加密密钥 (SK_ALERTING_SECRETS_KEY)，不能保存地址或密钥", field=field,
                              code="no_secrets_key")
        return self._fernet.encrypt(value.encode()).decode()

    def open(self, sealed: str) -> str:
        """The clear value; LookupError when this key cannot open it (rotated, or none)."""
        if self._fernet is None:
            raise LookupError("no secrets key")
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:
            raise LookupError("sealed with another key") from exc


def fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def hint(secret: str) -> str:
    return "…" + secret[-4:] if len(secret) > 8 else "…"


def url_hint(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/…"
