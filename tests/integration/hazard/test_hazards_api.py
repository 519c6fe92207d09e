"""Hazards through HTTP on the real app, PostgreSQL and broker, the clock driven by the test: a 随手拍
sent twice is one hazard; the loop from report to 销号 with a rejection; a 重大 hazard waits for its
five; separation of duties (403), illegal steps (409 naming what is allowed), bad input (422 naming
the field); the deadline fired by the scheduler; the ledger's filters; the history; my hazards;
the 公示 table; tenancy."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest

from libs.clock import FixedClock
from libs.cloudevent import InboundEvent
from services.hazard.app import create_app
from services.hazard.projections.directory import SCHEMA, directory_replica
from services.hazard.settings import HazardSettings
from tests.integration.hazard.hazard_site import EID, GRADING, OFFICER, PRINCIPAL, RECTIFIER, T0, WORKER, Site
from tests.integration.service_client import running, settings_for, until


async def test_a_snapshot_sent_twice_is_one_hazard_labelled_in_chinese(site):
    worker = site.who(*WORKER)
    body = {"client_id": str(uuid.uuid4()), "made_at": "2026-12-03T09:30:00", "name": "消防通道堵塞",
            "description": "堆放托盘", "photo_ids": [await site.photo(worker)], "location": {"lat": 31.8, "lng": 119.9}}
    first, again = await asyncio.gather(site.post("/hazards/snapshots", worker, body, 201),
                                        site.post("/hazards/snapshots", worker, body, 201))
    assert first["id"] == again["id"]
    assert (first["step"], first["step_label"], first["danger_state"], first["origin_label"], first["source"]) == (
        "reported", "待评估", 0, "随手拍", 10)
    assert first["found_at"] == "2026-12-03T01:30:00+00:00"
    ledger = (await site.client.get(f"/enterprises/{EID}/hazards", headers=site.who(*OFFICER))).json()
    assert ledger["total"] == 1


async def test_the_loop_with_one_rejection_ends_closed_and_each_step_answers_the_hazard(site):
    officer, rectifier = site.who(*OFFICER), site.who(*RECTIFIER)
    hazard = await site.snapshot(site.who(*WORKER))
    path = f"/hazards/{hazard['id']}"
    graded = await site.post(path + "/grade", officer, GRADING)
    assert (graded["step"], graded["deadline"], graded["level_label"], graded["hazard_type_label"]) == (
        "graded", "2026-12-10", "一般隐患", "消防")
    await site.post(path + "/start", rectifier)
    evidence = {"after_photo_ids": [await site.photo(rectifier)], "measures_taken": "清理托盘, 设置禁停标线",
                "cause": "库房周转区不足", "cost": 200}
    await site.post(path + "/submit", rectifier, evidence)
    back = await site.post(path + "/reject", officer, {"reason": "标线未完成"})
    assert back["step"] == "rectifying"
    submitted = await site.post(path + "/submit", rectifier, evidence)
    assert (submitted["danger_state"], submitted["rectification"]["cost"]) == (1, 200)
    closed = await site.post(path + "/accept", officer, {"comment": "整改到位"})
    assert (closed["step"], closed["danger_state"], closed["accepted_by"], closed["accept_comment"]) == (
        "closed", 9, "p-officer", "整改到位")


async def test_the_rectifier_never_accepts_and_an_illegal_step_names_what_is_allowed(site):
    officer, rectifier = site.who(*OFFICER), site.who("p-rect", "safety_officer")
    hazard = await site.snapshot(site.who(*WORKER))
    path = f"/hazards/{hazard['id']}"
    early = await site.post(path + "/accept", officer, {}, 409)
    assert early["message"] == "当前状态「待评估」不能「验收通过」；可执行：评估定级、即查即改、作废、抄送"
    await site.post(path + "/grade", officer, GRADING)
    await site.post(path + "/start", rectifier)
    await site.post(path + "/submit", rectifier, {"after_photo_ids": [await site.photo(rectifier)],
                                                  "measures_taken": "清理"})
    refused = await site.post(path + "/accept", rectifier, {}, 403)
    assert refused["message"] == "验收人不能是该隐患的整改人"
    by_reporter = await site.post(path + "/accept", site.who("p-worker", "safety_officer"), {}, 403)
    assert by_reporter["message"] == "验收人不能是该隐患的上报人"


async def test_a_major_hazard_waits_for_its_five_and_is_accepted_by_the_principal(site):
    officer = site.who(*OFFICER)
    hazard = await site.snapshot(site.who(*WORKER))
    path = f"/hazards/{hazard['id']}"
    await site.post(path + "/grade", officer, {**GRADING, "level": 1, "deadline": "2026-12-31"})
    lacking = await site.post(path + "/start", site.who(*RECTIFIER), {}, 409)
    assert lacking["message"].endswith("尚缺：责任落实、措施落实、资金落实、时限落实、应急预案落实")
    planned = await site.post(path + "/plan", officer, {"responsibility": "设备部 张工", "measures": "停车检修",
                                                       "funds": 12000, "completion_date": "2026-12-20",
                                                       "emergency_plan": "YA-03"})
    assert planned["plan"]["missing"] == [] and all(planned["plan"]["in_place"].values())
    await site.post(path + "/start", site.who(*RECTIFIER))
    await site.post(path + "/submit", site.who(*RECTIFIER), {"after_photo_ids": [await site.photo(officer)],
                                                             "measures_taken": "更换"})
    refused = await site.post(path + "/accept", officer, {}, 403)
    assert "重大隐患须由" in refused["message"]
    assert (await site.post(path + "/accept", site.who(*PRINCIPAL), {}))["step"] == "closed"


@pytest.mark.parametrize("body, field", [
    ({**GRADING, "level": 5}, "level"), ({**GRADING, "deadline": "2026-12-01"}, "deadline"),
    ({**GRADING, "level": 1, "manage_type": 0}, "manage_type"), ({**GRADING, "liable_person_id": ""},
                                                                  "liable_person_id"),
])
async def test_bad_grading_is_refused_naming_the_field_and_changes_nothing(site, body, field):
    hazard = await site.snapshot(site.who(*WORKER))
    refused = await site.post(f"/hazards/{hazard['id']}/grade", site.who(*OFFICER), body, 422)
    assert refused["field"] == field, refused
    again = (await site.client.get(f"/enterprises/{EID}/hazards/{hazard['id']}", headers=site.who(*OFFICER))).json()
    assert (again["step"], again["version"]) == ("reported", 1)


async def test_the_deadline_fires_once_and_an_approved_extension_moves_it(site):
    officer = site.who(*OFFICER)
    hazard = await site.snapshot(site.who(*WORKER))
    path = f"/hazards/{hazard['id']}"
    await site.post(path + "/grade", officer, GRADING)
    site.clock.set(datetime(2026, 12, 10, 16, 1, tzinfo=UTC))  # 11 Dec 00:01 in Beijing: past the 10th

    async def overdue():
        row = (await site.client.get(f"/enterprises/{EID}/hazards/{hazard['id']}", headers=officer)).json()
        return row if row["overdue"] else None

    row = await until(overdue)
    assert row["imminent"] is False  # both were due when the scheduler looked: 超期 says it all
    ledger = (await site.client.get(f"/enterprises/{EID}/hazards", headers=officer, params={"overdue": "true"})).json()
    assert [h["id"] for h in ledger["items"]] == [hazard["id"]]
    asked = await site.post(path + "/extensions", site.who(*RECTIFIER), {"new_deadline": "2026-12-20",
                                                                        "reason": "备件未到"}, 201)
    decided = await site.post(path + "/extension-decision", site.who(*PRINCIPAL), {
        "extension_id": asked["extension"]["extension_id"], "approve": True})
    assert (decided["deadline"], decided["first_deadline"], decided["overdue"]) == ("2026-12-20", "2026-12-10", False)


async def test_another_enterprise_sees_nothing_of_this_one(site):
    hazard = await site.snapshot(site.who(*WORKER))
    other = site.who("p-x", "safety_officer", eid="ent-hz-2")
    r = await site.client.get(f"/enterprises/{EID}/hazards/{hazard['id']}", headers=other)
    assert r.status_code == 403
    r = await site.client.post(f"/enterprises/ent-hz-2/hazards/{hazard['id']}/grade", headers=other, json=GRADING)
    assert r.status_code == 404 and r.json()["code"] == "not_found"


async def test_the_history_reads_in_chinese_step_by_step(site):
    officer = site.who(*OFFICER)
    hazard = await site.snapshot(site.who(*WORKER))
    await site.post(f"/hazards/{hazard['id']}/grade", officer, GRADING)
    await site.post(f"/hazards/{hazard['id']}/copies", officer, {"person_ids": ["p-boss"], "note": "请关注"})
    items = (await site.client.get(f"/enterprises/{EID}/hazards/{hazard['id']}/history", headers=officer)).json()
    assert [i["description"] for i in items] == [
        "登记隐患（随手拍，其他）：消防通道堵塞",
        "评估定级：一般隐患，消防，限期整改，发生环节 使用操作，整改责任人 p-rect，责任部门 d-1，整改期限 2026-12-10",
        "抄送 p-boss（请关注）"]
    other = site.who("p-x", "safety_officer", eid="ent-hz-2")
    r = await site.client.get(f"/enterprises/ent-hz-2/hazards/{hazard['id']}/history", headers=other)
    assert r.status_code == 404


async def test_my_hazards_by_what_i_have_to_do(site):
    officer, worker = site.who(*OFFICER), site.who(*WORKER)
    hazard = await site.snapshot(worker)
    await site.post(f"/hazards/{hazard['id']}/grade", officer, GRADING)

    async def mine(who, which):
        r = await site.client.get(f"/enterprises/{EID}/my-hazards", headers=who, params={"which": which})
        assert r.status_code == 200, r.text
        return [h["id"] for h in r.json()["items"]]

    assert await mine(worker, "reported") == [hazard["id"]]
    assert await mine(site.who(*RECTIFIER), "assigned") == [hazard["id"]]
    assert await mine(officer, "to_accept") == []
    await site.post(f"/hazards/{hazard['id']}/start", site.who(*RECTIFIER))
    await site.post(f"/hazards/{hazard['id']}/submit", site.who(*RECTIFIER),
                    {"after_photo_ids": [await site.photo(worker)], "measures_taken": "清理"})
    assert (await mine(officer, "to_accept"), await mine(site.who(*RECTIFIER), "to_accept")) == ([hazard["id"]], [])


async def test_the_publicity_table_per_department_as_json_csv_and_xlsx(site):
    officer = site.who(*OFFICER)
    ids = [(await site.snapshot(site.who(*WORKER)))["id"] for _ in range(3)]
    for hazard_id, dept in zip(ids, ("d-1", "d-1", "d-2"), strict=True):
        await site.post(f"/hazards/{hazard_id}/grade", officer, {**GRADING, "department_id": dept})
    await site.post(f"/hazards/{ids[0]}/start", site.who(*RECTIFIER))
    await site.post(f"/hazards/{ids[0]}/submit", site.who(*RECTIFIER),
                    {"after_photo_ids": [await site.photo(officer)], "measures_taken": "清理"})
    await site.post(f"/hazards/{ids[0]}/accept", officer)
    params = {"from": "2026-12-01", "to": "2026-12-07"}
    r = await site.client.get(f"/enterprises/{EID}/hazards/publicity", headers=officer, params=params)
    table = r.json()
    assert [(row["department_id"], row["found"], row["rectified"], row["on_time"], row["open"], row["rate"])
            for row in table["rows"]] == [("d-1", 2, 1, 1, 1, 50.0), ("d-2", 1, 0, 0, 1, 0.0)]
    assert (table["total"]["found"], table["total"]["rate"]) == (3, 33.3)
    csv = await site.client.get(f"/enterprises/{EID}/hazards/publicity", headers=officer,
                                params={**params, "format": "csv"})
    assert csv.status_code == 200 and csv.content.decode("utf-8-sig").splitlines()[0] == \
        "部门,发现隐患,已整改,按期整改,超期未整改,未整改,整改率(%)"
    xlsx = await site.client.get(f"/enterprises/{EID}/hazards/export", headers=officer)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    bad = await site.client.get(f"/enterprises/{EID}/hazards/publicity", headers=officer,
                                params={"from": "2026-12-07", "to": "2026-12-01"})
    assert (bad.status_code, bad.json()["field"]) == (422, "to")


async def test_the_acceptors_are_configured_by_settings(runtime, database_url, topic_prefix, tmp_path):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, blob_dir=str(tmp_path / "blobs"))
    app = create_app(settings, HazardSettings(major_acceptors="safety_officer"))
    app.state.clock = FixedClock(T0)
    async with running(app) as client:
        site = Site(client, settings, app.state.clock)
        hazard = await site.snapshot(site.who(*WORKER))
        path = f"/hazards/{hazard['id']}"
        await site.post(path + "/grade", site.who(*OFFICER), {**GRADING, "level": 1, "deadline": "2026-12-31"})
        await site.post(path + "/plan", site.who(*OFFICER), {"responsibility": "设备部", "measures": "检修",
                                                             "funds": 1, "completion_date": "2026-12-20",
                                                             "emergency_plan": "YA-01"})
        await site.post(path + "/start", site.who(*RECTIFIER))
        await site.post(path + "/submit", site.who(*RECTIFIER), {"after_photo_ids": [await site.photo(
            site.who(*RECTIFIER))], "measures_taken": "检修"})
        refused = await site.post(path + "/accept", site.who(*PRINCIPAL), {}, 403)
        assert refused["message"] == "重大隐患须由安全管理员验收"
        assert (await site.post(path + "/accept", site.who(*OFFICER), {}))["step"] == "closed"
    with pytest.raises(ValueError, match="unknown or no roles: chairman"):
        HazardSettings(major_acceptors="chairman")


async def _directory(site, event_type: str, version: int, **data) -> None:
    """A registry fact as hazard's replica receives it, applied by the replica's own declaration."""
    event = InboundEvent(uuid.uuid4(), "shuangkong.risk_registry." + event_type, "risk_registry", "",
                         datetime.now(UTC), 1, version, EID, "test", None, None, None, {"enterprise_id": EID, **data})
    async with site.app.state.pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT set_config('search_path', $1, true)", f'"{SCHEMA}", public')
        await directory_replica(site.app.state.settings).apply(conn, event)


async def test_the_ledger_names_people_and_departments_once_the_replica_has_them(site):
    officer = site.who(*OFFICER)
    hazard = await site.snapshot(site.who(*WORKER))
    await site.post(f"/hazards/{hazard['id']}/grade", officer, GRADING)
    before = (await site.client.get(f"/enterprises/{EID}/hazards/{hazard['id']}", headers=officer)).json()
    assert (before["liable_person_id"], before["liable_person_name"]) == ("p-rect", None)
    await _directory(site, "PersonRegistered", 1, person_id="p-rect", name="陈工", post_id=None)
    await _directory(site, "OrgUnitCreated", 1, unit_id="d-1", kind="department", name="储运部", parent_id=None)
    await _directory(site, "PersonRegistered", 1, person_id="p-worker", name="赵敏", post_id=None)
    [row] = (await site.client.get(f"/enterprises/{EID}/hazards", headers=officer)).json()["items"]
    assert (row["liable_person_name"], row["department_name"], row["reporter_name"]) == ("陈工", "储运部", "赵敏")
    history = (await site.client.get(f"/enterprises/{EID}/hazards/{hazard['id']}/history", headers=officer)).json()
    assert "整改责任人 陈工，责任部门 储运部" in history[1]["description"]
