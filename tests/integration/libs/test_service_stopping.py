"""A service's `on_stopping` runs at shutdown after its background tasks, relay and consumers
have stopped — nothing uses what `on_started` opened any more — and while its pool still answers,
so a client it opened (alerting's HTTP client for robots and webhooks) is closed, not leaked."""

from __future__ import annotations

import dataclasses

from libs.service import build_app
from tests.integration.service_client import running, settings_for
from tests.watchpost.app import SPEC


async def test_on_stopping_runs_after_the_background_work_and_before_the_pool_closes(runtime, database_url,
                                                                                       topic_prefix):
    seen: dict = {}

    async def stopping(app) -> None:
        seen["tasks_done"] = all(task.done() for task in app.state.running.tasks)
        seen["pool_answers"] = await app.state.pool.fetchval("SELECT 1")

    app = build_app(dataclasses.replace(SPEC, on_stopping=stopping),
                    settings_for(database_url, runtime.bootstrap, topic_prefix))
    async with running(app):
        assert app.state.running.tasks and not seen
    assert seen == {"tasks_done": True, "pool_answers": 1}
