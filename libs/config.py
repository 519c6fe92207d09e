"""All configuration in one place: `SK_*` environment variables (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_KEY = "shuangkong-dev-key-not-for-production"


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

    # Auth.
    dev_mode: bool = True
    jwt_key: str = ""
    jwt_algorithm: str = "HS256"

    # Consumers.
    consumer_max_attempts: int = 5
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

    def owner_database_url(self) -> str:
        """Where the owner's work (migrations, rebuilds) connects: the migration URL, else the one
        URL given (a test's or a dev database where one role does everything)."""
        return self.migration_database_url or self.database_url

    def routes(self) -> dict[str, str]:
        pairs = (p.split("=", 1) for p in self.gateway_routes.split(",") if "=" in p)
        return {name.strip(): url.strip().rstrip("/") for name, url in pairs}

    def signing_key(self) -> str:
        # These messages are for the operator's log; a caller only ever sees a Chinese refusal.
        """The JWT key: the dev key only in dev mode; a configured key is required otherwise."""
        if self.jwt_key:
            if not self.dev_mode and self.jwt_key == DEV_JWT_KEY:
                raise ValueError("SK_JWT_KEY: the dev key is refused outside dev mode")
            return self.jwt_key
        if self.dev_mode:
            return DEV_JWT_KEY
        raise ValueError("SK_JWT_KEY is required when SK_DEV_MODE is false")


@lru_cache
def get_settings() -> Settings:
    return Settings()
