"""Gov sync's own settings (`SK_GOV_SYNC_*`): the key its targets' secrets are encrypted with at
rest (a Fernet key: `python -c "import base64
import hashlib

from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).
Without one the service runs but refuses to store a secret (503): a key made up at start would
lose every secret at the next one. In development mode (`SK_DEV_MODE`, as the JWT key) a built-in
development key stands in, so `make run` can store them; never in production."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet
from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Public on purpose, like the development JWT key: what it encrypts in development is no secret.
DEV_SECRETS_KEY = base64.urlsafe_b64encode(hashlib.sha256(b"shuangkong gov_sync development key").digest()).decode()


class GovSyncSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SK_GOV_SYNC_", env_file=".env", extra="ignore")

    secrets_key: SecretStr = SecretStr("")

    @field_validator("secrets_key")
    @classmethod
    def _fernet(cls, value: SecretStr) -> SecretStr:
        if value.get_secret_value():
            Fernet(value.get_secret_value().encode())  # a malformed key stops the start, not the first write
        return value

    def cipher(self, dev_mode: bool = False) -> Fernet | None:
        key = self.secrets_key.get_secret_value() or (DEV_SECRETS_KEY if dev_mode else "")
        return Fernet(key.encode()) if key else None
