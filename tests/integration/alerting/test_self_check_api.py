"""Reminder statistics and self-check records on the real PostgreSQL and broker: three misses and a
hazard's overdue published, the clock driven, 处置 and 销警 through HTTP, the hazard's alert resolved by
its approved extension; the medians checked by hand; CSV and XLSX opened; a self-check round trip;
refusals naming the field; another enterprise refused."""

from __future__ import annotations

import csv
import io

import openpyxl

from libs.rebuild import rebuild_service
from services.alerting.app import SPEC
from tests.integration.alerting.alerting_site import EID, LEADER, OFFICER, T0, WORKER, H
from tests.integration.service_client import token, until

BASE = f"/enterprises/{EID}"
DECEMBER = {"from": "2026-12-01", "to": "2026-12-31"}


async def told(site, n: int) -> list[dict]:
    items = (await site.inbox(LEADER, "team_leader"))["items"]
    return items if len(items) >= n else []


async def handle(site) -> None:
    """a, b, c missed at T0 (the team leader told at once); 处置 after 1 h, 3 h, 4 h; 销警 of a at 6 h and
    b at 8 h; the hazard's overdue resolved by an extension, never 处置."""
    for occ in ("occ-a", "occ-b", "occ-c"):
        await site.missed(occ)
    await site.feed("shuangkong.hazard.HazardReported", hazard_id="hz-s", name="泵房地面油污")
    await site.feed("shuangkong.hazard.HazardGraded", hazard_id="hz-s", deadline="2026-12-02", graded_by=OFFICER,
                    grading={"level": 0, "hazard_type": 1, "manage_type": 1, "liable_person_id": WORKER,
                             "department_id": "d-1"})
    await site.publish("hazard", "RectificationOverdue", "hazard-hz-s", hazard_id="hz-s", deadline="2026-12-02",
                       at=T0.isoformat())
    items = await until(lambda: told(site, 4))
    ids = {i["cause_id"]: i["id"] for i in items}
    leader, officer = site.who(LEADER, "team_leader"), site.who(OFFICER, "safety_officer")
    for occ, after in (("occ-a", 1), ("occ-b", 3), ("occ-c", 4)):
        site.clock.set(T0 + after * H)
        r = await site.client.post(f"{BASE}/alerts/{ids[occ]}/acknowledge", headers=leader, json={"note": "已补查"})
        assert r.status_code == 200, r.text
    for occ, after in (("occ-a", 6), ("occ-b", 8)):
        site.clock.set(T0 + after * H)
        r = await site.client.post(f"{BASE}/alerts/{ids[occ]}/clear", headers=officer, json={"reason": "补查无异常"})
        assert r.status_code == 200, r.text
    approved = await site.publish("hazard", "ExtensionApproved", "hazard-hz-s", hazard_id="hz-s", extension_id="x-s",
                                  approved_by=OFFICER, old_deadline="2026-12-02", new_deadline="2026-12-20")
    await until(lambda: site.reacted(approved))


async def test_reminder_stats_by_kind_and_level_with_medians_by_hand_and_a_self_check(site):
    await handle(site)
    officer = site.who(OFFICER, "safety_officer")
    r = await site.client.get(f"{BASE}/reminder-stats", headers=officer, params=DECEMBER)
    assert r.status_code == 200, r.text
    stats = r.json()
    assert (stats["first_day"], stats["last_day"]) == ("2026-12-01", "2026-12-31")
    assert stats["total"] == {"raised": 4, "acknowledged": 3, "cleared": 2, "self_resolved": 1, "open": 1}
    kinds = {k["kind"]: k for k in stats["kinds"]}
    assert (kinds["task_overdue"]["raised"], kinds["task_overdue"]["acknowledged"]) == (3, 3)
    assert (kinds["hazard_overdue"]["raised"], kinds["hazard_overdue"]["acknowledged"],
            kinds["hazard_overdue"]["self_resolved"]) == (1, 0, 1)
    team = next(lv for lv in stats["levels"] if lv["level"] == "team")
    # 处置 after 1, 3, 4 h: median 3 (odd), p90 the 3rd (nearest rank); 销警 after 6, 8 h: median 7 (even), p90 8
    assert team["to_acknowledge"] == {"count": 3, "median_hours": 3.0, "p90_hours": 4.0}
    assert team["to_clear"] == {"count": 2, "median_hours": 7.0, "p90_hours": 8.0}
    assert team["raised"] == 4
    [inbox] = stats["channels"]
    assert (inbox["channel"], inbox["attempts"], inbox["succeeded"], inbox["failed"]) == ("inbox", 4, 4, 0)

    default = (await site.client.get(f"{BASE}/reminder-stats", headers=officer)).json()
    assert (default["first_day"], default["last_day"], default["total"]["raised"]) == ("2026-07-01", "2026-09-30", 0)

    as_csv = await site.client.get(f"{BASE}/reminder-stats", headers=officer, params={**DECEMBER, "format": "csv"})
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert table[0][:3] == ["类别", "项目", "产生"] and table[-1][:3] == ["合计", "全部提醒", "4"]
    team_row = next(row for row in table if row[1] == "班组长")
    assert team_row[7:11] == ["3.0", "4.0", "7.0", "8.0"]
    as_xlsx = await site.client.get(f"{BASE}/reminder-stats", headers=officer, params={**DECEMBER, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert "提醒处置统计" in str(cells[0][0]) and cells[1][:3] == ["序号", "类别", "项目"]

    body = {"first_day": "2026-12-01", "last_day": "2026-12-31", "conclusions": "超期提醒均在 4 小时内处置",
            "coverage_report_at": "2026-12-03T10:00:00+08:00"}
    made = await site.client.post(f"{BASE}/self-checks", headers=officer, json=body)
    assert made.status_code == 201, made.text
    record = made.json()
    assert record["reminder_stats"]["total"] == stats["total"] and record["conclusions"] == body["conclusions"]
    assert [w["week"] for w in record["effectiveness"]] == ["2026-W49", "2026-W50", "2026-W51", "2026-W52",
                                                            "2026-W53"]
    assert record["recorded_by"] == OFFICER
    got = await site.client.get(f"{BASE}/self-checks/{record['id']}", headers=officer)
    assert got.status_code == 200 and got.json() == record, got.text
    listed = (await site.client.get(f"{BASE}/self-checks", headers=officer)).json()
    assert (listed["total"], [i["id"] for i in listed["items"]]) == (1, [record["id"]])
    events = [e for e in await site.events() if e["type"].endswith("SelfCheckRecorded")]
    assert len(events) == 1 and events[0]["stream_id"] == f"selfcheck-{record['id']}"

    # A rebuild re-derives the records and the ledger the statistics read: the same answers.
    await rebuild_service(SPEC, site.settings, show_progress=False)
    assert (await site.client.get(f"{BASE}/self-checks/{record['id']}", headers=officer)).json() == record
    again = (await site.client.get(f"{BASE}/reminder-stats", headers=officer, params=DECEMBER)).json()
    assert again == stats


async def test_refusals_name_the_field_and_another_enterprise_is_refused(site):
    officer = site.who(OFFICER, "safety_officer")
    for body, field in (({"conclusions": ""}, "conclusions"), ({"conclusions": "字" * 2001}, "conclusions"),
                        ({}, "conclusions"),
                        ({"conclusions": "结论", "first_day": "2026-12-31", "last_day": "2026-12-01"}, "last_day"),
                        ({"conclusions": "结论", "first_day": "12/01"}, "first_day")):
        r = await site.client.post(f"{BASE}/self-checks", headers=officer, json=body)
        assert r.status_code == 422 and r.json()["field"] == field, (body, r.text)
    bad = await site.client.get(f"{BASE}/reminder-stats", headers=officer, params={"from": "2026-12-31",
                                                                                    "to": "2026-12-01"})
    assert (bad.status_code, bad.json()["field"]) == (422, "to")
    worker = await site.client.post(f"{BASE}/self-checks", headers=site.who(WORKER, "worker"),
                                    json={"conclusions": "结论"})
    assert worker.status_code == 403
    stranger = token(site.settings, "ent-other", "safety_officer", person="p-other")
    assert (await site.client.get(f"{BASE}/reminder-stats", headers=stranger)).status_code == 403
    assert (await site.client.get(f"{BASE}/self-checks", headers=stranger)).status_code == 403
    missing = await site.client.get(f"{BASE}/self-checks/nope", headers=officer)
    assert (missing.status_code, missing.json()["field"]) == (404, "self_check_id")


async def test_channels_count_attempts_successes_failures_and_dead_letters(outbound_site):
    from tests.integration.alerting.test_outbound_api import _count, configure, deliveries, hook

    site = outbound_site
    await configure(site, hook(site))
    site.receivers.fail_next("http_503", "http_503", "http_503")
    await site.missed("occ-d")
    await until(lambda: _count(site, 1))
    for n in (2, 3):
        site.clock.advance(2 * H)
        await until(lambda n=n: _count(site, n))
    await until(lambda: deliveries(site, state="dead"))
    r = await site.client.get(f"{BASE}/reminder-stats", headers=site.who(OFFICER, "safety_officer"), params=DECEMBER)
    assert r.status_code == 200, r.text
    channels = {c["channel"]: (c["attempts"], c["succeeded"], c["failed"], c["dead_lettered"])
                for c in r.json()["channels"]}
    assert channels == {"inbox": (1, 1, 0, 0), "webhook": (3, 0, 3, 1)}
