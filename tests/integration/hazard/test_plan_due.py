"""A 重大 hazard's plan date (治理方案五落实期限) on the real app and PostgreSQL, the clock driven by the
test: the date is in the hazard, the ledger and the major-hazards list; the running scheduler fires
it once, recording GovernancePlanOverdue for the hazard whose five are not all in place and nothing
for the one whose plan was completed in time; a date past the deadline is refused naming the field;
a rebuild gives the same plan dates and flags."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import asyncpg

from libs.rebuild import rebuild_service
from services.hazard.app import SPEC
from tests.integration import rebuild_dump
from tests.integration.hazard.hazard_site import EID, GRADING, OFFICER, WORKER
from tests.integration.service_client import until

MAJOR = {**GRADING, "level": 1, "deadline": "2026-12-31"}
FULL_PLAN = {"responsibility": "设备部 张工", "measures": "停车检修", "funds": 12000,
             "completion_date": "2026-12-20", "emergency_plan": "YA-03"}


async def graded(site, **body) -> str:
    hazard = await site.snapshot(site.who(*WORKER))
    await site.post(f"/hazards/{hazard['id']}/grade", site.who(*OFFICER), {**MAJOR, **body})
    return hazard["id"]


async def stored_types(site, hazard_id: str) -> list[str]:
    wired = site.app.state.hazard
    return [r.type.rsplit(".", 1)[-1] for r in await wired.store.load(wired.hazards.stream_id(hazard_id))]


async def test_the_plan_date_is_in_the_ledger_and_fires_once_only_where_the_five_are_missing(site):
    officer = site.who(*OFFICER)
    lacking, complete = await graded(site), await graded(site, plan_due="2026-12-08")
    await site.post(f"/hazards/{complete}/plan", officer, FULL_PLAN)
    row = (await site.client.get(f"/enterprises/{EID}/hazards/{lacking}", headers=officer)).json()
    assert (row["plan_due"], row["plan_overdue"]) == ("2026-12-10", False)  # graded 3 Dec: a week
    majors = (await site.client.get(f"/enterprises/{EID}/major-hazards", headers=officer)).json()
    assert {h["id"]: h["plan_due"] for h in majors["items"]} == {lacking: "2026-12-10", complete: "2026-12-08"}

    site.clock.set(datetime(2026, 12, 10, 16, 1, tzinfo=UTC))  # 11 Dec 00:01 in Beijing: both dates passed

    async def overdue():
        row = (await site.client.get(f"/enterprises/{EID}/hazards/{lacking}", headers=officer)).json()
        return row if row["plan_overdue"] else None

    await until(overdue)
    book = site.app.state.hazard.rectification.book

    async def both_fired():
        return not [d for d in await book.pending() if d.kind == "governance-plan-overdue"]

    await until(both_fired)
    assert (await stored_types(site, lacking)).count("GovernancePlanOverdue") == 1
    assert "GovernancePlanOverdue" not in await stored_types(site, complete)
    done = (await site.client.get(f"/enterprises/{EID}/hazards/{complete}", headers=officer)).json()
    assert done["plan_overdue"] is False
    history = (await site.client.get(f"/enterprises/{EID}/hazards/{lacking}/history", headers=officer)).json()
    assert [i["description"] for i in history][-2:] == [
        "治理方案五落实期限：2026-12-10（默认）",
        "重大隐患五落实超期：期限 2026-12-10 已过，尚缺 责任落实、措施落实、资金落实、时限落实、应急预案落实"]


async def test_a_plan_date_past_the_deadline_is_refused_naming_the_field(site):
    hazard = await site.snapshot(site.who(*WORKER))
    refused = await site.post(f"/hazards/{hazard['id']}/grade", site.who(*OFFICER),
                              {**MAJOR, "plan_due": "2027-01-05"}, 422)
    assert refused["field"] == "plan_due", refused
    again = (await site.client.get(f"/enterprises/{EID}/hazards/{hazard['id']}", headers=site.who(*OFFICER))).json()
    assert (again["step"], again["version"], again["plan_due"]) == ("reported", 1, None)


async def test_a_rebuild_keeps_the_plan_date_and_its_flag(site):
    lacking = await graded(site)
    site.clock.set(datetime(2026, 12, 10, 16, 1, tzinfo=UTC))

    async def overdue():
        row = (await site.client.get(f"/enterprises/{EID}/hazards/{lacking}", headers=site.who(*OFFICER))).json()
        return row["plan_overdue"]

    await until(overdue)
    conn = await asyncpg.connect(site.settings.database_url)
    try:
        before = await rebuild_dump.rows(conn, "hazard")
        await rebuild_service(SPEC, site.settings, show_progress=False)
        after = await rebuild_dump.rows(conn, "hazard")
    finally:
        await conn.close()
    assert after == before
    [row] = [json.loads(r) for r in after["hazards"] if json.loads(r)["id"] == lacking]
    assert (row["plan_due"], row["plan_overdue"]) == ("2026-12-10", True)
