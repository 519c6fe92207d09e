"""What the identity service keeps out of its log: no event (data or metadata), in the store or as
published on its topic, carries a password, a token, or a hash of either — they are in tables
beside the log, which a rebuild keeps: after `rebuild_service(identity)` the read model is the
same row for row and the same passwords and refresh tokens still work."""

from __future__ import annotations

import asyncpg

from libs.cloudevent import topic_for
from libs.rebuild import rebuild_service
from services.identity.app import SPEC
from tests.integration import rebuild_dump
from tests.integration.identity.conftest import CHOSEN, INITIAL
from tests.kafka_records import read_records

MOBILE = "13922223333"


async def _everything(plant) -> dict:
    """A flow that writes every kind of secret: passwords set and changed, sessions refreshed and
    ended, a failed attempt, an integrator's secret created, rotated and used."""
    person_id = await plant.with_password("吴昊", MOBILE)
    signed = (await plant.sign_in(MOBILE)).json()
    renewed = (await plant.identity.post("/token/refresh", json={"refresh_token": signed["refresh_token"]})).json()
    await plant.sign_in(MOBILE, "wrong-pass1")
    created = (await plant.identity.post(f"/enterprises/{plant.eid}/service-accounts", headers=plant.admin,
                                         json={"name": "数据中台", "scopes": ["risk_registry:read"]})).json()
    rotated = (await plant.identity.post(f"/enterprises/{plant.eid}/service-accounts/{created['id']}/secret",
                                         headers=plant.admin)).json()
    client = (await plant.identity.post("/token/client-credentials", json={
        "client_id": created["id"], "client_secret": rotated["client_secret"]})).json()
    return {"person_id": person_id, "signed": signed, "renewed": renewed, "created": created, "rotated": rotated,
            "client": client}


async def test_no_event_carries_a_password_a_token_or_a_hash_of_either(plant):
    flow = await _everything(plant)
    conn = await asyncpg.connect(plant.settings.database_url)
    try:
        stored = await conn.fetch("SELECT data, metadata FROM identity.events")
        events = [f"{r['data']} {r['metadata']}" for r in stored]
        hashes = [r["hash"] for r in await conn.fetch("SELECT hash FROM identity.passwords")]
        digests = [r["token_hash"].hex() for r in await conn.fetch("SELECT token_hash FROM identity.refresh_tokens")]
        digests += [r["secret_hash"].hex() for r in await conn.fetch("SELECT secret_hash FROM identity.client_secrets")]
    finally:
        await conn.close()
    published = await read_records(plant.settings.kafka_bootstrap, topic_for("identity", plant.settings.topic_prefix),
                                   lambda got: len(got) >= len(events))
    text = "\n".join(events + [f"{r.value!r} {r.headers!r}" for r in published])
    secrets = [INITIAL, CHOSEN, "wrong-pass1", flow["signed"]["access_token"], flow["signed"]["refresh_token"],
               flow["renewed"]["refresh_token"], flow["created"]["client_secret"], flow["rotated"]["client_secret"],
               flow["client"]["access_token"], *hashes, *digests, "$argon2"]
    assert len(hashes) == 1 and len(digests) >= 3
    leaked = [s[:12] for s in secrets if s in text]
    assert not leaked, leaked
    assert "PasswordSet" in text and "PasswordChanged" in text and "SignedIn" in text, "what happened is recorded"


async def test_a_rebuild_keeps_the_secrets_and_gives_the_same_read_model(plant):
    flow = await _everything(plant)
    conn = await asyncpg.connect(plant.settings.database_url)
    try:
        before = (await rebuild_dump.rows(conn, "identity"), await rebuild_dump.structure(conn, "identity"))
        await rebuild_service(SPEC, plant.settings, show_progress=False)
        after = (await rebuild_dump.rows(conn, "identity"), await rebuild_dump.structure(conn, "identity"))
        kept = await conn.fetchval("SELECT count(*) FROM identity.passwords")
    finally:
        await conn.close()
    assert after == before and before[0]["accounts"], "the rebuilt read model is the live one, row for row"
    assert set(before[0]) == {"accounts", "sessions", "service_accounts"}, "the secrets are no read model"
    assert kept == 1
    assert (await plant.sign_in(MOBILE, CHOSEN)).status_code == 200, "the password survived"
    r = await plant.identity.post("/token/refresh", json={"refresh_token": flow["renewed"]["refresh_token"]})
    assert r.status_code == 200, "so did the session's refresh token"
    assert (await plant.identity.post("/token/client-credentials", json={
        "client_id": flow["created"]["id"], "client_secret": flow["rotated"]["client_secret"]})).status_code == 200
