"""The `shuangkong` command line as an operator uses it: tokens, and verifying the audit trail."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import asyncpg
import jwt

from libs.config import DEV_JWT_KEY
from tests.integration.audit.conftest import CODE, system, wait_for_entries  # noqa: F401 (fixture)
from tests.integration.service_client import token

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shuangkong", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)


def test_dev_tokens_only_in_dev_mode():
    ok = cli("token", "--enterprise", "e1", "--role", "safety_officer", "--person", "p1", SK_DEV_MODE="true")
    assert ok.returncode == 0
    claims = jwt.decode(ok.stdout.strip(), DEV_JWT_KEY, algorithms=["HS256"], issuer="shuangkong")
    assert (claims["sub"], claims["ent"], claims["roles"]) == ("p1", "e1", ["safety_officer"])

    refused = cli("token", "--role", "worker", SK_DEV_MODE="false", SK_JWT_KEY="")
    assert refused.returncode == 2 and "SK_JWT_KEY" in refused.stderr
    dev_key_in_production = cli("token", "--role", "worker", SK_DEV_MODE="false", SK_JWT_KEY=DEV_JWT_KEY)
    assert dev_key_in_production.returncode == 2 and "refused" in dev_key_in_production.stderr
    key = "k" * 48
    configured = cli("token", "--role", "worker", SK_DEV_MODE="false", SK_JWT_KEY=key)
    assert jwt.decode(configured.stdout.strip(), key, algorithms=["HS256"], issuer="shuangkong")["roles"] == ["worker"]
    assert cli("token", "--role", "boss").returncode != 0


async def test_audit_verify_names_the_first_broken_link(system, database_url):  # noqa: F811
    settings, registry, audit = system
    admin = token(settings, None, "platform_admin")
    eid = (await registry.post("/enterprises", headers=admin, json={
        "name": "命令行校验公司", "credit_code": CODE, "industry": "工贸"})).json()["id"]
    officer = token(settings, eid, "safety_officer")
    await registry.post(f"/enterprises/{eid}/org-units", headers=officer, json={"kind": "department", "name": "甲"})
    await wait_for_entries(audit, eid, officer, 2)
    env = {"SK_DATABASE_URL": database_url}
    good = await asyncio.to_thread(cli, "audit-verify", **env)
    assert good.returncode == 0 and "审计链完整" in good.stdout
    conn = await asyncpg.connect(database_url)
    seq = await conn.fetchval("SELECT seq FROM audit.audit_entries WHERE event_type LIKE '%OrgUnitCreated'")
    await conn.execute("SET session_replication_role = replica")  # a superuser past the append-only guard
    await conn.execute("UPDATE audit.audit_entries SET actor = 'someone-else' WHERE seq = $1", seq)
    await conn.close()
    bad = await asyncio.to_thread(cli, "audit-verify", "--enterprise", eid, **env)
    assert bad.returncode == 1
    assert "审计链断裂" in bad.stdout and f"seq {seq}" in bad.stdout and "actor" in bad.stdout
