"""`shuangkong rebuild inspection` with occurrences: the occurrence read model rebuilt from the log is
the live one, row for row, and the catch-up's cursor (in its deadline's data, the service's own
state) stays, so the next window is issued once and none before it again."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import asyncpg
import pytest

from libs.rebuild import rebuild_service
from services.inspection.app import SPEC
from tests.integration import rebuild_dump
from tests.integration.inspection.occurrence_plant import started

DAY = timedelta(days=1)


@pytest.fixture
async def occurrence_plant(runtime, database_url, topic_prefix):
    async with started(runtime, database_url, topic_prefix) as plant:
        yield plant


async def test_a_rebuild_gives_the_same_occurrences_and_keeps_the_cursor(occurrence_plant):
    plant = occurrence_plant
    await plant.task()
    await plant.quiet()
    plant.clock.advance(DAY)
    await plant.quiet()
    settings = plant.app.state.settings
    conn = await asyncpg.connect(settings.database_url)
    try:
        deadlines = "SELECT key, kind, due_at, data::text FROM inspection.deadlines ORDER BY key"
        before = await rebuild_dump.rows(conn, "inspection"), await conn.fetch(deadlines)
        await rebuild_service(SPEC, settings, show_progress=False)
        after = await rebuild_dump.rows(conn, "inspection"), await conn.fetch(deadlines)
    finally:
        await conn.close()
    assert after == before and len(before[0]["occurrences"]) == 2
    plant.clock.advance(DAY)
    await plant.quiet()
    windows = Counter(o["window_start"] for o in (await plant.occurrences())["items"])
    assert len(windows) == 3 and set(windows.values()) == {1}
