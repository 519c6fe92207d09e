"""Alerts on the real PostgreSQL and broker: an OccurrenceMissed published → the team leader's inbox at
once, the department head's at +24 h, the principal's at +72 h as the test drives the clock, each
exactly once; redelivery raises nothing new; OccurrenceCompleted and ExtensionApproved resolve;
处置, 销警 and read marks through HTTP, with refusals naming the field or what is allowed."""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import asynccontextmanager
from datetime import datetime

from libs.deadlines import DeadlineScheduler
from tests.integration.alerting.alerting_site import BOSS, EID, HEAD, LEADER, OFFICER, T0, WORKER, H
from tests.integration.service_client import until


@asynccontextmanager
async def two_more_schedulers(site):
    """Two schedulers beside the app's on the same table and clock, small batches: they race for each rung."""
    app = site.app
    running = [asyncio.create_task(DeadlineScheduler(app.state.deadlines, app.state.store,
                                                     app.state.alerting.escalation.handlers(), site.clock,
                                                     batch_size=1, poll_s=0.05).run()) for _ in range(2)]
    try:
        yield
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


def kinds(events: list[dict]) -> Counter:
    return Counter(e["type"].rsplit(".", 1)[1] for e in events)


async def told(site, person: str, role: str) -> list[dict]:
    return (await site.inbox(person, role))["items"]


async def test_a_miss_climbs_to_team_department_and_principal_exactly_once(site):
    async with two_more_schedulers(site):
        await climbs(site)


async def climbs(site):
    event_id = await site.missed("occ-1")
    [item] = await until(lambda: told(site, LEADER, "team_leader"))
    assert (item["stage"], item["reached"], item["state"], item["kind"]) == ("overdue", "team", "escalated",
                                                                            "排查任务超期未排查")
    assert datetime.fromisoformat(item["deadline"]) == T0  # the window's end: the original deadline
    assert await told(site, HEAD, "department_head") == []
    site.clock.advance(24 * H)
    [at_head] = await until(lambda: told(site, HEAD, "department_head"))
    assert at_head["reached"] == "department" and at_head["id"] == item["id"]
    assert await told(site, BOSS, "principal") == []
    site.clock.advance(48 * H)
    [at_boss] = await until(lambda: told(site, BOSS, "principal"))
    assert at_boss["reached"] == "principal"

    await site.missed("occ-1", event_id=event_id)  # redelivered
    await site.missed("occ-1")  # and published again under another id
    await until(lambda: site.reacted(event_id))
    assert await site.app.state.pool.fetchval("SELECT count(*) FROM alerting.deadlines") == 0  # at the top
    events = await site.events()
    assert kinds(events) == {"AlertRaised": 1, "AlertEscalated": 3, "NotificationAttempted": 3}
    attempts = [e["data"] for e in events if e["type"].endswith("NotificationAttempted")]
    assert [(a["recipient_id"], a["channel"], a["outcome"], a["attempt"]) for a in attempts] == [
        (LEADER, "inbox", "delivered", 1), (HEAD, "inbox", "delivered", 1), (BOSS, "inbox", "delivered", 1)]
    assert all(len(a["digest"]) == 64 for a in attempts)


async def test_completion_resolves_the_alert_and_stops_the_ladder(site):
    await site.missed("occ-2")
    [item] = await until(lambda: told(site, LEADER, "team_leader"))
    done = await site.publish("inspection", "OccurrenceCompleted", "occurrence-occ-2", occurrence_id="occ-2",
                              task_id="task-1", window_start=(T0 - 8 * H).isoformat(), window_end=T0.isoformat(),
                              planned_on_assumed_calendar=False, record_id="r-1", status=1,
                              made_at=T0.isoformat(), received_at=T0.isoformat())
    await until(lambda: site.reacted(done))
    officer = site.who(OFFICER, "safety_officer")
    [alert] = (await site.client.get(f"/enterprises/{EID}/alerts", headers=officer,
                                     params={"cause_id": "occ-2"})).json()["items"]
    assert (alert["state"], alert["resolved_by"]) == ("resolved", "shuangkong.inspection.OccurrenceCompleted")
    site.clock.advance(100 * H)
    assert await told(site, HEAD, "department_head") == []
    assert await site.app.state.pool.fetchval("SELECT count(*) FROM alerting.deadlines") == 0


async def test_an_approved_extension_resolves_a_hazard_overdue_and_a_major_one_is_urgent(site):
    await site.feed("shuangkong.hazard.HazardReported", hazard_id="hz-1", name="储罐区法兰泄漏")
    await site.feed("shuangkong.hazard.HazardGraded", hazard_id="hz-1", deadline="2026-12-02", graded_by=OFFICER,
                    grading={"level": 1, "hazard_type": 1, "manage_type": 1, "liable_person_id": WORKER,
                             "department_id": "d-1"})
    await site.publish("hazard", "RectificationOverdue", "hazard-hz-1", hazard_id="hz-1", deadline="2026-12-02",
                       at=T0.isoformat())
    [item] = await until(lambda: told(site, LEADER, "team_leader"))
    assert (item["cause_type"], item["urgent"], item["title"], item["kind"]) == ("hazard", True, "储罐区法兰泄漏",
                                                                                "隐患超期未整改")
    approved = await site.publish("hazard", "ExtensionApproved", "hazard-hz-1", hazard_id="hz-1", extension_id="x-1",
                                  approved_by=BOSS, old_deadline="2026-12-02", new_deadline="2026-12-20")
    await until(lambda: site.reacted(approved))
    [after] = await told(site, LEADER, "team_leader")
    assert (after["state"], after["resolved_by"]) == ("resolved", "shuangkong.hazard.ExtensionApproved")


async def test_read_acknowledge_and_clear_through_http(site):
    await site.missed("occ-3")
    [item] = await until(lambda: told(site, LEADER, "team_leader"))
    leader, base = site.who(LEADER, "team_leader"), f"/enterprises/{EID}"
    assert (await site.inbox(LEADER, "team_leader"))["unread"] == 1
    r = await site.client.post(f"{base}/inbox/{item['id']}/read", headers=leader)
    assert r.status_code == 200, r.text
    assert (await site.inbox(LEADER, "team_leader"))["unread"] == 0
    stranger = await site.client.post(f"{base}/inbox/{item['id']}/read", headers=site.who(WORKER, "worker"))
    assert (stranger.status_code, stranger.json()["field"]) == (404, "alert_id")

    early = await site.client.post(f"{base}/alerts/{item['id']}/clear", headers=site.who(OFFICER, "safety_officer"),
                                   json={"reason": "误报"})
    assert early.status_code == 409 and "现在可以" in early.json()["message"], early.text
    blank = await site.client.post(f"{base}/alerts/{item['id']}/acknowledge", headers=leader, json={"note": ""})
    assert (blank.status_code, blank.json()["field"]) == (422, "note"), blank.text
    acked = await site.client.post(f"{base}/alerts/{item['id']}/acknowledge", headers=leader,
                                   json={"note": "已安排补查"})
    assert acked.status_code == 200 and acked.json()["state"] == "acknowledged", acked.text
    refused = await site.client.post(f"{base}/alerts/{item['id']}/clear", headers=leader, json={"reason": "已补查"})
    assert refused.status_code == 403, refused.text
    cleared = await site.client.post(f"{base}/alerts/{item['id']}/clear", headers=site.who(OFFICER, "safety_officer"),
                                     json={"reason": "已补查, 无异常"})
    assert cleared.status_code == 200 and cleared.json()["state"] == "cleared", cleared.text
    site.clock.advance(100 * H)
    listed = (await site.client.get(f"{base}/alerts", headers=site.who(OFFICER, "safety_officer"),
                                    params={"state": "cleared"})).json()
    assert [a["id"] for a in listed["items"]] == [item["id"]] and listed["items"][0]["state_label"] == "已销警"
    assert await told(site, HEAD, "department_head") == []
