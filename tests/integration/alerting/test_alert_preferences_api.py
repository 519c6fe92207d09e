"""A person's own preferences through HTTP on the real PostgreSQL: defaults when never set, replaced
as a whole and stored as an event on their own stream, refusals naming the field in Chinese."""

from __future__ import annotations

from tests.integration.alerting.alerting_site import EID, HEAD, LEADER

URL = f"/enterprises/{EID}/me/alert-preferences"


async def test_a_person_sets_their_quiet_hours_and_digest_and_only_theirs(site):
    leader = site.who(LEADER, "team_leader")
    r = await site.client.get(URL, headers=leader)
    assert r.status_code == 200, r.text
    assert r.json() == {"person_id": LEADER, "quiet_hours": None, "digest": False, "digest_at": "08:00", "version": 0}
    body = {"quiet_hours": {"start": "22:00", "end": "07:00"}, "digest": True, "digest_at": "18:30"}
    r = await site.client.put(URL, json=body, headers=leader)
    assert r.status_code == 200, r.text
    assert r.json() == {"person_id": LEADER, **body, "version": 1}
    assert (await site.client.get(URL, headers=leader)).json()["version"] == 1
    assert (await site.client.get(URL, headers=site.who(HEAD, "department_head"))).json()["version"] == 0
    [(stream, data)] = [(e["stream_id"], e["data"]) for e in await site.events()
                        if e["type"].endswith("AlertPreferencesSet")]
    assert stream == f"alertprefs-{EID}.{LEADER}"
    assert '"digest_at": "18:30"' in data or "18:30" in str(data)


async def test_bad_preferences_are_refused_naming_the_field_and_nothing_is_stored(site):
    leader = site.who(LEADER, "team_leader")
    for body, field in (({"digest_at": "25:00"}, "digest_at"),
                        ({"quiet_hours": {"start": "22:00"}}, "quiet_hours.end"),
                        ({"quiet_hours": {"start": "22:00", "end": "22:00"}}, "quiet_hours.end"),
                        ({"person_id": "p-other"}, "person_id")):
        r = await site.client.put(URL, json=body, headers=leader)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["field"] == field, (body, r.json())
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["message"]), r.json()
    assert (await site.client.get(URL, headers=leader)).json()["version"] == 0
    assert (await site.client.put(URL, json={})).status_code == 401
