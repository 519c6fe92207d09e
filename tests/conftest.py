"""Session fixtures: one PostgreSQL and one broker for the whole run, a fresh database per test
that needs isolation, a topic prefix per test.

Where they come from — the embedded runtime (default), external servers (`SK_TEST_DATABASE_URL`,
`SK_TEST_KAFKA_BOOTSTRAP`) or testcontainers (`SK_TEST_BACKEND=containers`) — is chosen in
tests/backends.py.
"""

from __future__ import annotations

import os
import uuid
from functools import cache

import asyncpg
import pytest

from libs.roles import DatabaseRoles
from libs.runtime.postgres import discard
from libs.runtime.process import free_block, free_port
from shuangkong.catalog import catalog
from tests.backends import choose, docker_unreachable, started

# The composition root tells libs who publishes (libs/topology.py), as `shuangkong serve` does.
catalog()


@cache
def backend():
    return choose(os.environ, docker_unreachable)


def pytest_terminal_summary(terminalreporter):
    """The one line that says the backend asked for is not there (under -q too)."""
    if backend().unavailable:
        terminalreporter.write_line(backend().unavailable, yellow=True)


@pytest.fixture(scope="session")
def runtime(tmp_path_factory):
    choice = backend()
    if choice.unavailable:
        pytest.skip(choice.unavailable)
    # pytest's own temp dirs (0700 as root): the embedded runtime copes with private parents.
    with started(choice, tmp_path_factory.mktemp("runtime"), DatabaseRoles(tuple(catalog().names))) as rt:
        yield rt


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
    """Ports for a `shuangkong run`. The services and the metrics take consecutive ports from
    their bases, each of them free (a run once met RabbitMQ on 25672 inside its metrics block):
    drawn again until none of them is another's (the broker once drew a metrics port)."""
    n = len(catalog().deployables)
    while True:
        ports = {"gateway": free_port(), "services": free_block(n), "metrics": free_block(n), "pg": free_port(),
                 "kafka": free_port()}
        used = [ports["gateway"], ports["pg"], ports["kafka"], *range(ports["services"], ports["services"] + n),
                *range(ports["metrics"], ports["metrics"] + n)]
        if len(set(used)) == len(used):
            return ports


@pytest.fixture
def run_dir(tmp_path):
    yield tmp_path / "run"
    discard(tmp_path / "run" / "pg")  # `shuangkong run` keeps its cluster there
