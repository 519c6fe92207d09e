"""The readiness report on the real registry, broker and PostgreSQL: the chain through a target's
dialect — ready records, a refused field with its Chinese reason and its children waiting for it,
counts per entity, filters and pages, and what the send ledger's hash says would be sent."""

from __future__ import annotations

import asyncpg

from services.gov_sync.domain.content_hash import content_hash
from services.gov_sync.domain.dialects import PARK
from services.gov_sync.domain.readiness import Readiness, assess
from services.gov_sync.domain.snapshot_rows import snapshot_of
from services.gov_sync.domain.snapshots import Entity
from tests.integration.gov_sync.conftest import build_chain, new_plant

TARGET = {"name": "化工园区平台", "dialect": "park", "base_url": "https://park.example.gov.cn",
          "entities": [1, 2, 3]}


async def report(plant, tid: str, **params) -> dict:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return await plant.call("GET", f"/sync-targets/{tid}/readiness?{query}", headers=plant.officer)


async def test_ready_records_and_what_would_be_sent(plant):
    await build_chain(plant)
    await plant.snapshot(3, plant.ids["measure"])
    tid = (await plant.call("POST", "/sync-targets", TARGET, 201))["id"]
    whole = await report(plant, tid)
    assert whole["total"] == 3 and whole["dialect"] == "park"
    assert [(r["entity"], r["state"], r["would_send"]) for r in whole["items"]] == [
        (1, "ready", "never_sent"), (2, "ready", "never_sent"), (3, "ready", "never_sent")], whole["items"]
    assert whole["counts"] == [{"entity": e, "ready": 1, "refused": 0, "waiting_for_parent": 0, "not_sent": 0}
                               for e in (1, 2, 3)]

    # The sender's ledger: the unit acknowledged as it is now, the risk event as it was before.
    conn = await asyncpg.connect(plant.settings.database_url)
    try:
        await conn.execute("""INSERT INTO gov_sync.send_ledger (target_id, entity, record_id, acked_hash, state,
                              updated_at) VALUES ($1, 2, $2, $3, 'acknowledged', now())""",
                           tid, plant.ids["risk"], content_hash({"id": plant.ids["risk"], "old": True}))
        unit_hash = await unit_record_hash(plant, tid)
        await conn.execute("""INSERT INTO gov_sync.send_ledger (target_id, entity, record_id, acked_hash, state,
                              updated_at) VALUES ($1, 1, $2, $3, 'acknowledged', now())""",
                           tid, plant.ids["unit"], unit_hash)
    finally:
        await conn.close()
    assert [r["would_send"] for r in (await report(plant, tid))["items"]] == ["unchanged", "changed", "never_sent"]
    page = await report(plant, tid, entity=2, limit=1)
    assert (page["total"], [r["record_id"] for r in page["items"]]) == (1, [plant.ids["risk"]])


async def unit_record_hash(plant, tid: str) -> str:
    """The unit's mapped record hashed as the report does, from the app's own query and dialect."""
    deps = plant.gov._transport.app.state.gov_sync
    facts = await deps.queries.facts(plant.eid)
    rows = [r for r in await deps.queries.snapshots(plant.eid, [1]) if r.id == plant.ids["unit"]]
    done = assess([snapshot_of(rows[0], facts)], PARK, await deps.queries.enterprise_codes(plant.eid), {},
                  [Entity.RISK_UNIT])
    assert done.records[0].state is Readiness.READY
    return done.records[0].content_hash


async def test_a_refused_field_and_its_children_waiting(plant):
    await build_chain(plant)
    # 其他 (2-3) exists in the registry; the park has no such code (decision 60).
    other = await plant.post("/control-measures", {
        "risk_event_id": plant.ids["risk"], "description": "定期维护保养", "classify1": "2", "classify2": "2-3",
        "data_source": "2", "inspection_content": "检查保养记录", "responsible_post_id": plant.ids["post"]})
    await plant.snapshot(3, other["id"])
    tid = (await plant.call("POST", "/sync-targets", TARGET, 201))["id"]
    refused = await report(plant, tid, state="refused")
    assert [(r["record_id"], [v["field"] for v in r["violations"]]) for r in refused["items"]] == [
        (other["id"], ["classify2"])]
    assert "不在代码表内" in refused["items"][0]["violations"][0]["reason"]
    counts = {c["entity"]: c for c in (await report(plant, tid))["counts"]}
    assert (counts[3]["ready"], counts[3]["refused"]) == (1, 1)


async def test_a_refused_unit_keeps_its_children_waiting(plant):
    await build_chain(plant, liable_name="欧阳" + "长" * 20)  # the park holds 20 characters
    await plant.snapshot(3, plant.ids["measure"])
    tid = (await plant.call("POST", "/sync-targets", TARGET, 201))["id"]
    items = (await report(plant, tid))["items"]
    assert [(r["entity"], r["state"], r["would_send"]) for r in items] == [
        (1, "refused", None), (2, "waiting_for_parent", None), (3, "waiting_for_parent", None)]
    assert [(v["field"], v["reason"]) for v in items[0]["violations"]] == [
        ("hazardLiablePerson", "责任人不能超过20个字符（现为22个）")]
    assert items[1]["reason"] == f"上级记录（{plant.ids['unit']}）尚不能报送"


async def test_an_enterprise_without_its_hazchem_code_is_refused_on_every_record(plant):
    bare = await new_plant(plant.settings, plant.registry, plant.gov, 917, None)
    await build_chain(bare)
    await bare.snapshot(3, bare.ids["measure"])
    tid = (await bare.call("POST", "/sync-targets", TARGET, 201))["id"]
    whole = await report(bare, tid)
    states = [(r["entity"], r["state"]) for r in whole["items"]]
    assert states == [(1, "refused"), (2, "refused"), (3, "refused")]
    assert {v["field"] for v in whole["items"][0]["violations"]} == {"companyCode"}
