"""A regulator with no database access checks a trail over the audit service's HTTP API: the
service runs for real under uvicorn on a port of its own, `shuangkong audit-verify --api` runs as a
process whose database settings lead nowhere, and with the public key and the heads it saved it
passes an honest trail, catches the trail rolled back to an earlier state, and an entry rewritten
with its chain recomputed (which the hash chains alone let through)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from libs.runtime.process import free_port
from services.audit.app import create_app as create_audit
from services.audit.domain.heads import load_public_key, public_key_pem
from services.audit.domain.keys import KeyRing
from services.audit.over_api import check_over_api
from services.audit.served_api import AuditApi
from services.audit.witness import heads_from_file
from services.risk_registry.app import create_app as create_registry
from tests.integration.audit.conftest import LOG_TABLES, audit_settings, backed_up_then_grown
from tests.integration.audit.test_merkle_log import enterprise_with_history
from tests.integration.audit.test_tampering import as_attacker, edited, recompute_chain
from tests.integration.gateway.servers import serving
from tests.integration.service_client import running, settings_for, token

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class Regulated:
    settings: Any
    url: str  # the audit service, over real HTTP
    audit: httpx.AsyncClient
    eid: str
    dept: str
    officer: dict
    regulator: str  # the bearer token
    key: Path  # the public key, as the regulator keeps it
    heads: Path  # the heads the regulator saved
    conn: asyncpg.Connection
    tmp: Path

    def cli(self, *extra: str) -> subprocess.CompletedProcess:
        """`shuangkong audit-verify --api` with no way to the database: its URL leads to a closed port."""
        env = {**os.environ, "SK_DATABASE_URL": f"postgresql://nobody@127.0.0.1:{free_port()}/nothing",
               "SK_MIGRATION_DATABASE_URL": "", "SK_RUN_DIR": str(self.tmp / "no-run-dir"),
               "SK_AUDIT_API_TOKEN": self.regulator}
        return subprocess.run(
            [sys.executable, "-m", "shuangkong", "audit-verify", "--api", self.url, "--enterprise", self.eid,
             "--public-key", str(self.key), "--against-heads", str(self.heads), *extra],
            cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)

    async def check(self):
        async with httpx.AsyncClient(base_url=self.url, headers={"Authorization": f"Bearer {self.regulator}"}) as c:
            return await check_over_api(AuditApi(c, self.eid), self.eid, heads_from_file(self.heads),
                                        KeyRing.checking([load_public_key(self.key.read_text())]))


@pytest.fixture
async def regulated(runtime, database_url, topic_prefix, tmp_path):
    """An enterprise whose trail was sealed twice (heads of size 2 and 3), the audit service on a real
    port, and a regulator who saved the heads and the public key; a backup of the log taken between."""
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    async with AsyncExitStack() as stack:
        registry = await stack.enter_async_context(running(create_registry(settings)))
        app = create_audit(settings, audit_settings(tmp_path))
        url = await stack.enter_async_context(serving(app))
        audit = await stack.enter_async_context(httpx.AsyncClient(base_url=url))
        audit.app = app
        for _ in range(400):
            if (await audit.get("/readyz")).status_code == 200:
                break
            await asyncio.sleep(0.05)
        eid, dept, officer = await enterprise_with_history(settings, registry, audit, renames=0)
        conn = await stack.enter_async_context(_connection(database_url))
        await backed_up_then_grown(conn, registry, audit, database_url, eid, officer, dept)

        regulator = token(settings, None, "regulator", jurisdiction=(eid,))
        key, heads = tmp_path / "audit-public.pem", tmp_path / "heads.jsonl"
        [current] = (await audit.get("/signing-keys")).json()["items"]
        key.write_text(current["public_key_pem"])
        heads.write_bytes((await audit.get(f"/enterprises/{eid}/tree-heads/export", headers=regulator)).content)
        yield Regulated(settings, url, audit, eid, dept, officer, regulator["Authorization"].removeprefix("Bearer "),
                        key, heads, conn, tmp_path)


@asynccontextmanager
async def _connection(url: str):
    conn = await asyncpg.connect(url)
    try:
        yield conn
    finally:
        await conn.close()


async def test_an_honest_trail_passes_over_the_api_with_the_public_key_alone(regulated):
    check = await regulated.check()
    assert check.findings == [] and check.served_size == 3 and check.included == 3
    assert check.service_verification["ok"] is True
    # Heads kept in the older format, without key_id, verify with the key given.
    older = [{k: v for k, v in json.loads(line).items() if k != "key_id"}
             for line in regulated.heads.read_text().splitlines()]
    regulated.heads.write_text("".join(json.dumps(h) + "\n" for h in older))
    assert (await regulated.check()).findings == []

    another = regulated.tmp / "another-public.pem"  # a second key, as after a rotation: each head picks its own
    another.write_text(public_key_pem(Ed25519PrivateKey.generate().public_key()))
    good = await asyncio.to_thread(regulated.cli, "--public-key", str(another))
    assert good.returncode == 0, good.stdout + good.stderr
    assert "公钥 2 个" in good.stdout
    assert "只增未改" in good.stdout and "最新规模 3" in good.stdout and "抽查 3 条" in good.stdout
    assert "审计服务自身的校验: 审计链完整" in good.stdout


async def test_the_trail_rolled_back_to_a_backup_is_caught_over_the_api(regulated):
    restore = []
    for table in LOG_TABLES:
        restore += [(f"DELETE FROM audit.{table}",),
                    (f"INSERT INTO audit.{table} OVERRIDING SYSTEM VALUE SELECT * FROM backup.{table}",)]
    await as_attacker(regulated.conn, *restore)
    own = (await regulated.audit.get(f"/enterprises/{regulated.eid}/verify", headers=regulated.officer)).json()
    assert own["ok"] is True and own["sealed"] == 2, "the rolled-back trail holds in itself"

    check = await regulated.check()
    assert check.served_size == 2
    [finding] = check.findings
    assert finding.tree_size == 3 and "回滚" in finding.reason

    caught = await asyncio.to_thread(regulated.cli)
    assert caught.returncode == 1, caught.stdout + caught.stderr
    assert "审计记录与已发布的树头不符" in caught.stdout and "回滚" in caught.stdout


async def test_an_entry_rewritten_with_its_chain_recomputed_is_caught_over_the_api(regulated):
    subject = f"enterprise-{regulated.eid}"  # its registration: leaf 0, under the head of size 2 (a power of two)
    target = await regulated.conn.fetchrow("SELECT seq, canonical FROM audit.audit_entries WHERE enterprise_id = $1 "
                                           "AND subject = $2", regulated.eid, subject)
    await as_attacker(regulated.conn, ("UPDATE audit.audit_entries SET canonical = $2 WHERE seq = $1",
                                       target["seq"], edited(target["canonical"])))
    await recompute_chain(regulated.conn, regulated.eid, subject)

    check = await regulated.check()
    sizes = sorted(f.tree_size for f in check.findings)
    assert sizes == [2, 3, 3] and all("改写" in f.reason for f in check.findings), check.findings
    assert any("审计服务的审计日志" in f.reason for f in check.findings)

    caught = await asyncio.to_thread(regulated.cli)
    assert caught.returncode == 1, caught.stdout + caught.stderr
    assert "审计记录与已发布的树头不符" in caught.stdout and "改写" in caught.stdout


async def test_a_regulator_outside_its_jurisdiction_or_without_keys_is_refused(regulated):
    outside = token(regulated.settings, None, "regulator", jurisdiction=("elsewhere",))["Authorization"]
    refused = await asyncio.to_thread(regulated.cli, "--token", outside.removeprefix("Bearer "))
    assert refused.returncode == 1 and "无法完成核查" in refused.stdout and "403" in refused.stdout
    no_key = await asyncio.to_thread(subprocess.run, [
        sys.executable, "-m", "shuangkong", "audit-verify", "--api", regulated.url, "--enterprise", regulated.eid,
        "--token", regulated.regulator], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert no_key.returncode == 2 and "--public-key" in no_key.stderr
