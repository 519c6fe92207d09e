"""Session fixtures: one embedded PostgreSQL and one Tansu broker for the whole run (about a
second to start), a fresh database per test that needs isolation, a topic prefix per test.

`SK_TEST_DATABASE_URL` / `SK_TEST_KAFKA_BOOTSTRAP` point the suites at an external PostgreSQL
or Kafka instead (the same tests pass on both).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from libs.runtime.broker import EmbeddedBroker
from libs.runtime.postgres import EmbeddedPostgres, discard
from libs.runtime.process import free_port
from shuangkong.catalog import catalog

# The composition root tells libs who publishes (libs/topology.py), as `shuangkong serve` does.
catalog()


@dataclass
class TestRuntime:
    admin_url: str  # a database where CREATE DATABASE may run
    bootstrap: str
    base_dir: Path
    pg: EmbeddedPostgres | None = None
    broker: EmbeddedBroker | None = None

    def url_for(self, database: str) -> str:
        head, _, _ = self.admin_url.rpartition("/")
        return f"{head}/{database}"


@pytest.fixture(scope="session")
def runtime(tmp_path_factory):
    # pytest's own temp dirs (0700 as root): the embedded runtime copes with private parents.
    base = tmp_path_factory.mktemp("runtime")
    pg = broker = None
    admin_url = os.environ.get("SK_TEST_DATABASE_URL")
    if not admin_url:
        pg = EmbeddedPostgres(base / "pg", free_port(), throwaway=True).start(log_path=str(base / "pg.log"))
        admin_url = pg.url
    bootstrap = os.environ.get("SK_TEST_KAFKA_BOOTSTRAP")
    if not bootstrap:
        broker = EmbeddedBroker(free_port()).start(log_path=str(base / "broker.log"))
        bootstrap = broker.bootstrap
    rt = TestRuntime(admin_url, bootstrap, base, pg, broker)
    yield rt
    if broker:
        broker.stop()
    if pg:
        pg.stop()
        discard(pg.data_dir)


@pytest.fixture
async def database_url(runtime):
    """A database of its own for one test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(runtime.admin_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    yield runtime.url_for(name)


@pytest.fixture
def topic_prefix():
    return f"t{uuid.uuid4().hex[:8]}."


@pytest.fixture
def run_ports():
    base = free_port()
    return {"gateway": free_port(), "services": base, "metrics": free_port(), "pg": free_port(), "kafka": free_port()}


@pytest.fixture
def run_dir(tmp_path):
    yield tmp_path / "run"
    discard(tmp_path / "run" / "pg")  # `shuangkong run` keeps its cluster there
