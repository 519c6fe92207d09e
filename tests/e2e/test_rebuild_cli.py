"""`shuangkong rebuild <service>` as an operator runs it beside the running system: it rebuilds
every read model of the service (the registry's inline ones from its own log, the audit trail
from Kafka), shows a progress bar, prints what it did and exits 0; history the projectors
refuse makes it exit 1 naming the event, with nothing swapped."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import asyncpg

from tests.e2e.test_cli import ROOT
from tests.integration import rebuild_dump
from tests.integration.audit.conftest import CODE, system, wait_for_entries  # noqa: F401 (fixture)
from tests.integration.service_client import token


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    """As tests/e2e/test_cli.py runs it, with room for a loaded machine (imports alone take seconds)."""
    return subprocess.run([sys.executable, "-m", "shuangkong", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=240)


async def test_rebuild_of_each_service_exits_0_with_the_same_model(system, database_url):  # noqa: F811
    settings, registry, audit = system
    admin = token(settings, None, "platform_admin")
    eid = (await registry.post("/enterprises", headers=admin, json={
        "name": "命令行重建公司", "credit_code": CODE, "industry": "工贸"})).json()["id"]
    officer = token(settings, eid, "safety_officer")
    for i in range(5):
        r = await registry.post(f"/enterprises/{eid}/org-units", headers=officer,
                                json={"kind": "department", "name": f"部门{i}"})
        assert r.status_code == 201, r.text
    await wait_for_entries(audit, eid, officer, 6)
    env = {"SK_DATABASE_URL": database_url, "SK_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
           "SK_TOPIC_PREFIX": settings.topic_prefix}
    conn = await asyncpg.connect(database_url)
    try:
        before = await rebuild_dump.rows(conn, "risk_registry")

        done = await asyncio.to_thread(cli, "rebuild", "risk_registry", **env)
        assert done.returncode == 0, done.stderr[-3000:]
        [result] = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
        assert result["projection"] == "risk_registry (inline)" and result["applied"] == 6
        assert "rebuild risk_registry (inline)" in done.stdout + done.stderr, "a progress bar was shown"
        assert await rebuild_dump.rows(conn, "risk_registry") == before

        trail = await asyncio.to_thread(cli, "rebuild", "audit", **env)
        assert trail.returncode == 0, trail.stderr[-3000:]
        assert '"applied": 6' in trail.stdout

        await conn.execute(  # a twin of the first department, as if stored before names were unique
            """INSERT INTO risk_registry.events (event_id, stream_id, version, type, schema_version, data, metadata)
               SELECT gen_random_uuid(), 'orgunit-twin', 1, type, schema_version,
                      jsonb_set(data, '{unit_id}', '"twin"'), metadata
               FROM risk_registry.events WHERE type LIKE '%.OrgUnitCreated' ORDER BY position LIMIT 1""")
        refused = await asyncio.to_thread(cli, "rebuild", "risk_registry", **env)
        assert refused.returncode == 1
        assert "orgunit-twin" in refused.stderr and "现有读模型未被替换" in refused.stderr
        assert await rebuild_dump.rows(conn, "risk_registry") == before
    finally:
        await conn.close()
