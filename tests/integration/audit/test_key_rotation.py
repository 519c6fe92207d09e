"""The signing key rotated on a live log (real PostgreSQL and broker): the service restarted with a
new key and the old one's public key retired beside it signs new heads with the new key, still
verifies the old heads, serves both keys, and a chain of heads signed by key A then key B holds end
to end with both public keys — and names the key it is not given."""

from __future__ import annotations

import logging
from contextlib import AsyncExitStack

import asyncpg
import httpx

from services.audit.app import create_app as create_audit
from services.audit.domain.heads import key_id, load_public_key, public_key_pem
from services.audit.domain.keys import KeyRing
from services.audit.over_api import check_over_api
from services.audit.served_api import AuditApi
from services.audit.signing import AuditSettings
from services.audit.verify import verify
from services.audit.witness import findings_against, heads_from_topic
from services.risk_registry.app import create_app as create_registry
from tests.integration.audit.conftest import NOT_SEALING, on_topic, seal, wait_for_entries
from tests.integration.audit.test_merkle_log import enterprise_with_history
from tests.integration.service_client import running, settings_for, token


async def test_heads_signed_by_key_a_then_key_b_verify_end_to_end_with_both(runtime, database_url, topic_prefix,
                                                                            tmp_path):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    a_file, b_file, retired = tmp_path / "a.key", tmp_path / "b.key", tmp_path / "retired"
    async with AsyncExitStack() as stack:
        registry = await stack.enter_async_context(running(create_registry(settings)))
        first = create_audit(settings, AuditSettings(signing_key_file=str(a_file), seal_interval_s=NOT_SEALING))
        async with running(first) as audit:
            audit.app = first
            eid, dept, officer = await enterprise_with_history(settings, registry, audit, renames=1)
            [by_a] = await seal(audit)
            await on_topic(database_url, eid, [3])
        key_a = first.state.signer.public_key

        # The rotation: a new key signs, the old one's public key (only) is kept, the service restarts.
        retired.mkdir()
        (retired / "2026-a.pem").write_text(public_key_pem(key_a))
        second = create_audit(settings, AuditSettings(signing_key_file=str(b_file), retired_public_keys=str(retired),
                                                      seal_interval_s=NOT_SEALING))
        audit = await stack.enter_async_context(running(second))
        audit.app = second
        key_b = second.state.signer.public_key
        assert key_id(key_b) != key_id(key_a)
        await registry.post(f"/enterprises/{eid}/org-units/{dept}/rename", headers=officer, json={"name": "生产九部"})
        await wait_for_entries(audit, eid, officer, 4)
        [by_b] = await seal(audit)
        await on_topic(database_url, eid, [3, 4])
        assert (by_a.key_id, by_b.key_id) == (key_id(key_a), key_id(key_b))
        assert (by_b.previous_size, by_b.tree_size) == (3, 4)

        served = (await audit.get("/signing-keys")).json()["items"]  # public: no token
        assert [(k["key_id"], k["status"]) for k in served] == [(key_id(key_b), "current"), (key_id(key_a), "retired")]
        assert [key_id(load_public_key(k["public_key_pem"])) for k in served] == [key_id(key_b), key_id(key_a)]
        assert (await audit.get("/signing-key")).json()["key_id"] == key_id(key_b)

        verified = (await audit.get(f"/enterprises/{eid}/verify", headers=officer)).json()
        assert verified["ok"] is True and verified["heads"] == 2, verified

        # A regulator with both public keys: every head verifies, and the log grew from A's to B's.
        pool = second.state.pool
        heads = [h for h in await heads_from_topic(settings) if h.enterprise_id == eid]
        assert [h.key_id for h in heads] == [key_id(key_a), key_id(key_b)]
        both = KeyRing.checking([load_public_key(k["public_key_pem"]) for k in served])
        _published, findings = await findings_against(pool, heads, both, eid)
        assert findings == []

        # Given only the new key, the old heads are refused naming the key that signed them.
        _published, findings = await findings_against(pool, heads, key_b, eid)
        [unknown] = findings
        assert unknown.tree_size == 3 and "未知的签名公钥" in unknown.reason and key_id(key_a)[:16] in unknown.reason
        broken = (await verify(pool, eid, KeyRing.checking([key_b])))["broken"]
        assert broken["tree_size"] == 3 and "未知的签名公钥" in broken["reason"]

        # The same over the API, as a regulator without the database checks it.
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=second), base_url="http://audit",
                                     headers=officer) as client:
            over_api = await check_over_api(AuditApi(client, eid), eid, heads, both)
            assert over_api.findings == [] and over_api.included == 4
            [unknown] = (await check_over_api(AuditApi(client, eid), eid, heads, key_b)).findings
            assert unknown.tree_size == 3 and "未知的签名公钥" in unknown.reason


async def test_a_head_stored_without_a_key_it_names_in_the_ring_is_refused_by_the_service(system, database_url):
    """A head whose key_id the service holds no key for (rewritten in the table) is not "valid":
    the service's own /verify names the unknown key."""
    settings, registry, audit = system
    eid, _dept, officer = await enterprise_with_history(settings, registry, audit, renames=0)
    await seal(audit)
    conn = await asyncpg.connect(database_url)
    try:
        async with conn.transaction():
            await conn.execute("SET LOCAL session_replication_role = replica")
            await conn.execute("UPDATE audit.audit_tree_heads SET key_id = $2 WHERE enterprise_id = $1", eid, "f" * 64)
    finally:
        await conn.close()
    broken = (await audit.get(f"/enterprises/{eid}/verify", headers=officer)).json()["broken"]
    assert broken["tree_size"] == 2 and "未知的签名公钥" in broken["reason"] and "ffffffffffffffff" in broken["reason"]
    assert (await audit.get("/signing-keys", headers=token(settings, None, "regulator"))).status_code == 200


async def test_a_service_started_without_a_key_its_stored_heads_name_says_so_loudly_and_still_starts(
        runtime, database_url, topic_prefix, tmp_path):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    async with running(create_registry(settings)) as registry:
        first = create_audit(settings, AuditSettings(signing_key_file=str(tmp_path / "a.key"),
                                                     seal_interval_s=NOT_SEALING))
        async with running(first) as audit:
            audit.app = first
            await enterprise_with_history(settings, registry, audit, renames=0)
            [by_a] = await seal(audit)
            assert (await audit.get("/signing-keys")).json()["unknown_key_ids"] == []
        # Rotated, but the old public key not configured beside the new one.
        second = create_audit(settings, AuditSettings(signing_key_file=str(tmp_path / "b.key"),
                                                      seal_interval_s=NOT_SEALING))
        said = Said()  # on the logger itself: the service's start replaces the root logger's handlers
        logging.getLogger("services.audit.retired_keys").addHandler(said)
        try:
            async with running(second) as audit:
                served = (await audit.get("/signing-keys")).json()
        finally:
            logging.getLogger("services.audit.retired_keys").removeHandler(said)
    assert served["unknown_key_ids"] == [by_a.key_id] and len(served["items"]) == 1
    [critical] = [r.getMessage() for r in said.records if r.levelno == logging.CRITICAL]
    assert by_a.key_id in critical and "SK_AUDIT_RETIRED_PUBLIC_KEYS" in critical


class Said(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
