"""Inspection alone on the session's PostgreSQL and broker, its clock a FixedClock the test moves:
check tasks drawn up straight through the service's repository (as its reactor would, without the
registry), worker-1 on post-1 in the directory replica, cycles set over HTTP, and what the deadline
scheduler did read from the log."""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from libs.clock import FixedClock
from libs.repository import CommandContext
from services.inspection.app import create_app
from services.inspection.domain.task import CheckTask, MeasureFacts, task_id_for
from tests.integration.inspection.conftest import until
from tests.integration.inspection.directory_feed import on_post
from tests.integration.service_client import running, settings_for, token

T0 = datetime(2026, 12, 1, 0, tzinfo=UTC)  # 08:00 in Shanghai
DAILY = {"check_cycle": 1, "check_cycle_unit": "天", "task_start_time": "2026-12-01T08:00:00"}


@dataclass
class OccurrencePlant:
    client: httpx.AsyncClient
    app: object
    clock: FixedClock
    eid: str
    officer: dict

    @property
    def pool(self):
        return self.app.state.pool

    async def task(self, n: int = 0, cycle: dict | None = None, post: str = "post-1") -> str:
        """A check task drawn up for measure n on `post`, its cycle set over HTTP (daily from T0 unless told)."""
        task = CheckTask(task_id_for(f"{self.eid}-m-{n}"))
        task.follow(MeasureFacts(f"{self.eid}-m-{n}", self.eid, "2", "检查温度联锁投用状态", post, "risk-1"))
        return await self.schedule(task, cycle)

    async def schedule(self, task: CheckTask, cycle: dict | None = None) -> str:
        """Save a task drawn up by the test and set its cycle over HTTP."""
        await self.app.state.inspection.tasks.save(task, CommandContext("system:test", self.eid, "corr-test"))
        r = await self.client.post(f"/enterprises/{self.eid}/check-tasks/{task.id}/cycle", headers=self.officer,
                                   json={**(cycle or DAILY), "expected_version": 1})
        assert r.status_code == 200, r.text
        return task.id

    async def occurrences(self, **params) -> dict:
        r = await self.client.get(f"/enterprises/{self.eid}/occurrences", headers=self.officer,
                                  params={"limit": 500, **params})
        assert r.status_code == 200, r.text
        return r.json()

    async def quiet(self) -> None:
        """Until nothing is due by the test's clock (fired and committed), none having failed."""
        async def nothing_due():
            due = await self.pool.fetchval("SELECT count(*) FROM deadlines WHERE fire_at <= $1", self.clock.now())
            return due == 0

        await until(nothing_due, seconds=60)
        assert await self.pool.fetchval("SELECT count(*) FROM deadlines WHERE attempts > 0") == 0

    async def events(self) -> list[dict]:
        return [dict(r) for r in await self.pool.fetch(
            "SELECT stream_id, type, (data->>'never_issued')::boolean AS never_issued, tx_id::text AS tx "
            "FROM events WHERE stream_id LIKE 'occurrence-%' ORDER BY position")]


@asynccontextmanager
async def started(runtime, database_url: str, topic_prefix: str):
    """The plant (a test module's fixture enters it: `async with started(...) as p: yield p`)."""
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    app = create_app(settings)
    clock = app.state.clock = FixedClock(T0)
    eid = f"ent-{uuid.uuid4().hex[:8]}"
    async with running(app) as client:
        await on_post(app, eid, "worker-1", "post-1")  # who records the tasks of post-1
        yield OccurrencePlant(client, app, clock, eid, token(settings, eid, "safety_officer", person="officer-1"))
