"""All configuration in one place: `SK_*` environment variables (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_KEY = "shuangkong-dev-key-not-for-production"
MIN_JWT_KEY_BYTES = 32  # HS256's own hash size (RFC 7518 §3.2): a shorter key is a weaker one


class OidcProvider(BaseModel):
    """An enterprise's own identity provider (OIDC), one item of `SK_OIDC_PROVIDERS` (a JSON list):
    a bearer token whose `iss` is `issuer` is checked against the keys at `jwks_url` and read as a
    person of `enterprise_id` with the roles its `roles_claim` names, through `role_map` (their
    name → our role; a role not in the map is dropped). libs/auth/oidc.py; decisions §33."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    issuer: str = Field(min_length=1)
    jwks_url: str = Field(min_length=1)
    audience: str = Field(min_length=1)
    enterprise_id: str = Field(min_length=1)
    person_claim: str = "sub"
    roles_claim: str = "roles"  # a claim name, or a dotted path into nested claims (`realm_access.roles`)
    role_map: dict[str, str] = Field(default_factory=dict)
    algorithms: tuple[str, ...] = ("RS256", "ES256")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SK_", env_file=".env", extra="ignore")

    # Where things live. Empty means "the embedded runtime decides".
    # PostgreSQL as the service's own role (sk_<service>, docs/decisions.md §32). URLs carry
    # passwords: kept out of the settings' repr, never logged.
    database_url: str = Field(default="", repr=False)
    # As the owner, for migrations and rebuilds. A service given it migrates its schemas at start
    # and then serves on `database_url`; without it, it only checks they are at head.
    migration_database_url: str = Field(default="", repr=False)
    database_role_prefix: str = "sk_"  # the roles are <prefix>owner and <prefix><service>
    kafka_bootstrap: str = ""
    run_dir: str = ".run"

    # Broker tuning: Tansu needs short sessions and short fetch waits (RUNTIME.md); real Kafka
    # needs session_timeout_ms >= 6000.
    kafka_session_timeout_ms: int = 2000
    kafka_heartbeat_interval_ms: int = 200
    kafka_fetch_max_wait_ms: int = 20
    topic_partitions: int = 3
    topic_replication_factor: int = 1
    topic_prefix: str = ""

    # Auth (libs/auth; decisions §10, §33). Outside dev mode a service refuses to start without a
    # key of at least MIN_JWT_KEY_BYTES that is not the dev key (libs/startup.py).
    dev_mode: bool = True
    jwt_key: str = ""
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    # The longest a token may live (`exp - iat`): our own access tokens, ours in dev mode (make
    # run's banner and `shuangkong token` serve a working day), an enterprise identity provider's.
    access_token_max_ttl_s: int = Field(default=15 * 60, gt=0)
    dev_token_max_ttl_s: int = Field(default=12 * 3600, gt=0)
    external_token_max_ttl_s: int = Field(default=3600, gt=0)
    # Clocks apart: a token issued (`iat`) or valid from (`nbf`) this far ahead is still taken.
    # An expiry is never stretched.
    token_leeway_s: int = Field(default=30, ge=0, le=300)
    oidc_providers: list[OidcProvider] = Field(default_factory=list)
    # An identity provider's key set: fetched again when this old, or when a token names a key it
    # lacks, but never twice within the minimum interval (a flood of made-up key ids, an IdP down).
    oidc_jwks_max_age_s: float = Field(default=600.0, gt=0)
    oidc_jwks_min_refetch_s: float = Field(default=30.0, ge=0)
    oidc_jwks_timeout_s: float = Field(default=5.0, gt=0)

    # Consumers.
    consumer_max_attempts: int = 5
    # How long one event may keep losing races (a moved stream, a deadlock) before each further
    # conflict counts as one of its attempts: libs/consumer.py.
    consumer_conflict_budget_s: float = Field(default=30.0, ge=0)
    consumer_batch_size: int = 500
    # Fault tests only: exit after this many batches are in the database, before their offsets.
    fault_crash_before_ack: int = 0

    # Relay.
    relay_batch_size: int = 2000  # a batch waits for all its acks: bigger batches keep the pipe full
    relay_idle_sleep_s: float = 0.02

    # Observability.
    otlp_endpoint: str = ""
    log_level: str = "INFO"

    # Load the demo plant (a hydrogen-peroxide plant) into an empty database at start.
    load_demo_plant: bool = False

    # The plant plan's extent: every corner of a risk object's outline has |x| and |y| at most
    # this, in the plan's units (the four-colour map's coordinates).
    plant_extent: float = Field(default=10_000.0, gt=0, allow_inf_nan=False)

    # Clock: 1.0 is real time; a demo can run faster.
    clock_speed: float = Field(default=1.0, gt=0)

    # Ports of `make run`: the gateway, the services behind it, their metrics (the services in
    # order, then the gateway), the embedded PostgreSQL and broker.
    gateway_port: int = 8000
    service_base_port: int = 8100
    metrics_base_port: int = 9100
    embedded_pg_port: int = 55432
    embedded_kafka_port: int = 59092
    # A run whose embedded cluster is throwaway (e2e tests, benches): as root, a later start may
    # prune it once its run directory is gone. make run's cluster is kept until `make clean`.
    embedded_pg_throwaway: bool = False

    # This service's Prometheus /metrics, on a port of its own (0: not served): the API's port is
    # reachable through the gateway, so it serves none. Every service, the gateway included.
    metrics_port: int = Field(default=0, ge=0, le=65535)
    metrics_host: str = "127.0.0.1"  # the image sets 0.0.0.0, for Prometheus in another container

    # Gateway: comma-separated `service=url` pairs.
    gateway_routes: str = ""

    # HTTP: request bodies larger than this are refused with 413 before they are read further.
    max_body_bytes: int = Field(default=1024 * 1024, gt=0)
    # Photos (libs/blobs, libs/photo_routes.py): the largest one taken (a multipart upload may be
    # this plus its envelope, libs/edge.py), and where the filesystem blob store keeps them
    # (empty: `<run_dir>/blobs`; a shared volume when several replicas serve photos, decisions §38).
    max_upload_bytes: int = Field(default=5 * 1024 * 1024, gt=0)
    blob_dir: str = ""

    def owner_database_url(self) -> str:
        """Where the owner's work (migrations, rebuilds) connects: the migration URL, else the one
        URL given (a test's or a dev database where one role does everything)."""
        return self.migration_database_url or self.database_url

    def blob_root(self) -> str:
        """Where the filesystem blob store keeps photos."""
        return self.blob_dir or str(Path(self.run_dir) / "blobs")

    def routes(self) -> dict[str, str]:
        pairs = (p.split("=", 1) for p in self.gateway_routes.split(",") if "=" in p)
        return {name.strip(): url.strip().rstrip("/") for name, url in pairs}

    def signing_key(self) -> str:
        # These messages are for the operator's log; a caller only ever sees a Chinese refusal.
        """The JWT key: the dev key only in dev mode; outside it a configured key of at least
        MIN_JWT_KEY_BYTES bytes."""
        if self.jwt_key:
            if not self.dev_mode and self.jwt_key == DEV_JWT_KEY:
                raise ValueError("SK_JWT_KEY: the dev key is refused outside dev mode")
            if not self.dev_mode and len(self.jwt_key.encode()) < MIN_JWT_KEY_BYTES:
                raise ValueError(f"SK_JWT_KEY is {len(self.jwt_key.encode())} bytes; at least {MIN_JWT_KEY_BYTES} "
                                 "are required outside dev mode (e.g. `openssl rand -hex 32`)")
            return self.jwt_key
        if self.dev_mode:
            return DEV_JWT_KEY
        raise ValueError("SK_JWT_KEY is required when SK_DEV_MODE is false")

    def own_token_max_ttl_s(self) -> int:
        """The longest our own access tokens may live: minutes, or a working day in dev mode."""
        if self.dev_mode:
            return max(self.access_token_max_ttl_s, self.dev_token_max_ttl_s)
        return self.access_token_max_ttl_s


@lru_cache
def get_settings() -> Settings:
    return Settings()
