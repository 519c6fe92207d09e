"""`kill -9` a reactor between its database commit and its offset commit, then start it again:
every event it consumed has exactly one reaction in its store, published under one event id.

The reactor is the test-only watchpost (tests/watchpost): for each of the registry's
OrgUnitRenamed events, decided on its own log book of the unit, it appends one event naming the
registry's event as its cause. Redelivered events find their inbox row and change nothing."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid

import asyncpg

from libs.cloudevent import from_kafka, topic_for
from libs.runtime.process import free_port, spawn
from libs.runtime.service_process import ROOT, ServiceProcess
from tests.faults.conftest import preload_registry_events, wait_until
from tests.faults.test_relay_crash import published
from tests.kafka_records import read_records

REACTIONS = "SELECT count(*) FROM watchpost.events"


class WatchpostProcess(ServiceProcess):
    """The watchpost's reactor alone, as a real child process (it is no service of the catalog)."""

    def start(self, wait: bool = True, **extra_env: str) -> ServiceProcess:
        self.port, self.metrics_port = free_port(), free_port()
        env = {**os.environ, **self.env, "SK_METRICS_PORT": str(self.metrics_port), **extra_env}
        self.proc = spawn([sys.executable, "-m", "tests.watchpost", "--port", str(self.port), "--reactor-only"],
                          log_path=str(self.log), cwd=ROOT, env=env)
        if wait:
            self.wait_ready()
        return self


async def test_a_reactor_killed_before_its_offset_commit_reacts_once_per_event(spawn, runtime, database_url,
                                                                               topic_prefix, tmp_path):
    causes = await preload_registry_events(database_url, streams=10, per_stream=50)
    total = len(causes)
    conn = await asyncpg.connect(database_url)
    registry = spawn("risk_registry").start()
    await wait_until(lambda: _at_least(published(conn), total))

    def watchpost(**extra: str) -> WatchpostProcess:
        log = tmp_path / f"watchpost-{uuid.uuid4().hex[:6]}.log"
        return WatchpostProcess("watchpost", {**registry.env, **extra}, log)

    crashing = watchpost(SK_FAULT_CRASH_BEFORE_ACK="2", SK_CONSUMER_BATCH_SIZE="40").start(wait=False)
    try:
        await asyncio.to_thread(crashing.proc.wait, 60)
        assert crashing.proc.returncode == 137
        at_crash = await conn.fetchval(REACTIONS)
        assert 0 < at_crash < total

        again = watchpost().start()
        try:
            await wait_until(lambda: _at_least(conn.fetchval(REACTIONS), total))
            await wait_until(lambda: _at_least(conn.fetchval(
                "SELECT count(*) FROM watchpost.inbox WHERE consumer = 'watchpost-logs'"), total))
            await asyncio.sleep(0.5)  # a second reaction to a redelivered event would have landed by now
            duplicates = again.metric("sk_consumer_duplicates_total")
        finally:
            again.stop()
    finally:
        crashing.stop()

    stored = await conn.fetch("SELECT event_id, metadata->>'causation_id' AS cause FROM watchpost.events")
    assert len(stored) == total, "one reaction per event, none twice"
    assert {uuid.UUID(r["cause"]) for r in stored} == set(causes), "every event reacted to"
    assert duplicates >= 1, "the batch committed before the crash came again and changed nothing"

    records = await read_records(runtime.bootstrap, topic_for("watchpost", topic_prefix),
                                 lambda got: len({dict(r.headers)["ce_id"] for r in got}) >= total, seconds=30)
    print(f"reactions at the crash {at_crash}/{total}; published {len(records)} messages, "
          f"{len({dict(r.headers)['ce_id'] for r in records})} distinct; duplicates dropped {duplicates:.0f}")
    out = [from_kafka(r.value, r.headers) for r in records]
    assert {e.event_id for e in out} == {r["event_id"] for r in stored}, "each reaction published"
    ids_per_cause: dict[str, set] = {}
    for e in out:
        ids_per_cause.setdefault(e.causation_id, set()).add(e.event_id)
    assert all(len(ids) == 1 for ids in ids_per_cause.values()), "re-published, perhaps; never a second reaction"
    await conn.close()


async def _at_least(value, total: int) -> bool:
    return (await value or 0) >= total
