"""`shuangkong rebuild audit` on a trail of 100k events ends equal to the live one: the same
entries with the same hashes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import asyncpg

from libs.runtime.service_process import ROOT
from tests.faults.conftest import audit_count, preload_registry_events, wait_until

EVENTS = int(os.environ.get("SK_TEST_REBUILD_EVENTS", "100000"))
FINGERPRINT = """SELECT count(*), md5(string_agg(event_id::text || '|' || enterprise_id || '|' || subject || '|'
                 || chain_seq || '|' || prev_hash || '|' || hash, ',' ORDER BY event_id)) FROM audit.audit_entries"""


async def test_rebuild_of_100k_events_equals_the_live_trail(spawn, runtime, database_url, topic_prefix):
    await preload_registry_events(database_url, streams=200, per_stream=EVENTS // 200, per_append=100)
    spawn("risk_registry").start()
    audit = spawn("audit").start()
    await wait_until(lambda: _audit_has(database_url, EVENTS), seconds=240, every=0.5)
    conn = await asyncpg.connect(database_url)
    live = await conn.fetchrow(FINGERPRINT)
    assert live[0] == EVENTS

    env = {**os.environ, **audit.env}
    result = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "shuangkong", "rebuild", "audit"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f'"applied": {EVENTS}' in result.stdout
    assert "rebuild audit" in result.stdout + result.stderr, "a progress bar was shown"

    rebuilt = await conn.fetchrow(FINGERPRINT)
    assert tuple(rebuilt) == tuple(live)
    await conn.close()


async def _audit_has(database_url: str, total: int) -> bool:
    return await audit_count(database_url) >= total
