"""`pg`: the store and deadline tables on PostgreSQL; `rig`: each test that asks for it runs on both
deadline books (deadline_rig.py)."""

from __future__ import annotations

import pytest

from libs.clock import FixedClock
from libs.deadlines import InMemoryDeadlines, PostgresDeadlines
from libs.deadlines.schema import create_deadlines_schema
from libs.eventstore import InMemoryEventStore, PostgresEventStore
from tests.integration.libs.deadline_rig import Rig
from tests.integration.store_fixtures import store_pool
from tests.unit.libs.test_deadlines import T0


@pytest.fixture(params=["memory", "postgres"])
async def rig(request, database_url):
    if request.param == "memory":
        yield Rig(InMemoryEventStore(), InMemoryDeadlines(), FixedClock(T0))
        return
    pool = await store_pool(database_url)
    await create_deadlines_schema(database_url, "es")
    yield Rig(PostgresEventStore(pool), PostgresDeadlines(pool), FixedClock(T0))
    await pool.close()


@pytest.fixture
async def pg(database_url):
    pool = await store_pool(database_url)
    await create_deadlines_schema(database_url, "es")
    yield pool
    await pool.close()
