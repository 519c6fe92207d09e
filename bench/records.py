"""Measurement 10 — check records with photos through the gateway (issue 12's fourth case).

Inspection and the gateway run as child processes (`python -m shuangkong serve`, the gateway routed
to inspection as the supervisor routes it), on the bench's PostgreSQL and broker. Open occurrences,
one per record, are written beforehand on inspection's own store (its repositories, its inline read
models) in the bench process: windows open now, so a record made now is on time. Then
`records_clients` clients, each in a loop: upload a photo (a real JPEG of ~`JPEG_BYTES`, multipart,
`POST …/photos`) and post a record naming it (`POST …/check-records`); one record = both answered
201. Records/s = records ÷ the wall time of the run; latency = the pair's.

Baselines from the same run, on the same processes: the same through the gateway without a photo
(the photo's share), and the same with a photo straight to inspection (the gateway's share).
"""

from __future__ import annotations

import asyncio
import io
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from PIL import Image

from bench.console import Step
from bench.end_to_end import bearer
from bench.plan import Plan
from bench.report import Measured, Row, percentile
from bench.runtime import BenchRuntime
from libs.clock import SystemClock
from libs.config import Settings
from libs.db import create_pool
from libs.eventstore import PostgresEventStore
from libs.repository import CommandContext
from libs.runtime.service_process import ServiceProcess, service_env
from services.inspection import bootstrap
from services.inspection.app import SPEC as INSPECTION
from services.inspection.domain.cycles import Window
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.task import CheckTask, MeasureFacts, task_id_for

ENTERPRISE = "bench-records"
SHANGHAI = ZoneInfo("Asia/Shanghai")
WAYS = ("gateway, with a photo", "gateway, no photo", "direct, with a photo")


def jpeg(side: int = 240) -> bytes:
    """A real photo-like JPEG (noise compresses as a photo does, not as a flat colour)."""
    rng = random.Random(12)
    image = Image.frombytes("RGB", (side, side), bytes(rng.getrandbits(8) for _ in range(side * side * 3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


async def open_occurrences(url: str, count: int) -> list[str]:
    """`count` tasks, each with one occurrence whose window opened an hour ago."""
    pool = await create_pool(url, "inspection", max_size=4)
    try:
        store = PostgresEventStore(pool, INSPECTION.inline_projections)
        wired = bootstrap.postgres(pool, store, SystemClock())
        ctx = CommandContext("system:bench", ENTERPRISE, "bench-records")
        start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
        ids = []
        for i in range(count):
            task = CheckTask(task_id_for(f"{ENTERPRISE}-m{i}"))
            task.follow(MeasureFacts(f"{ENTERPRISE}-m{i}", ENTERPRISE, "2", "检查温度联锁投用状态", "post-1"))
            await wired.tasks.save(task, ctx)
            occurrence = Occurrence.issue(enterprise_id=ENTERPRISE, task_id=task.id,
                                          window=Window(start, start + timedelta(hours=8)), post_ids=["post-1"],
                                          person_ids=[], at=start)
            await wired.occurrences.occurrences.save(occurrence, ctx)
            ids.append(occurrence.id)
        return ids
    finally:
        await pool.close()


async def one_record(client: httpx.AsyncClient, prefix: str, headers: dict, occurrence_id: str,
                     photo: bytes | None) -> float:
    """Seconds for the photo's upload and the record naming it (both 201, or it raises)."""
    started = time.perf_counter()
    photo_ids = []
    if photo is not None:
        up = await client.post(f"{prefix}/enterprises/{ENTERPRISE}/photos", headers=headers,
                               files={"file": ("现场.jpg", photo, "image/jpeg")})
        if up.status_code != 201:
            raise RuntimeError(f"photo upload answered {up.status_code}: {up.text[:200]}")
        photo_ids = [up.json()["photo_id"]]
    made_at = datetime.now(SHANGHAI).replace(tzinfo=None, microsecond=0).isoformat()
    r = await client.post(f"{prefix}/enterprises/{ENTERPRISE}/check-records", headers=headers, json={
        "client_id": str(uuid.uuid4()), "occurrence_id": occurrence_id, "made_at": made_at,
        "items": [{"item_id": "1", "abnormal": False}], "photo_ids": photo_ids,
        "create_by_mobile": "13900000001", "mobile_me": "IMEI-8613"})
    if r.status_code != 201:
        raise RuntimeError(f"record answered {r.status_code}: {r.text[:200]}")
    return time.perf_counter() - started


async def run_clients(base: str, prefix: str, headers: dict, occurrences: list[str], clients: int,
                      photo: bytes | None, step: Step) -> tuple[float, list[float]]:
    """(wall seconds, each record's seconds): `clients` loops over their share of `occurrences`."""
    todo = iter(occurrences)
    latencies: list[float] = []

    async def client_loop(client: httpx.AsyncClient) -> None:
        for occurrence_id in todo:  # one shared iterator: each occurrence once
            latencies.append(await one_record(client, prefix, headers, occurrence_id, photo))
            step.advance_to(len(latencies))

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
        return time.perf_counter() - started, latencies


async def measure(runtime: BenchRuntime, plan: Plan, step: Step) -> Measured:
    url = await runtime.create_database("bench_records")
    env = service_env(url, runtime.bootstrap, "bench-records.", SK_BLOB_DIR=str(runtime.base_dir / "blobs"))
    inspection = ServiceProcess("inspection", env, runtime.log_dir / "inspection.log")
    gateway = ServiceProcess("gateway", {k: v for k, v in env.items() if k != "SK_DATABASE_URL"},
                             runtime.log_dir / "gateway.log")
    per_way, warm = plan.records_per_way, 20
    photo, results = jpeg(), {}
    try:
        step.say("starting inspection")
        inspection.start()
        gateway.start(SK_GATEWAY_ROUTES=f"inspection={inspection.url}")
        step.say(f"opening {len(WAYS) * per_way + warm:,} occurrences", total=None)
        occurrences = await open_occurrences(url, len(WAYS) * per_way + warm)
        headers = bearer(Settings(), ENTERPRISE, "worker", "worker-1")
        ways = {WAYS[0]: (gateway.url, "/inspection", photo), WAYS[1]: (gateway.url, "/inspection", None),
                WAYS[2]: (inspection.url, "", photo)}
        await run_clients(gateway.url, "/inspection", headers, occurrences[:warm], 4, photo, step)  # warm up
        for n, (way, (base, prefix, sent)) in enumerate(ways.items()):
            share = occurrences[warm + n * per_way: warm + (n + 1) * per_way]
            step.say(f"{way}: {per_way:,} records, {plan.records_clients} clients", total=per_way)
            wall, latencies = await run_clients(base, prefix, headers, share, plan.records_clients, sent, step)
            results[way] = {"per_second": len(latencies) / wall, "p50": percentile([x * 1000 for x in latencies], 50),
                            "p99": percentile([x * 1000 for x in latencies], 99), "records": len(latencies)}
            step.log(f"{way}: {results[way]['per_second']:.0f} records/s, p50 {results[way]['p50']:.0f} ms, "
                     f"p99 {results[way]['p99']:.0f} ms")
    finally:
        gateway.stop()
        inspection.stop()
    ours, bare, direct = (results[w] for w in WAYS)
    step.finish(f"{ours['per_second']:.0f} records/s with a photo through the gateway")
    c = plan.records_clients
    rows = [Row("records", f"check records with a {len(photo) // 1024} KB photo through the gateway, {c} clients",
                ours["per_second"], "/s", baseline=bare["per_second"], baseline_name="no photo"),
            Row("records", "the same", ours["per_second"], "/s", baseline=direct["per_second"],
                baseline_name="direct to inspection")]
    rows += [Row("records", f"upload + record, {q}", ours[q], "ms", baseline=bare[q], baseline_name="no photo")
             for q in ("p50", "p99")]
    rows += [Row("records", f"upload + record, {q}", ours[q], "ms", baseline=direct[q],
                 baseline_name="direct to inspection") for q in ("p50", "p99")]
    return Measured(rows=rows, details={"results": results, "photo_bytes": len(photo), "clients": c,
                                        "service_logs": str(runtime.log_dir)})
