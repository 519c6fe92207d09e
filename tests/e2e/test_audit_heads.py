"""`shuangkong audit-verify --against-heads` as a regulator runs it: with the log's public key and the
heads it published (a file exported from the API, or the heads topic itself) it says the trail only
grew; after the trail is rolled back to an earlier state — which the database alone cannot tell —
it says so, in Chinese, and exits 1."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import asyncpg

from tests.e2e.test_cli import ROOT
from tests.integration.audit.conftest import LOG_TABLES, backed_up_then_grown, registered, system  # noqa: F401 (fixture)
from tests.integration.service_client import token


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shuangkong", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=240)


async def test_a_regulator_checks_the_trail_against_the_published_heads(system, database_url, tmp_path):  # noqa: F811
    settings, registry, audit = system
    admin = token(settings, None, "platform_admin")
    eid = await registered(registry, admin, "监管核查公司")
    officer = token(settings, eid, "safety_officer")
    regulator = token(settings, None, "regulator", jurisdiction=(eid,))
    unit = (await registry.post(f"/enterprises/{eid}/org-units", headers=officer,
                                json={"kind": "department", "name": "生产部"})).json()["id"]
    conn = await asyncpg.connect(database_url)
    await backed_up_then_grown(conn, registry, audit, database_url, eid, officer, unit)

    key = tmp_path / "audit-public.pem"
    key.write_text((await audit.get("/signing-key", headers=regulator)).json()["public_key_pem"])
    heads = tmp_path / "heads.jsonl"
    heads.write_bytes((await audit.get(f"/enterprises/{eid}/tree-heads/export", headers=regulator)).content)
    env = {"SK_DATABASE_URL": database_url, "SK_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
           "SK_TOPIC_PREFIX": settings.topic_prefix, "SK_AUDIT_SIGNING_KEY_FILE": str(tmp_path / "none.key")}

    for source in (str(heads), "topic"):
        good = await asyncio.to_thread(cli, "audit-verify", "--against-heads", source, "--public-key", str(key),
                                       "--enterprise", eid, **env)
        assert good.returncode == 0, good.stdout + good.stderr
        assert "只增未改" in good.stdout and "最新规模 3" in good.stdout and "审计链完整" in good.stdout

    async with conn.transaction():  # the whole trail back to the backup, as someone with the tables could
        await conn.execute("SET LOCAL session_replication_role = replica")
        for table in LOG_TABLES:
            await conn.execute(f"DELETE FROM audit.{table}")
            await conn.execute(f"INSERT INTO audit.{table} OVERRIDING SYSTEM VALUE SELECT * FROM backup.{table}")
    await conn.close()

    alone = await asyncio.to_thread(cli, "audit-verify", "--enterprise", eid, "--public-key", str(key), **env)
    assert alone.returncode == 0 and "审计链完整" in alone.stdout, "the database alone cannot tell"
    for source in (str(heads), "topic"):
        caught = await asyncio.to_thread(cli, "audit-verify", "--against-heads", source, "--public-key", str(key),
                                         **env)
        assert caught.returncode == 1, caught.stdout + caught.stderr
        assert "审计记录与已发布的树头不符" in caught.stdout and "回滚" in caught.stdout

    no_key = await asyncio.to_thread(cli, "audit-verify", "--against-heads", str(heads), **env)
    assert no_key.returncode == 2 and "--public-key" in no_key.stderr
    unreadable = tmp_path / "not-heads.jsonl"
    unreadable.write_text("{}\n")
    bad = await asyncio.to_thread(cli, "audit-verify", "--against-heads", str(unreadable), "--public-key", str(key),
                                  **env)
    assert bad.returncode == 1 and "无法读取" in bad.stdout
