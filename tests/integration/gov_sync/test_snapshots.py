"""The snapshot projection on the real registry, broker and PostgreSQL: the registry's chain becomes
snapshots, a revision changes the snapshot, a retirement marks it deleted, inspection's task of a
measure becomes a snapshot under it, and `shuangkong rebuild gov_sync` gives the same rows."""

from __future__ import annotations

import uuid

import asyncpg

from libs.rebuild import rebuild_service
from services.gov_sync.app import SPEC
from tests.integration import rebuild_dump
from tests.integration.gov_sync.conftest import build_chain
from tests.integration.service_client import token, until

UNIT, EVENT, MEASURE, HAZARD = 1, 2, 3, 6
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


async def test_the_chain_becomes_snapshots_revised_and_retired(plant):
    await build_chain(plant)
    ids = plant.ids
    unit = await plant.snapshot(UNIT, ids["unit"])
    assert (unit["parent_id"], unit["deleted"], unit["created_by"]) == (None, False, "officer-1")
    event = await plant.snapshot(EVENT, ids["risk"])
    assert event["parent_id"] == ids["unit"]
    measure = await plant.snapshot(MEASURE, ids["measure"])
    assert measure["parent_id"] == ids["risk"]  and measure["fields"]["classify2"] == "1-4"

    current = await plant.registry.get(f"/enterprises/{plant.eid}/control-measures/{ids['measure']}",
                                       headers=plant.officer)
    await plant.post(f"/control-measures/{ids['measure']}", {
        "description": "储罐液位高高联锁切断进料", "classify1": "1", "classify2": "1-4", "data_source": "2",
        "inspection_content": "检查液位计与联锁是否投用", "responsible_post_id": ids["post"],
        "expected_version": current.json()["version"]}, status=200, method="PUT")
    revised = await plant.snapshot(MEASURE, ids["measure"], lambda r: "高高" in r["fields"]["description"])
    assert revised["created_at"] == measure["created_at"] and revised["updated_at"] >= measure["updated_at"]

    await plant.post(f"/control-measures/{ids['measure']}/retire", {"reason": "工艺变更"}, status=200)
    retired = await plant.snapshot(MEASURE, ids["measure"], lambda r: r["deleted"])
    assert "高高" in retired["fields"]["description"]  # deleted, its last content kept


async def test_a_rebuild_gives_the_same_snapshots(plant):
    await build_chain(plant)
    await plant.snapshot(MEASURE, plant.ids["measure"])
    conn = await asyncpg.connect(plant.settings.database_url)
    try:
        before = await rebuild_dump.rows(conn, "gov_sync_snapshots")
        await rebuild_service(SPEC, plant.settings, show_progress=False)
        after = await rebuild_dump.rows(conn, "gov_sync_snapshots")
    finally:
        await conn.close()
    assert after == before and len(before["snapshots"]) == 3 and before["people"]


async def test_a_measures_check_task_becomes_a_snapshot_under_it(inspected):
    await build_chain(inspected)
    measure_id = inspected.ids["measure"]
    # inspection's reactor draws the measure's task up; its events reach gov sync through the broker
    connection = await asyncpg.connect(inspected.settings.database_url)
    try:
        async def task_row():
            return await connection.fetchrow(
                "SELECT id, parent_id, fields, deleted FROM gov_sync_snapshots.snapshots WHERE entity = 4 "
                "AND parent_id = $1", measure_id)
        row = await until(task_row)
    finally:
        await connection.close()
    assert (row["parent_id"], row["deleted"]) == (measure_id, False)
    report = await inspected.call("POST", "/sync-targets", {
        "name": "省级平台", "dialect": "uploader", "base_url": "https://up.example.gov.cn", "entities": [1, 2, 3, 4]},
        201)
    items = (await inspected.call("GET", f"/sync-targets/{report['id']}/readiness?entity=4",
                                  headers=inspected.officer))["items"]
    assert [(i["record_id"], i["parent_id"]) for i in items] == [(row["id"], measure_id)], items


async def test_a_hazard_reported_graded_and_voided_becomes_a_snapshot(governed):
    hazards, eid = governed.ids["hazard_client"], governed.eid
    worker = token(governed.settings, eid, "worker", person="p-worker")
    officer = token(governed.settings, eid, "safety_officer", person="p-officer")
    up = await hazards.post(f"/enterprises/{eid}/photos", headers=worker,
                            files={"file": ("现场.png", PNG, "image/png")})
    assert up.status_code == 201, up.text
    r = await hazards.post(f"/enterprises/{eid}/hazards/snapshots", headers=worker, json={
        "client_id": str(uuid.uuid4()), "made_at": "2026-12-03T09:30:00", "name": "消防通道堵塞",
        "description": "3 号库房北侧消防通道堆放托盘", "photo_ids": [up.json()["photo_id"]]})
    assert r.status_code == 201, r.text
    hid = r.json()["id"]
    reported = await governed.snapshot(HAZARD, hid)
    assert (reported["fields"]["name"], reported["fields"]["state"], reported["parent_id"]) == ("消防通道堵塞", 0, None)
    r = await hazards.post(f"/enterprises/{eid}/hazards/{hid}/grade", headers=officer, json={
        "level": 0, "hazard_type": 5, "manage_type": 1, "occurrence_link": 6, "liable_person_id": "p-rect",
        "department_id": "d-1", "deadline": "2026-12-10"})
    assert r.status_code == 200, r.text
    graded = await governed.snapshot(HAZARD, hid, lambda row: row["fields"].get("deadline"))
    assert (graded["fields"]["level"], graded["fields"]["liable_person_id"], graded["fields"]["deadline"]) == (
        0, "p-rect", "2026-12-10")
    r = await hazards.post(f"/enterprises/{eid}/hazards/{hid}/void", headers=officer, json={"reason": "重复上报"})
    assert r.status_code == 200, r.text
    voided = await governed.snapshot(HAZARD, hid, lambda row: row["deleted"])
    assert voided["fields"]["name"] == "消防通道堵塞"
