"""Someone with write access to the audit tables rewrites the trail, knowing how its hashes are made;
each way is found. The hash chains alone catch a plain edit, insertion or deletion; the signed Merkle
heads catch what an attacker who recomputes the chains can still do — and the published heads catch
the whole trail rolled back to an earlier state, which is consistent in itself.

The attacker works as the database superuser with triggers off (`session_replication_role =
replica`), so no guard in the schema stands in for the detection tested here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import asyncpg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.audit.domain.chain import GENESIS, canonical, link
from services.audit.domain.heads import Signer, entry_leaf_hash
from services.audit.domain.merkle import root
from services.audit.witness import findings_against, heads_from_topic
from tests.integration.audit.conftest import LOG_TABLES, on_topic, registered, seal, wait_for_entries
from tests.integration.service_client import token


@dataclass
class Scene:
    settings: Any
    registry: Any
    audit: Any
    eid: str
    officer: dict
    a: str  # department A's chain (3 entries)
    b: str  # department B's chain (2 entries)
    conn: asyncpg.Connection
    url: str

    async def verified(self) -> dict:
        return (await self.audit.get(f"/enterprises/{self.eid}/verify", headers=self.officer)).json()

    async def entry(self, subject: str, chain_seq: int) -> asyncpg.Record:
        return await self.conn.fetchrow("SELECT * FROM audit.audit_entries WHERE enterprise_id = $1 AND subject = $2 "
                                        "AND chain_seq = $3", self.eid, subject, chain_seq)

    async def rename_a(self, name: str, entries: int) -> None:
        await self.registry.post(f"/enterprises/{self.eid}/org-units/{self.a.removeprefix('orgunit-')}/rename",
                                 headers=self.officer, json={"name": name})
        await wait_for_entries(self.audit, self.eid, self.officer, entries)


@pytest.fixture
async def sealed(system, database_url):
    """An enterprise with three chains (its registration; department A created and renamed twice;
    department B created and renamed once), sealed under one published head."""
    settings, registry, audit = system
    admin = token(settings, None, "platform_admin")
    eid = await registered(registry, admin, "某化工有限公司")
    officer = token(settings, eid, "safety_officer")
    units = f"/enterprises/{eid}/org-units"
    a = (await registry.post(units, headers=officer, json={"kind": "department", "name": "生产部"})).json()["id"]
    b = (await registry.post(units, headers=officer, json={"kind": "department", "name": "设备部"})).json()["id"]
    for unit, name in ((a, "生产一部"), (b, "设备一部"), (a, "生产二部")):
        await registry.post(f"{units}/{unit}/rename", headers=officer, json={"name": name})
    await wait_for_entries(audit, eid, officer, 6)
    [head] = await seal(audit)
    assert head.tree_size == 6
    await on_topic(database_url, eid, [6])
    conn = await asyncpg.connect(database_url)
    try:
        yield Scene(settings, registry, audit, eid, officer, f"orgunit-{a}", f"orgunit-{b}", conn, database_url)
    finally:
        await conn.close()


async def as_attacker(conn: asyncpg.Connection, *statements: tuple) -> None:
    async with conn.transaction():
        await conn.execute("SET LOCAL session_replication_role = replica")
        for sql, *args in statements:
            await conn.execute(sql, *args)


async def recompute_chain(conn: asyncpg.Connection, eid: str, subject: str) -> None:
    """What an attacker who knows the scheme does after changing a chain: number its entries 1…n
    again, recompute every hash from the first one on, and set its chain head to match."""
    rows = await conn.fetch("SELECT seq, canonical FROM audit.audit_entries WHERE enterprise_id = $1 "
                            "AND subject = $2 ORDER BY chain_seq, seq", eid, subject)
    prev, statements = GENESIS, [("UPDATE audit.audit_entries SET chain_seq = -chain_seq WHERE enterprise_id = $1 "
                                  "AND subject = $2", eid, subject)]
    for n, r in enumerate(rows, start=1):
        digest = link(prev, r["canonical"])
        statements.append(("UPDATE audit.audit_entries SET chain_seq = $2, prev_hash = $3, hash = $4 WHERE seq = $1",
                           r["seq"], n, prev, digest))
        prev = digest
    statements.append(("UPDATE audit.audit_chain_heads SET chain_seq = $3, hash = $4 WHERE enterprise_id = $1 "
                       "AND subject = $2", eid, subject, len(rows), prev))
    await as_attacker(conn, *statements)


def edited(text: str) -> str:
    fields = json.loads(text)
    fields["data"]["name"] = "伪造的名称"
    return canonical(fields)


async def test_an_edited_entry_is_found(sealed):
    assert (await sealed.verified())["ok"] is True
    target = await sealed.entry(sealed.a, 2)
    await as_attacker(sealed.conn, ("UPDATE audit.audit_entries SET canonical = $2 WHERE seq = $1",
                                    target["seq"], edited(target["canonical"])))
    broken = (await sealed.verified())["broken"]
    assert (broken["subject"], broken["chain_seq"]) == (sealed.a, 2) and "篡改" in broken["reason"]


async def test_an_entry_edited_and_everything_after_it_recomputed_is_found_by_the_signed_root(sealed):
    target = await sealed.entry(sealed.a, 1)
    await as_attacker(sealed.conn, ("UPDATE audit.audit_entries SET canonical = $2 WHERE seq = $1",
                                    target["seq"], edited(target["canonical"])))
    await recompute_chain(sealed.conn, sealed.eid, sealed.a)  # every chain verifies again
    result = await sealed.verified()
    assert result["ok"] is False and result["broken"]["tree_size"] == 6 and "改写" in result["broken"]["reason"]

    # Making the head match the rewritten entries needs the log's key; one of the attacker's own is refused.
    hashes = {(r["subject"], r["chain_seq"]): r["hash"] for r in await sealed.conn.fetch(
        "SELECT subject, chain_seq, hash FROM audit.audit_entries WHERE enterprise_id = $1", sealed.eid)}
    leaves = [(r["subject"], r["chain_seq"]) for r in await sealed.conn.fetch(
        "SELECT subject, chain_seq FROM audit.audit_tree_leaves WHERE enterprise_id = $1 ORDER BY leaf_index",
        sealed.eid)]
    timestamp = await sealed.conn.fetchval("SELECT timestamp_ms FROM audit.audit_tree_heads WHERE enterprise_id = $1",
                                           sealed.eid)
    forged = Signer(Ed25519PrivateKey.generate()).head(
        sealed.eid, 6, root([entry_leaf_hash(s, n, hashes[(s, n)]) for s, n in leaves]), timestamp, 0, {})
    await as_attacker(sealed.conn, ("UPDATE audit.audit_tree_heads SET root_hash = $2, signature = $3, key_id = $4 "
                                    "WHERE enterprise_id = $1", sealed.eid, forged.root_hash, forged.signature,
                                    forged.key_id))
    result = await sealed.verified()
    assert result["ok"] is False and "签名无效" in result["broken"]["reason"]


async def test_an_inserted_entry_is_found_even_with_its_chain_recomputed(sealed):
    original = await sealed.entry(sealed.a, 1)
    fields = json.loads(original["canonical"])
    fields["id"] = "00000000-0000-4000-8000-000000000001"
    fields["data"]["name"] = "从未发生的改名"
    shift = "UPDATE audit.audit_entries SET chain_seq = {} WHERE enterprise_id = $1 AND subject = $2 AND {}"
    await as_attacker(sealed.conn, (  # make room after the first entry, then put the forged one there
        shift.format("-(chain_seq + 1)", "chain_seq >= 2"), sealed.eid, sealed.a), (
        shift.format("-chain_seq", "chain_seq < 0"), sealed.eid, sealed.a), (
        """INSERT INTO audit.audit_entries (enterprise_id, subject, chain_seq, event_id, event_type, source, actor,
                                           occurred_at, canonical, prev_hash, hash)
           SELECT enterprise_id, subject, 2, $2::uuid, event_type, source, actor, occurred_at, $3, prev_hash, hash
           FROM audit.audit_entries WHERE seq = $1""", original["seq"], fields["id"], canonical(fields)))
    await recompute_chain(sealed.conn, sealed.eid, sealed.a)  # the forged entry sits second in a chain that verifies
    result = await sealed.verified()
    assert result["ok"] is False and result["broken"]["tree_size"] == 6 and "改写" in result["broken"]["reason"]


async def test_a_deleted_entry_is_found_even_with_its_chain_recomputed(sealed):
    target = await sealed.entry(sealed.a, 2)
    await as_attacker(sealed.conn, ("DELETE FROM audit.audit_entries WHERE seq = $1", target["seq"]))
    plain = await sealed.verified()
    assert plain["ok"] is False and plain["broken"]["subject"] == sealed.a  # the chain breaks…
    await recompute_chain(sealed.conn, sealed.eid, sealed.a)
    result = await sealed.verified()  # …and with the chain mended, the signed root does not hold
    assert result["ok"] is False and result["broken"]["tree_size"] == 6


async def test_a_whole_chain_deleted_with_its_chain_head_is_found(sealed):
    await as_attacker(
        sealed.conn,
        ("DELETE FROM audit.audit_entries WHERE enterprise_id = $1 AND subject = $2", sealed.eid, sealed.b),
        ("DELETE FROM audit.audit_chain_heads WHERE enterprise_id = $1 AND subject = $2", sealed.eid, sealed.b))
    broken = (await sealed.verified())["broken"]
    assert (broken["subject"], broken["chain_seq"], broken["tree_size"]) == (sealed.b, 1, 6)
    assert "缺失" in broken["reason"]
    # Deleting its leaves and its seal progress too leaves a head that no longer holds.
    await as_attacker(
        sealed.conn,
        ("DELETE FROM audit.audit_tree_leaves WHERE enterprise_id = $1 AND subject = $2", sealed.eid, sealed.b),
        ("DELETE FROM audit.audit_tree_sealed WHERE enterprise_id = $1 AND subject = $2", sealed.eid, sealed.b))
    assert (await sealed.verified())["broken"]["tree_size"] == 6


async def test_the_whole_trail_rolled_back_holds_in_itself_but_not_against_the_published_heads(sealed):
    await sealed.conn.execute("CREATE SCHEMA snapshot")
    for table in LOG_TABLES:  # the state under the first head, as a backup would keep it
        await sealed.conn.execute(f"CREATE TABLE snapshot.{table} AS SELECT * FROM audit.{table}")
    await sealed.rename_a("生产三部", 7)
    await seal(sealed.audit)
    await on_topic(sealed.url, sealed.eid, [6, 7])

    restore: list[tuple] = []
    for table in LOG_TABLES:
        restore += [(f"DELETE FROM audit.{table}",),
                    (f"INSERT INTO audit.{table} OVERRIDING SYSTEM VALUE SELECT * FROM snapshot.{table}",)]
    await as_attacker(sealed.conn, *restore)

    result = await sealed.verified()
    assert result["ok"] is True and result["sealed"] == 6, "the rolled-back trail is consistent in itself"
    key = sealed.audit.app.state.signer.public_key
    published, findings = await findings_against(sealed.audit.app.state.pool, await heads_from_topic(sealed.settings),
                                                 key, sealed.eid)
    assert [h.tree_size for h in published[sealed.eid]] == [6, 7]
    [finding] = findings
    assert finding.tree_size == 7 and "回滚" in finding.reason


async def test_the_sealer_signs_nothing_over_an_entry_that_is_missing(sealed):
    await sealed.rename_a("生产三部", 7)
    await as_attacker(sealed.conn, ("DELETE FROM audit.audit_entries WHERE enterprise_id = $1 AND subject = $2 "
                                    "AND chain_seq = 4", sealed.eid, sealed.a))
    assert await seal(sealed.audit) == []
    assert await sealed.conn.fetchval("SELECT max(tree_size) FROM audit.audit_tree_heads WHERE enterprise_id = $1",
                                      sealed.eid) == 6


async def test_the_sealer_signs_nothing_over_a_log_whose_heads_were_deleted(sealed):
    await as_attacker(sealed.conn, ("DELETE FROM audit.audit_tree_heads WHERE enterprise_id = $1", sealed.eid))
    assert "树叶数" in (await sealed.verified())["broken"]["reason"]
    await sealed.rename_a("生产三部", 7)
    assert await seal(sealed.audit) == [], "a new first head over the old leaves would hide the deletion"
    assert await sealed.conn.fetchval("SELECT count(*) FROM audit.audit_tree_heads WHERE enterprise_id = $1",
                                      sealed.eid) == 0
