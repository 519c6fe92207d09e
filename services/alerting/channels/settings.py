"""The channels' settings (`SK_ALERTING_CHANNELS_*`): timeouts, the trusted CA, the retry
policy, and the robots, webhook subscriptions and SMTP relay as JSON (their URLs and secrets are
credentials: kept out of the settings' repr, never logged)."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .domain.retry import RetryPolicy


class RobotConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    url: str = Field(min_length=1, repr=False)
    secret: str | None = Field(default=None, repr=False)
    mentions: tuple[str, ...] = ()


class WebhookConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    url: str = Field(min_length=1)
    secrets: tuple[str, ...] = Field(min_length=1, repr=False)


class SmtpConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    host: str = Field(min_length=1)
    port: int = Field(default=587, gt=0, lt=65536)
    sender: str = Field(min_length=3)
    sender_name: str = "双控系统"
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password: str | None = Field(default=None, repr=False)


class ChannelSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SK_ALERTING_CHANNELS_", env_file=".env", extra="ignore")

    timeout_s: float = Field(default=10.0, gt=0, le=120)
    connect_timeout_s: float = Field(default=5.0, gt=0, le=60)
    ca_file: str | None = None
    max_attempts: int = Field(default=6, ge=1, le=50)
    first_delay_s: float = Field(default=30.0, gt=0)
    multiplier: float = Field(default=2.0, ge=1)
    max_delay_s: float = Field(default=3600.0, gt=0)
    jitter: float = Field(default=0.2, ge=0, lt=1)
    dingtalk_robots: dict[str, RobotConfig] = Field(default_factory=dict, repr=False)
    wecom_robots: dict[str, RobotConfig] = Field(default_factory=dict, repr=False)
    webhooks: dict[str, WebhookConfig] = Field(default_factory=dict, repr=False)
    smtp: SmtpConfig | None = Field(default=None, repr=False)

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(self.max_attempts, timedelta(seconds=self.first_delay_s), self.multiplier,
                           timedelta(seconds=max(self.max_delay_s, self.first_delay_s)), self.jitter)
