"""Gov sync's own settings (`SK_GOV_SYNC_*`): the key its targets' secrets are encrypted with at
rest (a Fernet key: `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).
Without one the service runs but refuses to store a secret (503): a key made up at start would
lose every secret at the next one."""

from __future__ import annotations

from cryptography.fernet import Fernet
from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class GovSyncSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SK_GOV_SYNC_", env_file=".env", extra="ignore")

    secrets_key: SecretStr = SecretStr("")

    @field_validator("secrets_key")
    @classmethod
    def _fernet(cls, value: SecretStr) -> SecretStr:
        if value.get_secret_value():
            Fernet(value.get_secret_value().encode())  # a malformed key stops the start, not the first write
        return value

    def cipher(self) -> Fernet | None:
        key = self.secrets_key.get_secret_value()
        return Fernet(key.encode()) if key else None
