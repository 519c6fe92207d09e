"""Inspection's reports through HTTP on PostgreSQL, the real scheduler moving the occurrences on the
test's clock: a daily task's first window checked in time, its second missed and then checked by a
record made in time that arrived after the miss, its third still open — the rates per day, week and
post, and refused periods naming the field; by department (the registry's org tree in inspection's
directory replica: a post under a team under a department) and by 包保 role (workType), empty
groups listed; the task list downloaded as CSV (parsed back) and as an XLSX document (opened with
openpyxl), with the list's filters and each post's name and department, and not across tenants."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from services.inspection.domain.codes import WorkType
from services.inspection.domain.events import CheckTaskDrawnUp
from services.inspection.domain.task import CheckTask, task_id_for
from tests.integration.inspection.conftest import until
from tests.integration.inspection.directory_feed import on_post, org_unit
from tests.integration.inspection.occurrence_plant import T0, started
from tests.integration.service_client import token

DAY = timedelta(days=1)
HOURLY = {"check_cycle": 2, "check_cycle_unit": "小时", "task_start_time": "2026-12-01T08:00:00",
          "work_start_time": "8:00:00", "work_end_time": "17:30:00", "work_day_type": 1}


@pytest.fixture
async def plant(runtime, database_url, topic_prefix):
    async with started(runtime, database_url, topic_prefix) as p:
        yield p


async def _occurrence(plant, start) -> dict:
    async def issued():
        items = (await plant.occurrences(**{"from": start.isoformat()}))["items"]
        return items[0] if items and items[0]["window_start"] == start.isoformat() else None

    return await until(issued)


async def _issued(plant, n: int) -> list[dict] | None:
    items = (await plant.occurrences())["items"]
    return items if len(items) >= n else None


async def _record(plant, occurrence_id: str, made_at: str) -> None:
    worker = token(plant.app.state.settings, plant.eid, "worker", person="worker-1")
    r = await plant.client.post(f"/enterprises/{plant.eid}/check-records", headers=worker, json={
        "client_id": str(uuid.uuid4()), "occurrence_id": occurrence_id, "made_at": made_at,
        "items": [{"item_id": "1", "abnormal": False}], "create_by_mobile": "13900000001"})
    assert r.status_code == 201, r.text


async def _rates(plant, **params) -> dict:
    r = await plant.client.get(f"/enterprises/{plant.eid}/occurrence-rates", headers=plant.officer, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _counts(group: dict) -> tuple:
    return tuple(group[k] for k in ("issued", "open", "completed", "completed_on_time", "missed", "not_checked"))


async def test_rates_per_day_week_and_post_with_a_record_arriving_after_the_miss(plant):
    await plant.task()
    first = await _occurrence(plant, T0)
    plant.clock.advance(timedelta(hours=1))
    await _record(plant, first["id"], "2026-12-01T08:50:00")  # in its window: on time
    plant.clock.advance(DAY)
    await plant.quiet()
    second = await _occurrence(plant, T0 + DAY)
    plant.clock.advance(DAY)  # the second window closes unchecked: 超期未排查; the third opens
    await plant.quiet()
    await _occurrence(plant, T0 + 2 * DAY)
    await _record(plant, second["id"], "2026-12-02T10:00:00")  # made in time, arrived after the miss
    got = await plant.client.get(f"/enterprises/{plant.eid}/occurrences/{second['id']}", headers=plant.officer)
    assert got.json()["state"] == "missed" and len(got.json()["records_after_miss"]) == 1, got.text

    by_day = await _rates(plant, by="day", **{"from": "2026-12-01"}, to="2026-12-04")
    assert (by_day["by"], by_day["by_label"], by_day["first_day"], by_day["last_day"]) == (
        "day", "按日", "2026-12-01", "2026-12-04")
    assert [(g["group"], _counts(g), g["completion_rate"], g["on_time_rate"]) for g in by_day["groups"]] == [
        ("2026-12-01", (1, 0, 1, 1, 0, 0), 1.0, 1.0), ("2026-12-02", (1, 0, 1, 1, 1, 0), 1.0, 1.0),
        ("2026-12-03", (1, 1, 0, 0, 0, 0), None, None), ("2026-12-04", (0, 0, 0, 0, 0, 0), None, None)]
    assert (_counts(by_day["total"]), by_day["total"]["decided"], by_day["total"]["completion_rate"]) == (
        (3, 1, 2, 2, 1, 0), 2, 1.0)

    by_week = await _rates(plant, by="week", **{"from": "2026-11-29"}, to="2026-12-07")
    assert [(g["group"], g["issued"]) for g in by_week["groups"]] == [
        ("2026-11-23", 0), ("2026-11-30", 3), ("2026-12-07", 0)]
    by_post = await _rates(plant, by="post", **{"from": "2026-12-01"}, to="2026-12-03")
    assert [(g["group"], _counts(g)) for g in by_post["groups"]] == [("post-1", (3, 1, 2, 2, 1, 0))]
    # by default: the week up to the clock's today (3 December in Beijing), by day
    default = await _rates(plant)
    assert (default["first_day"], default["last_day"], len(default["groups"])) == ("2026-11-27", "2026-12-03", 7)
    assert default["total"]["issued"] == 3

    other = token(plant.app.state.settings, "ent-other", "safety_officer")
    elsewhere = await plant.client.get("/enterprises/ent-other/occurrence-rates", headers=other)
    assert elsewhere.status_code == 200 and elsewhere.json()["total"]["issued"] == 0
    refused = await plant.client.get(f"/enterprises/{plant.eid}/occurrence-rates", headers=other)
    assert refused.status_code == 403, refused.text


@pytest.mark.parametrize(("params", "field"), [
    ({"from": "2026-12-02", "to": "2026-12-01"}, "to"), ({"from": "2025-01-01", "to": "2026-01-02"}, "from"),
    ({"by": "month"}, "by"), ({"from": "昨天"}, "from"), ({"to": "2026-13-01"}, "to")])
async def test_a_period_or_grouping_refused_names_the_field(plant, params, field):
    r = await plant.client.get(f"/enterprises/{plant.eid}/occurrence-rates", headers=plant.officer, params=params)
    assert r.status_code == 422 and r.json()["field"] == field, r.text


async def _download(plant, **params):
    r = await plant.client.get(f"/enterprises/{plant.eid}/check-tasks/export", headers=plant.officer, params=params)
    assert r.status_code == 200, r.text
    return r


async def test_the_task_list_as_csv_and_as_an_xlsx_document_with_the_lists_filters(plant):
    scheduled = await plant.task(0)
    hourly = await plant.task(1, HOURLY)
    r = await _download(plant, format="csv")
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [row["任务编号"] for row in rows] == [scheduled, hourly]
    expected = {"管控措施编号": f"{plant.eid}-m-1", "排查内容": "检查温度联锁投用状态", "负责岗位": "post-1",
                "任务类型": "日常", "排查周期": "2", "周期单位": "小时", "开始时间": "2026-12-01 08:00:00",
                "工作开始时间": "8:00:00", "工作结束时间": "17:30:00", "工作日类型": "法定工作日", "任务状态": "执行中"}
    assert {k: rows[1][k] for k in expected} == expected

    x = await _download(plant, format="xlsx", measure_id=f"{plant.eid}-m-1")
    assert x.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(x.content)).active
    assert sheet["A1"].value == "隐患排查任务清单　2026-12-01"
    assert [c.value for c in sheet[2]][:3] == ["序号", "任务编号", "管控措施编号"]
    assert [c.value for c in sheet[3]][:2] == [1, hourly] and sheet.max_row == 3
    assert sheet["E3"].alignment.wrap_text

    retired = list(csv.reader(io.StringIO((await _download(plant, format="csv", state="retired")).text)))
    assert len(retired) == 1  # the header alone
    for params, field in [({"format": "pdf"}, "format"), ({"state": "gone"}, "state")]:
        bad = await plant.client.get(f"/enterprises/{plant.eid}/check-tasks/export", headers=plant.officer,
                                     params=params)
        assert bad.status_code == 422 and bad.json()["field"] == field, bad.text
    other = token(plant.app.state.settings, "ent-other", "safety_officer")
    refused = await plant.client.get(f"/enterprises/{plant.eid}/check-tasks/export", headers=other)
    assert refused.status_code == 403, refused.text


async def _org(plant) -> dict[str, str]:
    """生产部 ⊃ 甲班 ⊃ 操作工岗, 生产部 ⊃ 班长岗, 储运部 ⊃ 罐区岗, and 设备部 with nothing issued: the
    registry's org units as the directory replica receives them; unit ids the enterprise's own."""
    tree = [("生产部", "department", None), ("甲班", "team", "生产部"), ("操作工岗", "post", "甲班"),
            ("班长岗", "post", "生产部"), ("储运部", "department", None), ("罐区岗", "post", "储运部"),
            ("设备部", "department", None)]
    ids = {name: f"{plant.eid}-{name}" for name, _, _ in tree}
    for name, kind, parent in tree:
        await org_unit(plant.app, plant.eid, ids[name], kind, name, parent and ids[parent])
    await on_post(plant.app, plant.eid, "worker-1", ids["操作工岗"])
    return ids


async def test_rates_by_department_and_by_role_with_exact_counts_on_the_driven_clock(plant):
    ids = await _org(plant)
    routine = await plant.task(0, post=ids["操作工岗"])
    await plant.task(1, post=ids["罐区岗"])
    guardian = CheckTask(task_id_for(f"{plant.eid}-principal-1"))
    guardian._record(CheckTaskDrawnUp(  # a 包保 task of the principal, on the 班长岗 (the guardian work's stand-in)
        task_id=guardian.id, enterprise_id=plant.eid, measure_id=f"{plant.eid}-mhs-1", risk_event_id=None,
        troubleshoot_content="检查重大危险源安全包保责任落实", post_id=ids["班长岗"], work_type=WorkType.PRINCIPAL,
        task_num=1))
    await plant.schedule(guardian)
    occurrences = await until(lambda: _issued(plant, 3))
    first = next(o for o in occurrences if o["task_id"] == routine)
    plant.clock.advance(timedelta(hours=1))
    await _record(plant, first["id"], "2026-12-01T08:50:00")
    plant.clock.advance(DAY)  # the other two of 1 December are missed; 2 December's are issued, open
    await plant.quiet()
    day = {"from": "2026-12-01", "to": "2026-12-01"}

    by_department = await _rates(plant, by="department", **day)
    assert (by_department["by"], by_department["by_label"]) == ("department", "按部门")
    assert [(g["group"], g["group_name"], _counts(g), g["completion_rate"]) for g in by_department["groups"]] == [
        (ids["储运部"], "储运部", (1, 0, 0, 0, 1, 0), 0.0), (ids["生产部"], "生产部", (2, 0, 1, 1, 1, 0), 0.5),
        (ids["设备部"], "设备部", (0, 0, 0, 0, 0, 0), None)]
    assert _counts(by_department["total"]) == (3, 0, 1, 1, 2, 0)
    by_role = await _rates(plant, by="role", **day)
    assert [(g["group"], g["group_name"], _counts(g)) for g in by_role["groups"]] == [
        ("0", "日常", (2, 0, 1, 1, 1, 0)), ("1", "主要负责人", (1, 0, 0, 0, 1, 0)), ("2", "技术负责人", (0,) * 6),
        ("3", "操作负责人", (0,) * 6)]
    both_days = await _rates(plant, by="department", **{"from": "2026-12-01", "to": "2026-12-02"})
    assert [g["issued"] for g in both_days["groups"]] == [2, 4, 0] and both_days["total"]["open"] == 3
    listed = await plant.occurrences(department_id=ids["生产部"])  # the list by department: the same tree
    assert listed["total"] == 4 and {o["task_id"] for o in listed["items"]} == {routine, guardian.id}
    assert (await plant.occurrences(department_id=ids["设备部"]))["total"] == 0

    other = token(plant.app.state.settings, "ent-other", "safety_officer")
    elsewhere = await plant.client.get("/enterprises/ent-other/occurrence-rates", headers=other,
                                       params={"by": "department", **day})
    assert elsewhere.status_code == 200 and elsewhere.json()["groups"] == [], elsewhere.text
    assert (await plant.client.get(f"/enterprises/{plant.eid}/occurrence-rates", headers=other,
                                   params={"by": "role"})).status_code == 403


async def test_the_export_names_each_tasks_post_and_its_department(plant):
    ids = await _org(plant)
    on_team = await plant.task(0, post=ids["操作工岗"])
    unknown = await plant.task(1, post="post-not-replicated")
    rows = list(csv.DictReader(io.StringIO((await _download(plant, format="csv")).content.decode("utf-8-sig"))))
    assert [(r["任务编号"], r["负责岗位"], r["岗位名称"], r["所属部门"]) for r in rows] == [
        (on_team, ids["操作工岗"], "操作工岗", "生产部"), (unknown, "post-not-replicated", "", "")]
    sheet = load_workbook(io.BytesIO((await _download(plant, format="xlsx")).content)).active
    assert [c.value for c in sheet[2]][5:8] == ["负责岗位", "岗位名称", "所属部门"]
    assert [c.value for c in sheet[3]][5:8] == [ids["操作工岗"], "操作工岗", "生产部"]
