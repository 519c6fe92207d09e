"""Measurement 3 — replay: how fast `libs.rebuild.rebuild_projection` rebuilds the audit trail.

Events are appended to a registry store and published through `OutboxRelay` (untimed), so the
topic holds what a live system's would. The rebuild then migrates a shadow schema, replays
every partition from the start into it, swaps it in under the lock, and reports its own
events/s over that whole time. It runs a few times over the same topic (each rebuild replaces
the previous one) and the median is shown. No baseline: the target is absolute.
"""

from __future__ import annotations

from bench.console import Step
from bench.plan import Plan
from bench.relay import SERVICE, publish_all, relay_for
from bench.report import Measured, Row, Target
from bench.runtime import BenchRuntime
from bench.workload import seed_store
from libs import kafka
from libs.cloudevent import dlq_for, topic_for
from libs.config import Settings
from libs.db import create_pool
from libs.eventstore import PostgresEventStore
from libs.eventstore.schema import create_event_store_schema
from libs.migrations import upgrade_async
from libs.rebuild import rebuild_projection
from libs.topology import all_event_topics
from services.audit.app import SPEC as AUDIT
from services.audit.projection import AuditTrail

TARGET = Target("value", at_least=10_000, text="≥ 10,000 ev/s")


async def publish_events(settings: Settings, total: int, step: Step) -> int:
    """`total` events into the registry's store, then through the relay onto its topic."""
    await create_event_store_schema(settings.database_url, SERVICE)
    pool = await create_pool(settings.database_url, SERVICE, max_size=8)
    try:
        store = PostgresEventStore(pool)
        step.say(f"appending {total:,} events", total=total)
        appended = await seed_store(store, total, on_progress=step.advance_to)
        topics = all_event_topics(settings.topic_prefix)
        await kafka.ensure_topics(settings.kafka_bootstrap, topics + [dlq_for(t) for t in topics],
                                  settings.topic_partitions)
        step.say("publishing them through the relay", total=appended)
        relay = relay_for(settings, store, pool, topic_for(SERVICE, settings.topic_prefix))
        await relay.start()
        try:
            return await publish_all(relay, step.advance_to)
        finally:
            await relay.stop()
    finally:
        await pool.close()


async def measure(runtime: BenchRuntime, plan: Plan, step: Step) -> Measured:
    url = await runtime.create_database("bench_replay")
    settings = Settings(database_url=url, kafka_bootstrap=runtime.bootstrap, topic_prefix="bench-replay.")
    published = await publish_events(settings, plan.replay_events, step)
    step.say("migrating the live audit schema")
    await upgrade_async(AUDIT.migrations, url, "audit")
    rebuilds = []
    step.say(f"rebuilding the audit trail from {published:,} events", total=plan.replay_rounds)
    for r in range(plan.replay_rounds):
        result = await rebuild_projection(AuditTrail(topic_prefix=settings.topic_prefix), settings,
                                          show_progress=False)
        if result["applied"] != published:
            raise RuntimeError(f"the rebuild applied {result['applied']} of {published} events: {result}")
        rebuilds.append(result)
        step.advance_to(r + 1)
        step.log(f"rebuild {r + 1}: {result['events_per_second']:,} events/s in {result['seconds']} s")
    median = sorted(rebuilds, key=lambda x: x["events_per_second"])[len(rebuilds) // 2]
    rate = median["events_per_second"]
    step.finish(f"done; {rate:,} ev/s")
    return Measured(rows=[Row("replay", f"audit rebuild of {published:,} events", rate, "ev/s", target=TARGET)],
                    details={"published": published, "median": median, "rebuilds": rebuilds})
