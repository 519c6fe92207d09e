"""Measurement 8 — deadlines: inspection's 临期 and 超期 at scale (issue 12).

`deadline_open` open occurrences (100k by default, the issue's 1M with `--scale issue`) are seeded
by COPY (bench/deadline_seed.py) into one database, copied as a template for each way of firing
them (bench/deadline_firing.py), so both start from the same rows:

- nothing due (the clock an hour before): for `deadline_idle_seconds`, the queries each way makes
  per minute, and its CPU share — the bench process's CPU time over the wall time, and the same
  for all of PostgreSQL's processes;
- `deadline_due` of them (10k) due at one instant: from that instant to the commit of each one's
  临期 or 超期 event, and to its being readable on the broker (the outbox relay publishing, a
  consumer stamping: bench/deadline_kafka.py), p50, p99 and max; every event is then counted in
  the log.

The scheduler is the service's (`DeadlineScheduler` on `PostgresDeadlines`, defaults: 100 a claim
fired as one, a pass a second when idle, or sooner at the next deadline's time: each idle pass is
a claim and a probe of the next due time, both counted as queries); the baseline scans every open
occurrence every second. Informative beside them: two such schedulers side by side on the 10k
(what a second instance does), and the scheduler firing one deadline at a time, as before claims
were fired as one (decision 53).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import timedelta

import asyncpg
import psutil

from bench.console import Step
from bench.deadline_firing import NaiveScan, OneAtATime, SchedulerPair, ShiftedClock, Stamps, TimedScheduler
from bench.deadline_kafka import OnKafka
from bench.deadline_seed import DUE, seed
from bench.plan import Plan
from bench.report import Measured, Row, percentile
from bench.runtime import BenchRuntime
from libs.db import create_pool
from libs.deadlines import PostgresDeadlines
from libs.eventstore import PostgresEventStore
from services.inspection import bootstrap
from services.inspection.app import SPEC as INSPECTION
from services.inspection.application.occurrence_deadlines import deadline_handlers

WAYS = ("scheduler", "naive scan", "two schedulers", "one at a time")
Firing = TimedScheduler | NaiveScan | SchedulerPair
LATENCIES = ("p50", "p99", "max", "kafka_p50", "kafka_p99", "kafka_max")
KAFKA_WAIT_S = 120.0  # after the last commit, for the relay to have published every fired event
LEAD_S = 1.5  # the clock reaches DUE this long after the firing way starts
FIRED = """SELECT count(*) FROM inspection.events WHERE type IN ('shuangkong.inspection.OccurrenceBecameImminent',
           'shuangkong.inspection.OccurrenceMissed') AND metadata->>'actor' = 'deadline-scheduler'"""


def _cpu(pid: int) -> float:
    tree = psutil.Process(pid)
    total = 0.0
    for proc in [tree, *tree.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


async def _copy(runtime: BenchRuntime, template: str, name: str) -> str:
    conn = await asyncpg.connect(runtime.postgres.url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        await conn.close()
    return runtime.postgres.url_for(name)


async def _watch_idle(firing: Firing, runtime: BenchRuntime, seconds: float) -> dict:
    running = asyncio.create_task(firing.run())
    cpu, pg, wall = time.thread_time(), _cpu(runtime.postgres_pid), time.perf_counter()
    await asyncio.sleep(seconds)
    wall = time.perf_counter() - wall
    idle = {"queries_per_minute": firing.stamps.queries * 60 / wall,
            "cpu_share": (time.thread_time() - cpu) / wall,
            "postgres_cpu_share": (_cpu(runtime.postgres_pid) - pg) / wall}
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)
    return idle


async def _fire_due(firing: Firing, due: int, step: Step) -> None:
    running = asyncio.create_task(firing.run())
    while firing.stamps.fired < due and not running.done():
        await asyncio.sleep(0.2)
        step.advance_to(firing.stamps.fired)
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)


async def _drop(runtime: BenchRuntime, name: str) -> None:
    conn = await asyncpg.connect(runtime.postgres.url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        await conn.close()


def _median(rounds: list[dict]) -> dict:
    """Each latency's median over the rounds; the idle numbers of the first (only it watches idle)."""
    return {"idle": rounds[0]["idle"], **{q: statistics.median(r[q] for r in rounds) for q in LATENCIES}}


async def _run(way: str, url: str, runtime: BenchRuntime, plan: Plan, step: Step, quiet: float) -> dict:
    """One way on its own copy: watched idle for `quiet` seconds (none: 0), then the due at once."""
    pool = await create_pool(url, "inspection", max_size=6)
    on_kafka = OnKafka(runtime.bootstrap, url, url.rsplit("/", 1)[-1])
    store = PostgresEventStore(pool, INSPECTION.inline_projections, on_append=on_kafka.wake)
    clock = ShiftedClock(DUE - timedelta(hours=1))
    handlers = deadline_handlers(bootstrap.postgres(pool, store, clock).occurrences)
    firing: Firing
    if way == "scheduler":
        firing = TimedScheduler(PostgresDeadlines(pool), store, handlers, clock, service="bench", wake=on_kafka.wake)
        firing.stamps = Stamps()
    elif way == "one at a time":
        firing = OneAtATime(PostgresDeadlines(pool), store, handlers, clock, service="bench", wake=on_kafka.wake)
        firing.stamps = Stamps()
    elif way == "two schedulers":
        firing = SchedulerPair(*(TimedScheduler(PostgresDeadlines(pool), store, handlers, clock, service="bench",
                                                wake=on_kafka.wake) for _ in range(2)))
    else:
        firing = NaiveScan(pool, store, handlers, clock, wake=on_kafka.wake)
    try:
        idle = None
        if quiet:
            step.say(f"{way}: nothing due for {quiet:.0f} s")
            idle = await _watch_idle(firing, runtime, quiet)
        firing.stamps = Stamps()
        await on_kafka.start(pool)  # after the idle watch: the relay's polling is not the scheduler's cost
        clock.reset(DUE - timedelta(seconds=LEAD_S))
        due_at = clock.real(DUE)
        step.say(f"{way}: {plan.deadline_due:,} due at once", total=plan.deadline_due)
        await _fire_due(firing, plan.deadline_due, step)
        await on_kafka.wait_for(plan.deadline_due, KAFKA_WAIT_S)
        await on_kafka.stop()
        if len(on_kafka.arrivals) < plan.deadline_due:
            raise AssertionError(f"{way}: {len(on_kafka.arrivals)} 临期/超期 events on Kafka after {KAFKA_WAIT_S} s, "
                                 f"{plan.deadline_due} expected")
        on_topic = on_kafka.latencies_ms(due_at)
        logged = await pool.fetchval(FIRED)
        if logged != plan.deadline_due:
            raise AssertionError(f"{way}: {logged} 临期/超期 events in the log, {plan.deadline_due} expected")
        latencies = firing.stamps.latencies_ms(due_at)
        watched = f"; idle {idle['queries_per_minute']:.0f} queries/min, CPU {idle['cpu_share']:.1%}" if idle else ""
        step.log(f"{way}: due → committed p50 {percentile(latencies, 50):.0f} ms, max {max(latencies):.0f} ms; "
                 f"→ on Kafka p50 {percentile(on_topic, 50):.0f} ms, max {max(on_topic):.0f} ms{watched}")
        return {"idle": idle, "p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
                "max": max(latencies), "kafka_p50": percentile(on_topic, 50), "kafka_p99": percentile(on_topic, 99),
                "kafka_max": max(on_topic), "queries_while_firing": firing.stamps.queries}
    finally:
        await on_kafka.stop()
        await pool.close()


async def measure(runtime: BenchRuntime, plan: Plan, step: Step) -> Measured:
    template = "bench_deadlines_seed"
    url = await runtime.create_database(template)
    step.say(f"seeding {plan.deadline_open:,} open occurrences (COPY)", total=plan.deadline_open)
    started = time.perf_counter()
    await seed(url, plan.deadline_open, plan.deadline_due, step.advance_to)
    seeded_s = time.perf_counter() - started
    results: dict[str, list[dict]] = {way: [] for way in WAYS}
    for r in range(plan.deadline_rounds):
        for way in WAYS[r % len(WAYS):] + WAYS[:r % len(WAYS)]:  # the order rotates: the load beside moves
            copy = f"bench_deadlines_{r}_{WAYS.index(way)}"
            quiet = plan.deadline_idle_seconds if r == 0 and way in ("scheduler", "naive scan") else 0.0
            results[way].append(await _run(way, await _copy(runtime, template, copy), runtime, plan, step, quiet))
            await _drop(runtime, copy)
    ours, naive, pair, alone = (_median(results[way]) for way in WAYS)
    step.finish(f"p99 {ours['p99']:,.0f} ms (scan {naive['p99']:,.0f} ms); idle CPU {ours['idle']['cpu_share']:.1%}")
    due, n = f"{plan.deadline_due:,}", f"{plan.deadline_open:,}"
    scan = "naive scan"
    rows = [Row("deadlines", f"{due} of {n} open due at once: due → 临期/超期 committed, {q}", ours[q], "ms",
                baseline=naive[q], baseline_name=scan) for q in ("p50", "p99", "max")]
    rows += [Row("deadlines", f"{due} of {n} open due at once: due → readable on Kafka, {q}", ours[f"kafka_{q}"],
                 "ms", baseline=naive[f"kafka_{q}"], baseline_name=scan) for q in ("p50", "p99", "max")]
    rows += [Row("deadlines", f"{due} due at once, the scheduler: due → on Kafka, {q} (beside due → committed)",
                 ours[f"kafka_{q}"], "ms", baseline=ours[q], baseline_name="committed") for q in ("p50", "max")]
    rows.append(Row("deadlines", f"{due} due at once: fired per second (due → the last committed)",
                    plan.deadline_due / ours["max"] * 1000, "/s", baseline=plan.deadline_due / naive["max"] * 1000,
                    baseline_name=scan))
    rows += [Row("deadlines", f"{due} due at once: due → committed, {q}", ours[q], "ms", baseline=alone[q],
                 baseline_name="one at a time (before 53)") for q in ("p50", "max")]
    rows += [Row("deadlines", f"{due} due at once, two schedulers side by side: {q}", pair[q], "ms",
                 baseline=ours[q], baseline_name="one scheduler") for q in ("p50", "max")]
    rows += [Row("deadlines", f"nothing due ({n} open): queries per minute", ours["idle"]["queries_per_minute"],
                 "/min", baseline=naive["idle"]["queries_per_minute"], baseline_name=scan),
             Row("deadlines", "nothing due: CPU share, the scheduler's thread", ours["idle"]["cpu_share"] * 100, "%",
                 baseline=naive["idle"]["cpu_share"] * 100, baseline_name=scan),
             Row("deadlines", "nothing due: CPU share of PostgreSQL", ours["idle"]["postgres_cpu_share"] * 100, "%",
                 baseline=naive["idle"]["postgres_cpu_share"] * 100, baseline_name=scan)]
    return Measured(rows=rows, details={"results": results, "seeded_s": seeded_s, "open": plan.deadline_open,
                                        "due": plan.deadline_due})
