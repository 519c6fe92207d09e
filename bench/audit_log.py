"""Measurement 7 — audit_log: what the signed Merkle log costs the audit trail.

The same events (`bench.workload`, over its ten enterprises and 1,000 subjects) go into a fresh
audit schema the way the consumer puts them there — `apply_many` in one transaction per batch of
500, inbox included — three ways, in rotating order, each in several rounds (the median counts):

- unsealed: the trail alone (hash chains), as before the Merkle log;
- sealed per batch: after every batch the sealer seals each enterprise that grew (ten) — leaves placed,
  root extended from the kept frontier, head signed with Ed25519 and stored: the worst case, a seal
  interval shorter than a batch takes to arrive;
- sealed at 1 s: the sealer runs beside the consumer every second (the default is 60 s).

Publishing is left out (one Kafka send per interval, whatever the load). Also shown: Ed25519
signatures per second, and what a seal of 500 new entries costs on the logs of all the others —
the first one after a restart also rebuilds each log's frontier from its leaves.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from datetime import UTC, datetime

import asyncpg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench.console import Step
from bench.plan import Plan
from bench.report import Measured, Row, Target
from bench.runtime import BenchRuntime
from bench.workload import ENTERPRISES, EVENT_TYPE, enterprise_of, event_data
from libs.clock import SystemClock
from libs.cloudevent import InboundEvent
from libs.db import create_pool
from libs.migrations import upgrade_async
from libs.projection import apply_many
from services.audit.app import SPEC as AUDIT
from services.audit.domain.heads import Signer
from services.audit.projection import AuditTrail
from services.audit.sealer import Sealer

BATCH = 500
STREAMS = 1000
VS_UNSEALED = Target("ratio", at_least=0.80, text="≥ 0.80× unsealed")
CASES = ("unsealed", "sealed per batch", "sealed at 1 s")


def events(total: int) -> list[InboundEvent]:
    """`total` events as the consumer decodes them, each stream's in order, streams interleaved."""
    now = datetime.now(UTC)
    made = []
    for n in range(total):
        stream, version = n % STREAMS, n // STREAMS + 1
        made.append(InboundEvent(
            event_id=uuid.uuid4(), type=EVENT_TYPE, source="/shuangkong/risk_registry",
            subject=f"orgunit-u{stream:06d}", time=now, schema_version=1, stream_version=version,
            enterprise_id=enterprise_of(stream), actor="bench-officer", correlation_id=None, causation_id=None,
            traceparent=None, data=event_data(stream, version)))
    return made


async def ingest(url: str, case: str, batches: list[list[InboundEvent]], signer: Signer) -> float:
    """Entries per second for one case, into a fresh audit schema."""
    admin = await asyncpg.connect(url)
    await admin.execute("DROP SCHEMA IF EXISTS audit CASCADE")
    await admin.close()
    await upgrade_async(AUDIT.migrations, url, "audit")
    pool = await create_pool(url, "audit", max_size=4)
    trail = AuditTrail(topics=["-"])
    sealer = Sealer(pool, signer, SystemClock(), None, interval_s=1.0)
    beside = asyncio.create_task(sealer.run()) if case == "sealed at 1 s" else None
    try:
        started = time.perf_counter()
        for batch in batches:
            async with pool.acquire() as conn, conn.transaction():
                await apply_many(conn, trail, batch)
            if case == "sealed per batch":
                await sealer.seal_all()
        elapsed = time.perf_counter() - started
    finally:
        if beside is not None:
            beside.cancel()
            await asyncio.gather(beside, return_exceptions=True)
        await pool.close()
    return sum(len(b) for b in batches) / elapsed


async def seals(url: str, signer: Signer, batch: list[InboundEvent]) -> tuple[float, float, int]:
    """Milliseconds of a seal of `batch` (again, as new entries) onto the logs of everything before
    it: the first after a restart (each log's frontier rebuilt from all its leaves), and one more."""
    pool = await create_pool(url, "audit", max_size=2)
    trail = AuditTrail(topics=["-"])
    sealer = Sealer(pool, signer, SystemClock(), None, interval_s=1.0)
    timed = []
    try:
        for _ in range(2):
            async with pool.acquire() as conn, conn.transaction():
                await apply_many(conn, trail, [e._replace(event_id=uuid.uuid4()) for e in batch])
            started = time.perf_counter()
            signed = await sealer.seal_all()
            timed.append((time.perf_counter() - started) * 1000)
        return timed[0], timed[1], sum(h.tree_size for h in signed)
    finally:
        await pool.close()


def signatures_per_second(seconds: float = 0.5) -> float:
    key = Ed25519PrivateKey.generate()
    n, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        key.sign(b"shuangkong-audit-tree-head/v1\n" + str(n).encode())
        n += 1
    return n / (time.perf_counter() - started)


async def measure(runtime: BenchRuntime, plan: Plan, step: Step) -> Measured:
    url = await runtime.create_database("bench_audit_log")
    signer = Signer(Ed25519PrivateKey.generate())
    made = events(plan.audit_log_events)
    batches = [made[i:i + BATCH] for i in range(0, len(made), BATCH)]
    rates: dict[str, list[float]] = {case: [] for case in CASES}
    step.say("warming up (untimed)")
    await ingest(url, "sealed per batch", batches[:4], signer)  # connections, statements, the first key use
    step.say(f"{len(made):,} entries three ways", total=plan.audit_log_rounds * len(CASES))
    for r in range(plan.audit_log_rounds):
        for case in CASES[r % len(CASES):] + CASES[:r % len(CASES)]:  # the order rotates
            fresh = [[e._replace(event_id=uuid.uuid4()) for e in b] for b in batches]
            rates[case].append(await ingest(url, case, fresh, signer))
            step.advance_to(sum(len(v) for v in rates.values()))
            step.log(f"round {r + 1} {case}: {rates[case][-1]:,.0f} entries/s")
    median = {case: statistics.median(values) for case, values in rates.items()}
    restart_ms, seal_ms, tree_size = await seals(url, signer, batches[-1])
    signing = signatures_per_second()
    step.finish(f"unsealed {median['unsealed']:,.0f}/s, sealed per batch {median['sealed per batch']:,.0f}/s")
    base = median["unsealed"]
    rows = [Row("audit_log", f"entries into the trail, unsealed ({len(made):,})", base, "entries/s"),
            Row("audit_log", "entries, sealed and signed after every batch of 500 (worst case)",
                median["sealed per batch"], "entries/s", baseline=base, baseline_name="unsealed"),
            Row("audit_log", "entries, sealer every 1 s beside", median["sealed at 1 s"], "entries/s",
                baseline=base, baseline_name="unsealed", target=VS_UNSEALED),
            Row("audit_log", f"a seal of {BATCH} new entries into {ENTERPRISES} logs of {tree_size:,} in all",
                seal_ms, "ms"),
            Row("audit_log", "the same, first after a restart (frontiers rebuilt from the leaves)", restart_ms, "ms"),
            Row("audit_log", "Ed25519 signatures", signing, "signatures/s")]
    return Measured(rows=rows, details={"rates": rates, "median": median, "seal_ms": seal_ms, "restart_ms": restart_ms,
                                        "tree_size": tree_size, "signatures_per_second": signing})
