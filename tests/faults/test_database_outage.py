"""Stop PostgreSQL for a few seconds under load: the service answers 503 (never 500) while it is
down, reconnects by itself, and nothing it acknowledged is lost."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

import asyncpg
import httpx
import pytest

from libs.auth import issue_token
from libs.config import Settings
from libs.runtime.postgres import EmbeddedPostgres, discard
from libs.runtime.process import free_port
from libs.runtime.service_process import ServiceProcess, service_env


@pytest.fixture
def own_postgres():
    base = Path(tempfile.mkdtemp(prefix="sk-outage-"))
    pg = EmbeddedPostgres(base / "pg", free_port(), throwaway=True).start(log_path=str(base / "pg.log"))
    yield pg
    pg.stop()
    discard(pg.data_dir)
    shutil.rmtree(base, ignore_errors=True)


def bearer(**claims) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_token(Settings(), **claims)}


async def test_database_outage_gives_503_then_recovers_and_loses_nothing(own_postgres, runtime, topic_prefix,
                                                                        tmp_path):
    pg = own_postgres
    registry = ServiceProcess("risk_registry", service_env(pg.url, runtime.bootstrap, topic_prefix),
                              tmp_path / "registry.log")
    try:
        await _outage_under_load(registry.start(), pg)
    finally:
        registry.stop()


async def _outage_under_load(registry: ServiceProcess, pg: EmbeddedPostgres) -> None:
    admin = bearer(person_id="op", enterprise_id=None, roles=["platform_admin"])
    async with httpx.AsyncClient(base_url=registry.url, timeout=10) as api:
        eid = (await api.post("/enterprises", headers=admin, json={
            "name": "停库测试公司", "credit_code": "91350100M000100Y43", "industry": "工贸"})).json()["id"]
        officer = bearer(person_id="o", enterprise_id=eid, roles=["safety_officer"])
        acknowledged: list[str] = []
        statuses: list[int] = []
        stop = asyncio.Event()

        async def load(worker: int) -> None:
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    r = await api.post(f"/enterprises/{eid}/org-units", headers=officer,
                                       json={"kind": "department", "name": f"部门{worker}-{n}"})
                except httpx.HTTPError:
                    await asyncio.sleep(0.05)
                    continue
                statuses.append(r.status_code)
                if r.status_code == 201:
                    acknowledged.append(r.json()["id"])
                else:
                    await asyncio.sleep(0.05)

        workers = [asyncio.create_task(load(w)) for w in range(4)]
        await asyncio.sleep(1.0)
        await asyncio.to_thread(pg.stop)
        await asyncio.sleep(3.0)
        down_statuses = set(statuses)
        assert (await api.get("/readyz")).status_code == 503
        await asyncio.to_thread(pg.start)
        for _ in range(100):  # the pool reconnects on its own
            if (await api.get("/readyz")).status_code == 200:
                break
            await asyncio.sleep(0.1)
        before = len(acknowledged)
        await asyncio.sleep(1.5)
        stop.set()
        await asyncio.gather(*workers)

    assert 503 in down_statuses, "callers were told the service is unavailable"
    assert set(statuses) <= {201, 503}, f"never a 500: {sorted(set(statuses))}"
    assert len(acknowledged) > before, "writes succeed again after the database returns"
    conn = await asyncpg.connect(pg.url)
    stored = {r["id"] for r in await conn.fetch("SELECT id FROM risk_registry.org_units")}
    events = await conn.fetchval("SELECT count(*) FROM risk_registry.events WHERE type LIKE '%OrgUnitCreated'")
    await conn.close()
    assert set(acknowledged) <= stored, "nothing acknowledged is lost"
    assert events == len(stored)
