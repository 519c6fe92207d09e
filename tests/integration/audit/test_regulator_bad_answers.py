"""The regulator's check over the API meets answers it cannot use — a 200 that is not JSON, a list
for an object, hex that is not, a field missing, another enterprise's heads, a broker it cannot
reach — and says so in Chinese, never with a traceback; and over the served heads alone it sees a
retired key sign again. The service is a stand-in on a real port (fake_audit.py)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx
import orjson
import pytest

from libs.runtime.process import free_port
from services.audit.domain.heads import public_key_pem
from services.audit.domain.keys import KeyRing
from services.audit.over_api import check_over_api
from services.audit.served_api import ApiRefused, AuditApi
from tests.integration.audit.fake_audit import EID, FakeAudit, event_id
from tests.integration.gateway.servers import serving
from tests.unit.audit.domain.builders import Trail, busy_trail, signer

ROOT = Path(__file__).resolve().parents[3]
UNPARSABLE = "审计服务的回答无法解析"


async def checked(fake: FakeAudit, keys=None, entries: int = 20):
    async with serving(fake.app()) as url, httpx.AsyncClient(base_url=url) as client:
        return await check_over_api(AuditApi(client, EID), EID, [], keys or fake.trail.signer.public_key, entries)


async def test_an_honest_stand_in_passes():
    check = await checked(FakeAudit(busy_trail()))
    assert check.findings == [] and check.included == 8


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"items": 3}', b'{"enterprise_id": "e1"}'])
async def test_heads_that_cannot_be_read_are_refused_as_unparsable(body):
    with pytest.raises(ApiRefused, match=UNPARSABLE):
        await checked(FakeAudit(busy_trail(), {"/tree-heads/export": body}))


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"first_root": "zz", "second_root": "", "proof": []}',
                                  b'{"first_root": "00", "proof": []}', b'{"first_root": "", "second_root": "", '
                                                                        b'"proof": 7}'])
async def test_a_malformed_consistency_proof_is_a_finding_not_a_traceback(body):
    [finding] = (await checked(FakeAudit(busy_trail(), {"/consistency/8/8": body}))).findings
    assert UNPARSABLE in finding.reason and "8→8" in finding.reason


async def test_malformed_entries_or_inclusion_proofs_are_findings_and_a_malformed_verification_refused():
    trail = busy_trail()
    [finding] = (await checked(FakeAudit(trail, {"/entries": b'{"items": [{"event_id": "x"}]}'}))).findings
    assert UNPARSABLE in finding.reason
    last = event_id(trail.leaves[-1])
    [finding] = (await checked(FakeAudit(trail, {f"/entries/{last}/inclusion/8": b'{"leaf_index": "8"}'}))).findings
    assert UNPARSABLE in finding.reason and str(last) in finding.reason
    for body in (b"[]", b'{"entries": 3}', b'{"ok": false, "broken": "x"}'):
        with pytest.raises(ApiRefused, match=UNPARSABLE):
            await checked(FakeAudit(trail, {"/verify": body}))


async def test_heads_of_another_enterprise_served_are_a_finding_and_left_out():
    trail = busy_trail()
    other = Trail(trail.signer, enterprise_id="e2").record("riskevent-x", op="创建").record("riskevent-x", op="评价")
    other.seal()
    body = b"".join(orjson.dumps(h.to_json()) + b"\n" for h in [*trail.heads, *other.heads])
    check = await checked(FakeAudit(trail, {"/tree-heads/export": body}))
    [finding] = check.findings
    assert "企业 e2 的树头" in finding.reason and "规模 2" in finding.reason
    assert [h.enterprise_id for h in check.served] == ["e1"] * 3


async def test_a_retired_key_signing_again_is_caught_over_the_api_without_kept_heads():
    old, new = signer(), signer()
    trail = Trail(old)
    for n, key in enumerate([old, new, old]):
        trail.signer = key
        trail.record("riskevent-a", n=n).seal()
    [finding] = (await checked(FakeAudit(trail), KeyRing.checking([old.public_key, new.public_key]))).findings
    assert finding.tree_size == 3 and "已轮换下线的密钥" in finding.reason and old.key_id[:12] in finding.reason


def cli(url: str, key: Path, *extra: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "SK_KAFKA_BOOTSTRAP"}
    environ |= {"SK_RUN_DIR": str(key.parent), "COLUMNS": "400", **env}  # one line per message: easier to read
    return subprocess.run([sys.executable, "-m", "shuangkong", "audit-verify", "--api", url, "--enterprise", EID,
                           "--token", "t", "--public-key", str(key), *extra], cwd=ROOT, capture_output=True,
                          text=True, env=environ, timeout=120)


async def test_the_command_says_in_chinese_what_it_could_not_read(tmp_path):
    trail = busy_trail()
    key = tmp_path / "audit-public.pem"
    key.write_text(public_key_pem(trail.signer.public_key))
    fake = FakeAudit(trail, {"/verify": b"{not json"})
    async with serving(fake.app()) as url:
        bad = await asyncio.to_thread(cli, url, key)
        assert bad.returncode == 1 and "无法完成核查" in bad.stdout and UNPARSABLE in bad.stdout, bad.stdout
        for env, said in (({}, "未设置 SK_KAFKA_BOOTSTRAP"), ({"SK_KAFKA_BOOTSTRAP": f"127.0.0.1:{free_port()}"},
                                                             "无法连接")):
            down = await asyncio.to_thread(cli, url, key, "--against-heads", "topic", **env)
            assert down.returncode == 1 and "无法读取已发布的树头" in down.stdout and said in down.stdout, down.stdout
            assert "Traceback" not in down.stderr, down.stderr
        del fake.answers["/verify"]
        unsampled = await asyncio.to_thread(cli, url, key, "--entries", "0")
        assert unsampled.returncode == 0, unsampled.stdout + unsampled.stderr
        assert "未能抽查任何条目的包含证明" in unsampled.stdout and "均成立, 抽查" not in unsampled.stdout
        assert "明文" not in unsampled.stderr, "a token to the loopback is not exposed"
        too_many = await asyncio.to_thread(cli, url, key, "--entries", "501")
        assert too_many.returncode == 2 and "--entries" in too_many.stderr
