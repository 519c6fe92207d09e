"""Measurement 4 — end to end: an HTTP command until its audit entry is visible, at a steady
rate, through real service processes.

The risk registry and the audit service run as child processes (`python -m shuangkong serve`),
on the bench's PostgreSQL and broker. The client registers an enterprise, then sends
`POST /enterprises/{id}/org-units` on a fixed schedule (open loop: a slow answer does not delay
the next command). A watcher LISTENs for a NOTIFY that a trigger sends per new row of
`audit.audit_entries`, delivered when the audit transaction commits, and stamps it on arrival;
latency = that stamp − the client's clock just before sending, on the same machine clock. The
row's own `recorded_at` (PostgreSQL `now()`, the start of the audit transaction) gives a lower
bound, kept in the JSON details.

Peak memory of every process is sampled while the load runs.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import asyncpg
import httpx

from bench.console import Step
from bench.memory import PeakMemory
from bench.plan import Plan
from bench.report import Measured, Row, Target, percentile
from bench.runtime import BenchRuntime
from libs.auth import issue_token
from libs.collector import quiet_collector
from libs.config import Settings
from libs.runtime.service_process import ServiceProcess, service_env

TARGET_P99 = Target("value", at_most=150.0, text="p99 ≤ 150 ms")
CREDIT_CODE = "91350100M000100Y43"
WARM_UP_COMMANDS = 10
DRAIN_S = 15.0


@dataclass
class Command:
    subject: str
    sent_at: float  # time.time() just before the request
    answered_at: float
    status: int


class AuditWatcher:
    """Listens for new audit entries; remembers when each subject's first entry became visible.

    A trigger the bench adds to `audit.audit_entries` sends a NOTIFY per row, which PostgreSQL
    delivers when the audit transaction commits — the moment the entry is visible to readers.
    Polling instead would put a query every few milliseconds on the two cores it measures."""

    def __init__(self, url: str) -> None:
        self._url = url
        self.seen: dict[str, tuple[float, float]] = {}  # subject -> (seen at, recorded_at)
        self._new_rows = asyncio.Event()
        self._conn: asyncpg.Connection | None = None

    async def start(self) -> None:
        self._conn = await asyncpg.connect(self._url)
        await self._conn.execute(NOTIFY_TRIGGER)
        await self._conn.add_listener(CHANNEL, self._notified)
        for row in await self._conn.fetch("SELECT subject, recorded_at FROM audit.audit_entries"):
            self._saw(row["subject"], row["recorded_at"].timestamp(), time.time())

    async def stop(self) -> None:
        if self._conn is not None:
            await self._conn.close()

    def _notified(self, _conn, _pid, _channel, payload: str) -> None:
        now = time.time()
        subject, _, recorded_at = payload.rpartition(" ")
        self._saw(subject, float(recorded_at), now)

    def _saw(self, subject: str, recorded_at: float, now: float) -> None:
        self.seen.setdefault(subject, (now, recorded_at))
        self._new_rows.set()

    async def wait_for(self, subjects: list[str], seconds: float) -> bool:
        """True once every subject was seen; False if `seconds` pass first."""
        try:
            async with asyncio.timeout(seconds):
                while not all(s in self.seen for s in subjects):
                    self._new_rows.clear()
                    await self._new_rows.wait()
        except TimeoutError:
            return False
        return True


CHANNEL = "bench_audit_entries"
NOTIFY_TRIGGER = f"""
CREATE OR REPLACE FUNCTION audit.bench_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', NEW.subject || ' ' || extract(epoch FROM NEW.recorded_at));
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER bench_notify AFTER INSERT ON audit.audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit.bench_notify();
"""


def bearer(settings: Settings, enterprise_id: str | None, role: str, person: str) -> dict[str, str]:
    token = issue_token(settings, person_id=person, enterprise_id=enterprise_id, roles=[role])
    return {"Authorization": f"Bearer {token}"}


async def create_org_unit(client: httpx.AsyncClient, enterprise_id: str, headers: dict, n: int) -> Command:
    sent_at = time.time()
    response = await client.post(f"/enterprises/{enterprise_id}/org-units", headers=headers,
                                 json={"kind": "department", "name": f"部门{n:05d}"})
    answered_at = time.time()
    subject = f"orgunit-{response.json()['id']}" if response.status_code == 201 else ""
    return Command(subject, sent_at, answered_at, response.status_code)


async def steady_load(client: httpx.AsyncClient, enterprise_id: str, headers: dict, rate: float,
                      seconds: float, step: Step, first: int) -> list[Command]:
    """Open loop: command i leaves at start + i/rate whether or not earlier ones were answered."""
    total = int(rate * seconds)
    step.say(f"{rate:.0f} commands/s for {seconds:.0f} s", total=total)
    started = time.monotonic()
    in_flight = []
    for i in range(total):
        await asyncio.sleep(max(0.0, started + i / rate - time.monotonic()))
        in_flight.append(asyncio.create_task(create_org_unit(client, enterprise_id, headers, first + i)))
        step.advance_to(i + 1)
    return list(await asyncio.gather(*in_flight))


async def measure(runtime: BenchRuntime, plan: Plan, step: Step) -> Measured:
    url = await runtime.create_database("bench_e2e")
    env = service_env(url, runtime.bootstrap, "bench-e2e.")
    registry = ServiceProcess("risk_registry", env, runtime.log_dir / "risk_registry.log")
    audit = ServiceProcess("audit", env, runtime.log_dir / "audit.log")
    settings = Settings()
    watcher = AuditWatcher(url)
    try:
        step.say("starting risk_registry and audit")
        registry.start(wait=False)
        audit.start(wait=False)
        await asyncio.to_thread(registry.wait_ready)
        await asyncio.to_thread(audit.wait_ready)
        async with httpx.AsyncClient(base_url=registry.url, timeout=30) as client:
            admin = bearer(settings, None, "platform_admin", "bench-operator")
            r = await client.post("/enterprises", headers=admin,
                                  json={"name": "基准测试化工有限公司", "credit_code": CREDIT_CODE, "industry": "工贸"})
            r.raise_for_status()
            enterprise_id = r.json()["id"]
            officer = bearer(settings, enterprise_id, "safety_officer", "bench-officer")
            await watcher.start()
            step.say("waiting for the pipeline (consumer group join, first entries)")
            if not await watcher.wait_for([f"enterprise-{enterprise_id}"], seconds=60):
                raise TimeoutError(f"the enterprise never reached the audit trail; see {runtime.log_dir}")
            warm = [await create_org_unit(client, enterprise_id, officer, n) for n in range(WARM_UP_COMMANDS)]
            await watcher.wait_for([c.subject for c in warm], seconds=30)

            peaks = PeakMemory("end-to-end load, 50/s")
            peaks.watch("risk_registry", registry.pid).watch("audit", audit.pid)
            peaks.watch("postgres", runtime.postgres_pid, tree=True).watch("tansu broker", runtime.broker_pid)
            # this process holds every module of the bench; a full collection over them stalled its
            # loop ~200 ms, sending ten commands late at once and reading their answers late
            with peaks, quiet_collector():
                commands = await steady_load(client, enterprise_id, officer, plan.end_to_end_rate,
                                             plan.end_to_end_seconds, step, first=WARM_UP_COMMANDS)
                step.say("waiting for the last audit entries")
                await watcher.wait_for([c.subject for c in commands if c.subject], seconds=DRAIN_S)
    finally:
        await watcher.stop()
        registry.stop()
        audit.stop()

    accepted = [c for c in commands if c.status == 201]
    arrived = [c for c in accepted if c.subject in watcher.seen]
    seen_ms = [(watcher.seen[c.subject][0] - c.sent_at) * 1000 for c in arrived]
    recorded_ms = [(watcher.seen[c.subject][1] - c.sent_at) * 1000 for c in arrived]
    answer_ms = [(c.answered_at - c.sent_at) * 1000 for c in accepted]
    p50, p99 = percentile(seen_ms, 50), percentile(seen_ms, 99)
    rate = plan.end_to_end_rate
    missing = len(commands) - len(arrived)
    rows = [Row("end to end", f"p50 command → audit entry @ {rate:.0f}/s", p50, "ms"),
            Row("end to end", f"p99 command → audit entry @ {rate:.0f}/s", p99, "ms", target=TARGET_P99)]
    if missing:
        rows.append(Row("end to end", "commands refused or never audited", missing, "",
                        target=Target("value", at_most=0, text="none")))
    step.finish(f"done; p50 {p50:.0f} ms, p99 {p99:.0f} ms" if arrived else "done; nothing arrived")
    return Measured(rows=rows, memory=peaks.results(), details={
        "rate_per_second": rate, "seconds": plan.end_to_end_seconds, "commands": len(commands),
        "accepted": len(accepted), "audited": len(arrived),
        "seen_ms": {"p50": p50, "p90": percentile(seen_ms, 90), "p99": p99, "max": max(seen_ms, default=None)},
        "recorded_at_ms": {"p50": percentile(recorded_ms, 50), "p99": percentile(recorded_ms, 99)},
        "http_answer_ms": {"p50": percentile(answer_ms, 50), "p99": percentile(answer_ms, 99)},
        "service_logs": str(runtime.log_dir),
    })
