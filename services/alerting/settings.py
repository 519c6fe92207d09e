"""Alerting's own settings (`SK_ALERTING_*`), beside the shared ones: who may 销警 (role names,
comma-separated), and further alert sources (a JSON list of domain/sources.Source, added to the
default table — a later source is configuration, not code); the effectiveness score's weights (JSON)."""

from __future__ import annotations

from pydantic import Field, TypeAdapter, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from libs.auth import ENTERPRISE_ROLES
from services.alerting.application.inbox_stream import StreamSettings
from services.alerting.domain.effectiveness_weights import EffectivenessWeights
from services.alerting.domain.sources import DEFAULT_SOURCES, Source, SourceTable
from services.alerting.domain.writers import CLEARERS

_SOURCES = TypeAdapter(list[Source])


class AlertingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SK_ALERTING_", env_file=".env", extra="ignore")

    clearers: str = ",".join(str(r) for r in CLEARERS)
    # Fernet key sealing the channels' URLs and secrets at rest (`Fernet.generate_key()`); none: no secrets taken.
    secrets_key: str = Field(default="", repr=False)
    base_url: str = ""  # the system's address, for the link in a channel's message
    sources: str = "[]"  # e.g. [{"event_type": "shuangkong.training.CertificateExpiring", "does": "raise", …}]
    # The effectiveness score's weights (domain/effectiveness_weights.py), any left out at its default.
    effectiveness_weights: str = "{}"  # e.g. {"task_weight": 60, "hazard_weight": 40, "few_hazards_min": 2}
    # The live inbox (GET /inbox/stream): how often a stream looks for changes, the heartbeat that keeps
    # proxies from closing it, how long one stream lasts before the phone reconnects, the retry hint.
    inbox_poll_s: float = Field(default=2.0, gt=0)
    inbox_heartbeat_s: float = Field(default=15.0, gt=0)
    inbox_stream_s: float = Field(default=300.0, gt=0)
    inbox_retry_ms: int = Field(default=3000, ge=0)

    @field_validator("clearers")
    @classmethod
    def _roles(cls, value: str) -> str:
        unknown = sorted(set(_split(value)) - {str(r) for r in ENTERPRISE_ROLES})
        if unknown or not _split(value):
            raise ValueError(f"unknown or no roles: {', '.join(unknown)}; roles are "
                             + ", ".join(sorted(str(r) for r in ENTERPRISE_ROLES)))
        return value

    @field_validator("sources")
    @classmethod
    def _sources(cls, value: str) -> str:
        SourceTable([*DEFAULT_SOURCES, *_SOURCES.validate_json(value)])
        return value

    @field_validator("effectiveness_weights")
    @classmethod
    def _weights(cls, value: str) -> str:
        EffectivenessWeights.model_validate_json(value)
        return value

    def inbox_stream(self) -> StreamSettings:
        return StreamSettings(self.inbox_poll_s, self.inbox_heartbeat_s, self.inbox_stream_s, self.inbox_retry_ms)

    def weights(self) -> EffectivenessWeights:
        return EffectivenessWeights.model_validate_json(self.effectiveness_weights)

    def clearer_roles(self) -> frozenset[str]:
        return frozenset(_split(self.clearers))

    def source_table(self) -> SourceTable:
        return SourceTable([*DEFAULT_SOURCES, *_SOURCES.validate_json(self.sources)])


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]
