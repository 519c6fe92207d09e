"""临期 through the broker: the occurrence's assignees come from the replica (its OccurrenceIssued, on the
same topic but another consumer group — the reactor waits for it rather than guess); the assignee is
told when 临期 begins; a 包保 hand-over tells the new guardian; another enterprise sees nothing."""

from __future__ import annotations

from datetime import datetime

from tests.integration.alerting.alerting_site import EID, OFFICER, T0, WORKER, H
from tests.integration.service_client import token, until

OCC = dict(task_id="task-1", window_start=(T0 - 4 * H).isoformat(), window_end=(T0 + 4 * H).isoformat(),
           planned_on_assumed_calendar=False)


async def test_the_assignee_is_told_when_imminent_and_a_hand_over_tells_the_new_one(site):
    await site.publish("inspection", "OccurrenceIssued", "occurrence-occ-i", occurrence_id="occ-i", **OCC,
                       post_ids=["post-1"], person_ids=[], imminent_at=T0.isoformat(), at=(T0 - 4 * H).isoformat())
    await site.publish("inspection", "OccurrenceBecameImminent", "occurrence-occ-i", occurrence_id="occ-i", **OCC,
                       at=T0.isoformat())
    [item] = await until(lambda: told(site, WORKER, "worker"))
    assert (item["stage"], item["reached"], item["kind"]) == ("imminent", "assignee", "排查任务临期未排查")
    assert datetime.fromisoformat(item["deadline"]) == T0 + 4 * H
    handed = await site.publish("inspection", "OccurrenceHandedOver", "occurrence-occ-i", occurrence_id="occ-i",
                                **OCC, from_person_id=WORKER, to_person_id="p-new", person_ids=["p-new"],
                                at=T0.isoformat())
    await until(lambda: site.reacted(handed))
    [theirs] = await told(site, "p-new", "worker")
    assert theirs["id"] == item["id"] and theirs["assignee_ids"] == ["p-new"]


async def test_another_enterprise_sees_nothing_of_this_one(site):
    await site.missed("occ-t")
    await until(lambda: told(site, "p-leader", "team_leader"))
    other = token(site.settings, "ent-al-2", "safety_officer", person=OFFICER)
    r = await site.client.get(f"/enterprises/{EID}/alerts", headers=other)
    assert r.status_code == 403, r.text
    mine = await site.client.get("/enterprises/ent-al-2/alerts", headers=other)
    assert mine.status_code == 200 and mine.json()["items"] == [], mine.text


async def told(site, person: str, role: str) -> list[dict]:
    return (await site.inbox(person, role))["items"]
