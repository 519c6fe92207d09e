"""Who may record, and a second record, through HTTP on the real app, PostgreSQL and broker (the
clock the test's; the registry's people fed to inspection's directory replica by its own
declaration, directory_feed.py): a worker of another post → 403 naming occurrence_id; the post's
worker → 201; a person named in the occurrence (a plan task's people, a 包保 guardian) → 201; a
person the replica has not seen → 409 not_replicated with Retry-After; a safety officer records
for an assignee by naming them, kept as reporter and recorded_by; another enterprise's person is
refused. A second record of the completed occurrence is kept beside: 201, listed with the
occurrence (records_beside) and by the filters, its hazard raised, the state and rates unchanged."""

from __future__ import annotations

import pytest

from tests.integration.inspection.directory_feed import on_post
from tests.integration.inspection.test_records_api import body, started_site
from tests.integration.service_client import token


@pytest.fixture
async def site(runtime, database_url, topic_prefix, tmp_path):
    async with started_site(runtime, database_url, topic_prefix, tmp_path) as s:
        yield s


def as_(site, eid: str, person: str, *roles: str) -> dict:
    return token(site.settings, eid, *(roles or ("worker",)), person=person)


async def test_only_the_occurrences_people_record_it_and_an_officer_for_them_by_name(site):
    eid = "ent-who-1"
    occurrence_id = await site.occurrence(eid, person_ids=["guardian-1"])
    await on_post(site.app, eid, "stranger-1", "post-2")
    await on_post(site.app, eid, "officer-7", "post-9")
    stranger = await site.record(eid, body(occurrence_id), headers=as_(site, eid, "stranger-1"))
    assert (stranger.status_code, stranger.json()["field"]) == (403, "occurrence_id"), stranger.text
    assert occurrence_id in stranger.json()["message"]
    unknown = await site.record(eid, body(occurrence_id), headers=as_(site, eid, "new-1"))
    assert (unknown.status_code, unknown.json()["code"], unknown.headers["retry-after"]) == (
        409, "not_replicated", "5"), unknown.text
    assert "稍候再试" in unknown.json()["message"]
    officer = as_(site, eid, "officer-7", "safety_officer")
    own = await site.record(eid, body(occurrence_id), headers=officer)  # not sent himself
    assert (own.status_code, own.json()["field"]) == (403, "occurrence_id"), own.text
    colleague = await site.record(eid, body(occurrence_id, on_behalf_of="worker-1"),
                                  headers=as_(site, eid, "stranger-1"))
    assert (colleague.status_code, colleague.json()["field"]) == (403, "on_behalf_of"), colleague.text
    assert (await site.records(eid))["total"] == 0  # nothing written by any refusal

    mine = await site.record(eid, body(occurrence_id))  # worker-1, on post-1
    assert (mine.status_code, mine.json()["reporter_id"], mine.json()["recorded_by"]) == (201, "worker-1", None)
    named = await site.record(eid, body(occurrence_id), headers=as_(site, eid, "guardian-1", "principal"))
    assert (named.status_code, named.json()["reporter_id"]) == (201, "guardian-1"), named.text
    entered = await site.record(eid, body(occurrence_id, on_behalf_of="worker-1"), headers=officer)
    assert (entered.status_code, entered.json()["reporter_id"], entered.json()["recorded_by"]) == (
        201, "worker-1", "officer-7"), entered.text

    foreign = await site.record("ent-who-2", body(occurrence_id), headers=as_(site, "ent-who-2", "worker-1"))
    assert (foreign.status_code, foreign.json()["field"]) == (404, "occurrence_id"), foreign.text
    assert (await site.record(eid, body(occurrence_id), headers=as_(site, "ent-who-2", "worker-1"))).status_code == 403


async def test_a_resend_is_answered_as_before_after_the_reporter_moved_post(site):
    eid = "ent-who-3"
    occurrence_id = await site.occurrence(eid)
    sent = body(occurrence_id)
    first = await site.record(eid, sent)
    assert first.status_code == 201, first.text
    await on_post(site.app, eid, "worker-1", "post-2")  # moved since
    again = await site.record(eid, sent)
    assert (again.status_code, again.json()["id"]) == (201, first.json()["id"])
    fresh = await site.record(eid, body(occurrence_id))
    assert (fresh.status_code, fresh.json()["field"]) == (403, "occurrence_id"), fresh.text


async def test_a_second_record_is_kept_beside_with_its_hazard_and_the_occurrence_and_rates_unchanged(site):
    eid = "ent-who-4"
    occurrence_id = await site.occurrence(eid)
    await on_post(site.app, eid, "worker-2", "post-1")
    first = (await site.record(eid, body(occurrence_id))).json()["id"]
    officer = as_(site, eid, "officer-1", "safety_officer")
    rates = {"by": "day", "from": "2026-12-01", "to": "2026-12-01"}
    before = (await site.client.get(f"/enterprises/{eid}/occurrence-rates", headers=officer, params=rates)).json()
    second = await site.record(eid, body(occurrence_id, items=[{"item_id": "1", "abnormal": True, "note": "渗漏"}]),
                               headers=as_(site, eid, "worker-2"))
    assert (second.status_code, second.json()["status"], second.json()["hazards"]) == (201, 1, 1), second.text
    second_id = second.json()["id"]
    got = (await site.client.get(f"/enterprises/{eid}/occurrences/{occurrence_id}", headers=officer)).json()
    assert (got["state"], got["record_id"], got["records_beside"], got["records_after_miss"]) == (
        "completed", first, [second_id], [])
    assert {r["id"] for r in (await site.records(eid, occurrence_id=occurrence_id))["items"]} == {first, second_id}
    events = await site.app.state.pool.fetch("SELECT type FROM events WHERE stream_id = $1 ORDER BY position",
                                             f"checkrecord-{second_id}")
    assert [e["type"].rsplit(".", 1)[-1] for e in events] == ["CheckRecorded", "HazardFound"]
    occurrence_events = await site.app.state.pool.fetch("SELECT type FROM events WHERE stream_id = $1",
                                                        f"occurrence-{occurrence_id}")
    assert [e["type"].rsplit(".", 1)[-1] for e in occurrence_events] == ["OccurrenceIssued", "OccurrenceCompleted"]
    after = (await site.client.get(f"/enterprises/{eid}/occurrence-rates", headers=officer, params=rates)).json()
    assert after == before and (after["total"]["completed"], after["total"]["completed_on_time"]) == (1, 1)
