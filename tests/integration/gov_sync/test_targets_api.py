"""Sync targets over HTTP on the real app and PostgreSQL: the admin configures, revises and retires
a target; its secrets are write-only (never in an answer), stored encrypted (the table holds no
clear secret) and never in an event; bad input is a 422 naming the field, writing nothing; another
enterprise's target is 404 and another enterprise's path 403; a worker may not configure."""

from __future__ import annotations

import asyncpg

from tests.integration.gov_sync.conftest import new_plant
from tests.integration.service_client import token

AES_KEY, CREDENTIALS = "k3y-0f-sixteen!!", "corp-user:pa55-w0rd-secret"
TARGET = {"name": "化工园区平台", "dialect": "park", "base_url": "https://park.example.gov.cn/api/",
          "entities": [1, 2, 3], "aes_key": AES_KEY, "credentials": CREDENTIALS}


async def stored(settings, sql: str, *args):
    conn = await asyncpg.connect(settings.database_url)
    try:
        return await conn.fetch(sql, *args)
    finally:
        await conn.close()


async def test_a_target_is_configured_with_secrets_that_are_never_read_back(plant):
    made = await plant.call("POST", "/sync-targets", TARGET, 201)
    assert (made["dialect"], made["base_url"], made["entities"], made["batch_size"], made["has_aes_key"],
            made["has_credentials"]) == ("park", "https://park.example.gov.cn/api", [1, 2, 3], 20, True, True)
    tid = made["id"]
    for answer in (made, await plant.call("GET", f"/sync-targets/{tid}"),
                   (await plant.call("GET", "/sync-targets"))["items"][0]):
        assert AES_KEY not in str(answer) and CREDENTIALS not in str(answer)
        assert "aes_key" not in answer and "credentials" not in answer

    revised = await plant.call("POST", f"/sync-targets/{tid}/revise", {
        "name": "园区平台", "dialect": "uploader", "base_url": "https://up.example.gov.cn", "entities": [3, 1],
        "batch_size": 50})
    assert (revised["name"], revised["dialect"], revised["entities"], revised["batch_size"], revised["has_aes_key"]) \
        == ("园区平台", "uploader", [1, 3], 50, True)
    await plant.call("POST", f"/sync-targets/{tid}/secrets", {"credentials": "other:n3w-pa55"})

    events = await stored(plant.settings, "SELECT data::text AS d FROM gov_sync.events")
    assert len(events) == 4 and not any(s in e["d"] for e in events for s in (AES_KEY, CREDENTIALS, "n3w-pa55"))
    secrets = await stored(plant.settings, "SELECT aes_key, credentials FROM gov_sync.target_secrets")
    raw = bytes(secrets[0]["aes_key"]) + bytes(secrets[0]["credentials"])
    assert AES_KEY.encode() not in raw and b"n3w-pa55" not in raw and b"corp-user" not in raw
    revealed = await plant.gov._transport.app.state.gov_sync.secrets.reveal(tid)  # the sender's read
    assert (revealed.aes_key, revealed.credentials) == (AES_KEY.encode(), "other:n3w-pa55")

    gone = await plant.call("POST", f"/sync-targets/{tid}/retire")
    assert gone == {"id": tid, "retired": True}
    await plant.call("GET", f"/sync-targets/{tid}", status=404)
    assert (await plant.call("GET", "/sync-targets"))["total"] == 0


async def test_bad_settings_are_refused_by_field_and_write_nothing(plant):
    for change, field in [({"dialect": "fax"}, "dialect"), ({"base_url": "http://park.example.gov.cn"}, "base_url"),
                          ({"entities": []}, "entities"), ({"entities": [7]}, "entities"),
                          ({"batch_size": 0}, "batch_size"), ({"aes_key": "short"}, "aes_key"),
                          ({"credentials": "no-colon"}, "credentials"), ({"enterprise_id": "x"}, "enterprise_id")]:
        refused = await plant.call("POST", "/sync-targets", {**TARGET, **change}, 422)
        assert refused["field"] == field or field in str(refused), (change, refused)
    assert (await plant.call("GET", "/sync-targets"))["total"] == 0
    assert await stored(plant.settings, "SELECT 1 FROM gov_sync.events") == []
    assert await stored(plant.settings, "SELECT 1 FROM gov_sync.target_secrets") == []


async def test_tenancy_and_roles(plant):
    tid = (await plant.call("POST", "/sync-targets", TARGET, 201))["id"]
    other = await new_plant(plant.settings, plant.registry, plant.gov, 916, "330212916")
    await other.call("GET", f"/sync-targets/{tid}", status=404)
    await other.call("POST", f"/sync-targets/{tid}/secrets", {"aes_key": "x" * 16}, 404)
    await other.call("GET", f"/sync-targets/{tid}/readiness", status=404)
    await plant.call("GET", f"/sync-targets/{tid}", headers=other.admin, status=403)  # their token, our path
    worker = token(plant.settings, plant.eid, "worker", person="w-1")
    await plant.call("POST", "/sync-targets", TARGET, 403, headers=worker)
    await plant.call("GET", f"/sync-targets/{tid}/readiness", headers=worker, status=403)
    await plant.call("GET", f"/sync-targets/{tid}/readiness", headers=plant.officer)
