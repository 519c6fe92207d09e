"""Each enterprise's Merkle log through the real service: sealed only when the trail grew, signed,
sent to the heads topic and read back from it, and served — heads, their export, inclusion and
consistency proofs a client checks with nothing but the public key."""

from __future__ import annotations

import asyncpg

from services.audit.domain.heads import TreeHead, entry_leaf_hash, load_public_key
from services.audit.domain.merkle import verify_consistency, verify_inclusion
from services.audit.witness import heads_from_lines, heads_from_topic
from tests.integration.audit.conftest import on_topic, registered, seal, wait_for_entries
from tests.integration.service_client import token


async def enterprise_with_history(settings, registry, audit, renames: int = 2):
    admin = token(settings, None, "platform_admin")
    eid = await registered(registry, admin, "某化工有限公司")
    officer = token(settings, eid, "safety_officer")
    dept = (await registry.post(f"/enterprises/{eid}/org-units", headers=officer,
                                json={"kind": "department", "name": "生产部"})).json()["id"]
    for i in range(renames):
        await registry.post(f"/enterprises/{eid}/org-units/{dept}/rename", headers=officer, json={"name": f"生产{i}部"})
    await wait_for_entries(audit, eid, officer, 2 + renames)
    return eid, dept, officer


async def test_a_grown_trail_is_sealed_signed_published_and_read_back(system, database_url):
    settings, registry, audit = system
    eid, dept, officer = await enterprise_with_history(settings, registry, audit)

    [head] = await seal(audit)
    assert (head.enterprise_id, head.tree_size, head.previous_size) == (eid, 4, 0)
    assert head.coverage == {f"enterprise-{eid}": 1, f"orgunit-{dept}": 3}
    await on_topic(database_url, eid, [4])
    assert await seal(audit) == [], "nothing new: no head"

    await registry.post(f"/enterprises/{eid}/org-units/{dept}/rename", headers=officer, json={"name": "生产九部"})
    await wait_for_entries(audit, eid, officer, 5)
    [second] = await seal(audit)
    assert (second.tree_size, second.previous_size, second.coverage) == (5, 4, {f"orgunit-{dept}": 4})
    await on_topic(database_url, eid, [4, 5])

    key = load_public_key((await audit.get("/signing-key", headers=officer)).json()["public_key_pem"])
    on_the_topic = [h for h in await heads_from_topic(settings) if h.enterprise_id == eid]
    assert [h.tree_size for h in on_the_topic] == [4, 5] and all(h.verified_by(key) for h in on_the_topic)
    assert on_the_topic == [head, second]
    verified = (await audit.get(f"/enterprises/{eid}/verify", headers=officer)).json()
    assert verified == {"ok": True, "entries": 5, "chains": 2, "heads": 2, "sealed": 5, "broken": None}


async def test_heads_and_proofs_are_served_and_check_out_with_the_public_key_alone(system, database_url):
    settings, registry, audit = system
    eid, dept, officer = await enterprise_with_history(settings, registry, audit)
    await seal(audit)
    await registry.post(f"/enterprises/{eid}/org-units", headers=officer, json={"kind": "department", "name": "设备部"})
    await wait_for_entries(audit, eid, officer, 5)
    await seal(audit)
    await registry.post(f"/enterprises/{eid}/org-units/{dept}/rename", headers=officer, json={"name": "未封存"})
    entries = (await wait_for_entries(audit, eid, officer, 6))["items"]
    base = f"/enterprises/{eid}"

    key = load_public_key((await audit.get("/signing-key", headers=officer)).json()["public_key_hex"])
    listed = (await audit.get(f"{base}/tree-heads", headers=officer)).json()
    assert listed["total"] == 2 and [h["tree_size"] for h in listed["items"]] == [4, 5]
    first, latest = (TreeHead.from_json(h) for h in listed["items"])
    assert all(h.verified_by(key) for h in (first, latest))
    assert TreeHead.from_json((await audit.get(f"{base}/tree-heads/latest", headers=officer)).json()) == latest
    export = await audit.get(f"{base}/tree-heads/export", headers=officer)
    assert export.headers["content-type"].startswith("application/x-ndjson")
    assert heads_from_lines(export.text, "export") == [first, latest]

    for entry in entries[1:]:  # every sealed entry is under the latest head, and checks out
        proof = (await audit.get(f"{base}/entries/{entry['event_id']}/inclusion", headers=officer)).json()
        assert proof["hash"] == entry["hash"] and proof["tree_size"] == 5
        leaf = entry_leaf_hash(entry["subject"], entry["chain_seq"], entry["hash"])
        assert proof["leaf_hash"] == leaf.hex()
        assert verify_inclusion(proof["leaf_index"], 5, leaf, [bytes.fromhex(p) for p in proof["audit_path"]],
                                bytes.fromhex(latest.root_hash))
    early = entries[-1]  # the enterprise's registration: under the first head too
    at_first = (await audit.get(f"{base}/entries/{early['event_id']}/inclusion/4", headers=officer)).json()
    assert verify_inclusion(at_first["leaf_index"], 4, bytes.fromhex(at_first["leaf_hash"]),
                            [bytes.fromhex(p) for p in at_first["audit_path"]], bytes.fromhex(first.root_hash))
    later = next(e for e in entries if e["event_type"].endswith("OrgUnitCreated") and e["subject"] != f"orgunit-{dept}")
    not_yet = await audit.get(f"{base}/entries/{later['event_id']}/inclusion/4", headers=officer)
    assert not_yet.status_code == 404 and "尚未封存" in not_yet.json()["message"]
    unsealed = await audit.get(f"{base}/entries/{entries[0]['event_id']}/inclusion", headers=officer)
    assert unsealed.status_code == 404 and "尚未封存" in unsealed.json()["message"]
    assert (await audit.get(f"{base}/entries/{entries[1]['event_id']}/inclusion/3", headers=officer)).status_code == 404

    consistency = (await audit.get(f"{base}/consistency/4/5", headers=officer)).json()
    assert (consistency["first_root"], consistency["second_root"]) == (first.root_hash, latest.root_hash)
    assert verify_consistency(4, 5, bytes.fromhex(first.root_hash), bytes.fromhex(latest.root_hash),
                              [bytes.fromhex(p) for p in consistency["proof"]])
    backwards = await audit.get(f"{base}/consistency/5/4", headers=officer)
    assert backwards.status_code == 422 and backwards.json()["field"] == "first"
    beyond = await audit.get(f"{base}/consistency/4/6", headers=officer)
    assert beyond.status_code == 404 and beyond.json()["field"] == "second"


async def test_the_log_is_read_by_the_trails_readers_and_regulators_in_jurisdiction(system):
    settings, registry, audit = system
    eid, _dept, officer = await enterprise_with_history(settings, registry, audit, renames=0)
    await seal(audit)
    [entry] = [e for e in (await audit.get(f"/enterprises/{eid}/entries", headers=officer)).json()["items"]
               if e["event_type"].endswith("EnterpriseRegistered")]
    paths = ["tree-heads", "tree-heads/latest", "tree-heads/export", f"entries/{entry['event_id']}/inclusion",
             f"entries/{entry['event_id']}/inclusion/2", "consistency/1/2"]
    readers = {"inside": token(settings, None, "regulator", jurisdiction=(eid,)),
               "principal": token(settings, eid, "principal")}
    refused = {"outside": token(settings, None, "regulator", jurisdiction=("x",)),
               "worker": token(settings, eid, "worker"), "other tenant": token(settings, "e-other", "principal")}
    for headers in readers.values():
        assert {(await audit.get(f"/enterprises/{eid}/{p}", headers=headers)).status_code for p in paths} == {200}
    for headers in refused.values():
        assert {(await audit.get(f"/enterprises/{eid}/{p}", headers=headers)).status_code for p in paths} == {403}
    assert (await audit.get("/signing-key", headers=readers["inside"])).status_code == 200
    assert (await audit.get("/signing-key")).status_code == 200, "the public key is public"


async def test_heads_are_sent_until_read_back_and_all_again_to_a_broker_that_came_back_empty(
        system, database_url, monkeypatch):
    settings, registry, audit = system
    eid, _dept, officer = await enterprise_with_history(settings, registry, audit)
    [head] = await seal(audit)
    await on_topic(database_url, eid, [4])
    conn = await asyncpg.connect(database_url)
    try:
        monkeypatch.setattr("services.audit.sealer._RESEND_AFTER_S", 0.0)
        await conn.execute("DELETE FROM audit.audit_heads_on_topic")  # as if it never came back
        await seal(audit)
        await on_topic(database_url, eid, [4])
        await conn.execute("UPDATE audit.relay_checkpoints SET cluster_id = 'a cluster that is gone'")
        await seal(audit)  # a new cluster: every head again
        await on_topic(database_url, eid, [4])
        assert await conn.fetchval("SELECT cluster_id FROM audit.relay_checkpoints") != "a cluster that is gone"
    finally:
        await conn.close()
    copies = [h for h in await heads_from_topic(settings) if h.enterprise_id == eid]
    assert len(copies) == 3 and all(h == head for h in copies), "the same head each time"
