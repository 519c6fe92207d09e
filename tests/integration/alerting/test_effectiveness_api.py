"""The weekly effectiveness score from the log, on the real PostgreSQL and broker: a week of
inspection's and hazard governance's events published on their topics, the score GET against a
hand computation, CSV and XLSX of the week and of the history, bad weeks refused naming the
parameter, and a rebuild of the weekly facts giving the same score."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from openpyxl import load_workbook

from libs.clock import CHINA_TIME
from libs.rebuild import rebuild_projection
from services.alerting.projections.weekly import weekly_facts
from tests.integration.alerting.alerting_site import EID, OFFICER, WORKER
from tests.integration.service_client import until

URL = f"/enterprises/{EID}/effectiveness"


def bj(*args: int) -> str:
    return datetime(*args, tzinfo=CHINA_TIME).isoformat()


async def occurrence(site, occurrence_id: str, window_end: str, *, task_id: str = "task-1", post: str = "post-1",
                     then: str | None = None) -> int:
    """Issued, then (optionally) completed or missed; the number of events published."""
    start = (datetime.fromisoformat(window_end) - timedelta(hours=8)).isoformat()
    base = {"occurrence_id": occurrence_id, "task_id": task_id, "window_start": start, "window_end": window_end,
            "planned_on_assumed_calendar": False}
    stream = f"occurrence-{occurrence_id}"
    await site.publish("inspection", "OccurrenceIssued", stream, **base, post_ids=[post], person_ids=[WORKER],
                       imminent_at=start, at=start)
    if then == "completed":
        await site.publish("inspection", "OccurrenceCompleted", stream, **base, record_id=f"r-{occurrence_id}",
                           status=0, made_at=start, received_at=start)
    elif then == "missed":
        await site.publish("inspection", "OccurrenceMissed", stream, **base, post_ids=[post], person_ids=[WORKER],
                           never_issued=False, at=window_end)
    return 1 if then is None else 2


async def hazard(site, hazard_id: str, reported_at: str, deadline: str, level: int = 3) -> int:
    stream = f"hazard-{hazard_id}"
    await site.publish("hazard", "HazardReported", stream, hazard_id=hazard_id, name=hazard_id, reported_at=reported_at,
                       found_at=reported_at, department_id=None)
    await site.publish("hazard", "HazardGraded", stream, hazard_id=hazard_id, deadline=deadline, graded_by=OFFICER,
                       grading={"level": level, "hazard_type": 1, "manage_type": 2, "liable_person_id": WORKER,
                                "department_id": "d-1"})
    return 2


async def a_week(site) -> int:
    """W49 (30 Nov – 6 Dec 2026) of ent-al-1, and one occurrence owed on the Monday after."""
    n = 1
    await site.publish("inspection", "GuardianTaskDrawnUp", "guardiantask-g", task_id="task-g", work_type=1,
                       object_id="obj-1", task_num=1)
    n += await occurrence(site, "o1", bj(2026, 12, 1, 18), then="completed")
    n += await occurrence(site, "o2", bj(2026, 12, 2, 18), then="missed")
    n += await occurrence(site, "o3", bj(2026, 12, 6, 23, 59), task_id="task-g")  # 包保, 主要负责人, not done
    n += await occurrence(site, "o4", bj(2026, 12, 7, 0, 0))  # Monday 00:00: the next week's
    n += await occurrence(site, "o5", bj(2026, 12, 3, 18), post="post-head", then="completed")
    n += await occurrence(site, "o6", bj(2026, 12, 4, 18), post="post-boss", then="completed")  # under no department
    n += await hazard(site, "h1", bj(2026, 11, 30, 10), "2026-12-03")
    await site.publish("hazard", "HazardAccepted", "hazard-h1", hazard_id="h1", accepted_by=OFFICER,
                       accepted_at=bj(2026, 12, 3, 16), comment=None)
    n += 1 + await hazard(site, "h2", bj(2026, 12, 1, 9), "2026-12-02", level=2)
    await site.publish("hazard", "RectificationOverdue", "hazard-h2", hazard_id="h2", deadline="2026-12-02",
                       at=bj(2026, 12, 3, 0))
    return n + 1


async def applied(site, count: int) -> None:
    await until(lambda: site.app.state.pool.fetchval(
        "SELECT count(*) = $1 FROM alerting_weekly.inbox WHERE consumer = 'alerting-weekly'", count))


async def get(site, path: str = "", **params):
    return await site.client.get(URL + path, params=params, headers=site.who(OFFICER, "safety_officer"))


async def test_a_weeks_score_from_the_log_matches_the_hand_computation_and_survives_a_rebuild(site):
    await applied(site, await a_week(site))
    r = await get(site, week="2026-W49")
    assert r.status_code == 200, r.text
    s = r.json()
    # tasks: o1, o2, o3, o5, o6 owed; o1, o5, o6 done; o2 missed → 60 %, 0.6 × 50 = 30; o3 包保 主要负责人 → −5: A = 25
    # hazards: h1, h2 found and due; h1 accepted → 50 %, 25; h2 overdue and open → −2: B = 23; E = 48, 差
    assert (s["week"], s["first_day"], s["last_day"]) == ("2026-W49", "2026-11-30", "2026-12-06")
    assert {k: s[k] for k in ("score", "rateCheck", "rateDanger", "screeTaskScore", "coverageScore",
                              "hiddenGovernScore", "hiddenFewScore", "vetoItem", "runLevel")} == {
        "score": "48.00", "rateCheck": "60.00", "rateDanger": "50.00", "screeTaskScore": "30.00",
        "coverageScore": "5.00", "hiddenGovernScore": "2.00", "hiddenFewScore": "0.00", "vetoItem": None,
        "runLevel": 4}
    assert (s["planned"], s["completed"], s["missed"], s["found"], s["due"], s["accepted"], s["overdue_open"]) == \
        (5, 3, 1, 2, 2, 1, 1)
    assert [(g["role"], g["planned"], g["completed"], g["deduction"]) for g in s["guardian"]] == [
        (1, 1, 0, "5.00"), (2, 0, 0, "0.00"), (3, 0, 0, "0.00")]
    assert [(d["department_id"], d["department_name"], d["planned"], d["completed"], d["subtotal"])
            for d in s["departments"]] == [("d-1", "d-1", 4, 2, "43.00"), (None, None, 1, 1, "100.00")]
    assert (await get(site, week="2026-W50")).json()["planned"] == 1  # o4, Monday 00:00

    history = (await get(site, "/history", **{"from": "2026-W48", "to": "2026-W50", "limit": 2})).json()
    assert (history["total"], [w["week"] for w in history["items"]]) == (3, ["2026-W50", "2026-W49"])
    assert history["items"][1]["score"] == "48.00"

    await rebuild_projection(weekly_facts(site.settings), site.settings, show_progress=False)
    assert (await get(site, week="2026-W49")).json() == s, "recomputed from the log: the same week"


async def test_the_week_and_its_history_download_as_csv_and_xlsx(site):
    await applied(site, await a_week(site))
    x = await get(site, week="2026-W49", format="xlsx")
    assert x.status_code == 200, x.text
    sheet = load_workbook(io.BytesIO(x.content)).active
    assert sheet["A1"].value.startswith("运行效果评分　2026-W49（2026-11-30 至 2026-12-06）")
    assert [c.value for c in sheet[2]][:3] == ["序号", "部门", "应排查"]
    assert [[c.value for c in row][:4] for row in sheet.iter_rows(min_row=3)] == [
        [1, "d-1", 4, 2], [2, "未归属部门", 1, 1], [3, "合计", 5, 3]]
    rows = list(csv.reader(io.StringIO((await get(site, "/history", format="csv", **{
        "from": "2026-W48", "to": "2026-W49"})).content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["统计周", "起始日", "截止日", "运行效果得分"]
    # W48 is empty: nothing planned earns A = 0, no hazard due is a clean B = 50, less 10 for none found
    assert [(r[0], r[3]) for r in rows[1:]] == [("2026-W49", "48.0"), ("2026-W48", "40.0")]
    hx = load_workbook(io.BytesIO((await get(site, "/history", format="xlsx", **{
        "from": "2026-W48", "to": "2026-W49"})).content)).active
    assert [c.value for c in hx[2]][:2] == ["序号", "统计周"] and hx.max_row == 4


async def test_a_bad_week_is_refused_naming_it_and_the_default_is_the_last_complete_week(site):
    for params in ({"week": "2026-48"}, {"week": "2026-W54"}, {"week": "0001-W01"}):
        r = await get(site, **params)
        assert r.status_code == 422, r.text
        assert r.json()["field"] == "week" and "统计周" in r.json()["message"]
    r = await get(site, "/history", **{"from": "2026-W49", "to": "2026-W40"})
    assert r.status_code == 422 and r.json()["field"] == "to"
    r = await get(site, "/history", **{"from": "2020-W01", "to": "2026-W40"})
    assert r.status_code == 422 and r.json()["field"] == "from"
    assert (await get(site)).json()["week"] == "2026-W48"  # the clock is on Thursday 3 Dec (W49)
    r = await site.client.get(URL, headers=site.who(WORKER, "worker"))
    assert r.status_code == 403
