"""Measurement 1 — append throughput: events/s with 1, 8 and 32 concurrent writers, each on a
stream of its own, one event per append, for a fixed time.

- ours: `PostgresEventStore.append` on a pool from `libs.db.create_pool` (its jsonb codec,
  its search path), the way every service appends.
- raw asyncpg: the very statement the store runs (`libs.eventstore.postgres._APPEND_VERSIONS`)
  with the same arguments, straight on a plain asyncpg pool of the same size and the same release
  behaviour (no reset query), JSON serialised by hand: what the store costs on top of the
  database round trip.
- eventsourcing 9.5.6: its PostgreSQL application recorder (`bench.append_eventsourcing`).

Each implementation writes into a fresh schema of the same database, with the same payload
(`bench.workload`) and as many connections as writers, in turns, on the same server. Every case
runs in several rounds with the order of implementations rotating, and the median round counts:
on two cores the database's fsync time and the neighbours' CPU vary by 10–20 % between seconds.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from urllib.parse import unquote, urlsplit

import asyncpg

from bench.append_eventsourcing import measure_library
from bench.console import Step
from bench.memory import PeakMemory
from bench.plan import Plan
from bench.report import Measured, Row, Target
from bench.runtime import BenchRuntime
from bench.timing import Throughput, run_writers
from bench.workload import EVENT_TYPE, event_data, event_metadata, new_event, payload_bytes, to_json
from libs.db import create_pool, keep_session  # released as the store's pool does
from libs.eventstore import PostgresEventStore
from libs.eventstore.postgres import _APPEND_VERSIONS as _APPEND
from libs.eventstore.schema import create_event_store_schema

TARGET_WRITERS = 8
VS_RAW = Target("ratio", at_least=0.70, text="≥ 0.70× raw asyncpg")
VS_LIBRARY = Target("ratio", at_least=6.0, text="≥ 6× eventsourcing")


def _stream(writer: int) -> str:
    return f"orgunit-w{writer:03d}"


async def append_with_store(url: str, schema: str, writers: int, seconds: float) -> Throughput:
    await create_event_store_schema(url, schema)
    pool = await create_pool(url, schema, min_size=writers, max_size=writers)
    store = PostgresEventStore(pool)

    async def append_one(writer: int, version: int) -> int:
        return await store.append(_stream(writer), version, [new_event(writer, version + 1)])

    try:
        return await run_writers(writers, seconds, append_one)
    finally:
        await pool.close()


async def append_with_raw_asyncpg(url: str, schema: str, writers: int, seconds: float) -> Throughput:
    await create_event_store_schema(url, schema)
    pool = await asyncpg.create_pool(url, min_size=writers, max_size=writers, reset=keep_session,
                                     server_settings={"search_path": f"{schema},public"})

    async def append_one(writer: int, version: int) -> int:
        rows = await pool.fetch(_APPEND, _stream(writer), version, [uuid.uuid4()], [EVENT_TYPE], [1],
                                [to_json(event_data(writer, version + 1))], [to_json(event_metadata(writer))])
        if not rows:
            raise RuntimeError(f"{_stream(writer)} is not at version {version}")
        return version + 1

    try:
        return await run_writers(writers, seconds, append_one)
    finally:
        await pool.close()


async def append_with_library(runtime: BenchRuntime, url: str, schema: str, writers: int,
                              seconds: float) -> Throughput:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"')
    finally:
        await conn.close()
    where = urlsplit(url)  # the embedded cluster asks for a password (SCRAM): the library gets it too
    return await asyncio.to_thread(measure_library, host="127.0.0.1", port=runtime.postgres.port,
                                   user=unquote(where.username or "postgres"), password=unquote(where.password or ""),
                                   dbname=url.rsplit("/", 1)[-1], schema=schema, writers=writers, seconds=seconds)


IMPLEMENTATIONS = ("raw", "ours", "library")


def _schedule(plan: Plan) -> list[tuple[int, int, str]]:
    """(round, writers, implementation); the order of implementations rotates each round, so
    that none is always first after a writer-count change."""
    cases = []
    for r in range(plan.append_rounds):
        order = IMPLEMENTATIONS[r % 3:] + IMPLEMENTATIONS[:r % 3]
        cases += [(r, n, impl) for n in plan.writer_counts for impl in order]
    return cases


def _median(results: list[Throughput]) -> Throughput:
    return sorted(results, key=lambda t: t.per_second)[len(results) // 2]


async def measure(runtime: BenchRuntime, plan: Plan, step: Step) -> Measured:
    url = await runtime.create_database("bench_append")
    cases = _schedule(plan)
    rounds: dict[tuple[int, str], list[Throughput]] = {}
    step.say("starting", total=len(cases))
    peaks = PeakMemory("append load").watch("bench process (all writers)", os.getpid())
    peaks.watch("postgres", runtime.postgres_pid, tree=True)
    with peaks:
        for i, (r, writers, impl) in enumerate(cases):
            step.say(f"round {r + 1}/{plan.append_rounds}: {impl}, {writers} writers, {plan.append_seconds:.0f} s")
            schema = f"{impl}_{writers}_r{r}"
            if impl == "ours":
                result = await append_with_store(url, schema, writers, plan.append_seconds)
            elif impl == "raw":
                result = await append_with_raw_asyncpg(url, schema, writers, plan.append_seconds)
            else:
                result = await append_with_library(runtime, url, schema, writers, plan.append_seconds)
            rounds.setdefault((writers, impl), []).append(result)
            step.advance_to(i + 1)
            step.log(f"round {r + 1}, {impl:>7}, {writers:>2} writers: {result.per_second:,.0f} events/s")

    median = {case: _median(results) for case, results in rounds.items()}
    measured = Measured(memory=peaks.results())
    for writers in plan.writer_counts:
        ours = median[(writers, "ours")].per_second
        at_target = writers == TARGET_WRITERS
        measured.rows.append(Row("append", f"{writers} writers, ours vs raw asyncpg", ours, "ev/s",
                                 median[(writers, "raw")].per_second, "raw asyncpg",
                                 VS_RAW if at_target else None))
        measured.rows.append(Row("append", f"{writers} writers, ours vs eventsourcing", ours, "ev/s",
                                 median[(writers, "library")].per_second, "eventsourcing",
                                 VS_LIBRARY if at_target else None))
    measured.details = {
        "payload_bytes": payload_bytes(),
        "seconds_per_case": plan.append_seconds,
        "rounds": plan.append_rounds,
        "median": {f"{impl}/{writers}": t.summary() for (writers, impl), t in median.items()},
        "every_round": {f"{impl}/{writers}": [round(t.per_second) for t in results]
                        for (writers, impl), results in rounds.items()},
    }
    at_target = median.get((TARGET_WRITERS, "ours"))
    step.finish(f"done; {TARGET_WRITERS} writers: ours {at_target.per_second:,.0f} ev/s" if at_target else "done")
    return measured
