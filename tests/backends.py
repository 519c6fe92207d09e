"""Where the integration tests' PostgreSQL and Kafka come from, chosen in one place.

- **embedded** (the default): the embedded PostgreSQL and the Tansu broker, started once for the
  session (about a second).
- **external**: `SK_TEST_DATABASE_URL` (a database where CREATE DATABASE may run) and
  `SK_TEST_KAFKA_BOOTSTRAP`, each on its own: what is not given comes from the chosen backend.
- **containers** (`SK_TEST_BACKEND=containers`): PostgreSQL 16 and Apache Kafka in KRaft mode —
  the images of docker-compose.yml — through testcontainers, where a Docker engine is reachable.
  Where none is, the backend says so in one line and the tests that need a runtime are skipped
  with it: a run that asked for containers never passes on something else instead.

The embedded PostgreSQL is the runtime's own code (libs/runtime/postgres.py): SCRAM passwords
kept in files of the session's temp dir, the installation's roles (libs/roles.py) made at start.

The same tests pass on every backend. Real Kafka wants its usual group timeouts: run with
`SK_KAFKA_SESSION_TIMEOUT_MS=10000 SK_KAFKA_HEARTBEAT_INTERVAL_MS=3000`, as docker-compose.yml sets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from libs.roles import DatabaseRoles
from libs.runtime.broker import EmbeddedBroker
from libs.runtime.postgres import EmbeddedPostgres, discard
from libs.runtime.process import free_port

BACKENDS = ("embedded", "containers")
POSTGRES_IMAGE = "postgres:16"
KAFKA_IMAGE = "apache/kafka:3.9.1"  # as docker-compose.yml


@dataclass(frozen=True)
class Choice:
    """Which backend serves PostgreSQL and which Kafka ("embedded", "containers" or "external")."""

    database: str
    broker: str
    database_url: str = ""
    bootstrap: str = ""
    unavailable: str = ""  # why the backend asked for cannot be had; the tests skip with it


def choose(env: Mapping[str, str], docker_unreachable: Callable[[], str]) -> Choice:
    """`docker_unreachable()` says why no Docker engine answers ("" when one does); it is asked
    only when containers would be used."""
    backend = env.get("SK_TEST_BACKEND", "") or "embedded"
    if backend not in BACKENDS:
        raise ValueError(f"SK_TEST_BACKEND={backend!r}: one of {', '.join(BACKENDS)}")
    url, bootstrap = env.get("SK_TEST_DATABASE_URL", ""), env.get("SK_TEST_KAFKA_BOOTSTRAP", "")
    unavailable = ""
    if backend == "containers" and not (url and bootstrap):
        why = docker_unreachable()
        if why:
            unavailable = f"SK_TEST_BACKEND=containers: {why}; the containers backend is not used"
    return Choice("external" if url else backend, "external" if bootstrap else backend, url, bootstrap, unavailable)


def docker_unreachable() -> str:
    try:
        import docker
    except ImportError:
        return "testcontainers is not installed (pip install -e '.[containers]')"
    try:
        docker.from_env(timeout=3).ping()
    except Exception as exc:  # the docker client raises several kinds; any means "no engine"
        return f"no Docker engine reachable ({type(exc).__name__})"
    return ""


@dataclass
class TestRuntime:
    admin_url: str  # a superuser's, on a database where CREATE DATABASE may run (its password in it)
    bootstrap: str
    base_dir: Path
    pg: EmbeddedPostgres | None = None
    broker: EmbeddedBroker | None = None
    roles: DatabaseRoles | None = None  # the embedded cluster's, made by the runtime at start

    def url_for(self, database: str) -> str:
        head, _, _ = self.admin_url.rpartition("/")
        return f"{head}/{database}"


@contextmanager
def started(choice: Choice, base: Path, roles: DatabaseRoles | None = None) -> Iterator[TestRuntime]:
    """The runtime `choice` names, stopped (and its files removed) on the way out; an embedded
    PostgreSQL with `roles` made."""
    with ExitStack() as stack:
        rt = TestRuntime(choice.database_url, choice.bootstrap, base)
        if choice.database == "embedded":
            rt.pg = EmbeddedPostgres(base / "pg", free_port(), throwaway=True, roles=roles).start(
                log_path=str(base / "pg.log"))
            rt.roles = roles
            stack.callback(discard, rt.pg.data_dir)
            stack.callback(rt.pg.stop)
            rt.admin_url = rt.pg.url
        elif choice.database == "containers":
            rt.admin_url = _postgres_container(stack)
        if choice.broker == "embedded":
            rt.broker = EmbeddedBroker(free_port()).start(log_path=str(base / "broker.log"))
            stack.callback(rt.broker.stop)
            rt.bootstrap = rt.broker.bootstrap
        elif choice.broker == "containers":
            rt.bootstrap = _kafka_container(stack)
        yield rt


def _postgres_container(stack: ExitStack) -> str:
    from testcontainers.community.postgres import PostgresContainer

    pg = stack.enter_context(PostgresContainer(POSTGRES_IMAGE, driver=None))
    return pg.get_connection_url()


def _kafka_container(stack: ExitStack) -> str:
    """One KRaft node (the image's own default configuration) advertising the host port it is
    published on: Kafka clients reconnect to the advertised address, so it must be that one."""
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.wait_strategies import LogMessageWaitStrategy

    port = free_port()
    kafka = (DockerContainer(KAFKA_IMAGE).with_bind_ports(9092, port)
             .with_env("KAFKA_NODE_ID", "1").with_env("KAFKA_PROCESS_ROLES", "broker,controller")
             .with_env("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093")
             .with_env("KAFKA_ADVERTISED_LISTENERS", f"PLAINTEXT://127.0.0.1:{port}")
             .with_env("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
             .with_env("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT")
             .with_env("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
             .with_env("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
             .with_env("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
             .waiting_for(LogMessageWaitStrategy("Kafka Server started").with_startup_timeout(120)))
    stack.enter_context(kafka)
    return f"127.0.0.1:{port}"
