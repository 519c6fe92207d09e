"""Retry-After through HTTP on the real app, its clock a FixedClock the test moves: an address
turned away (429) and a locked holder's change of password (423) are told how many seconds until
a new attempt can succeed, fewer as the clock moves; the OpenAPI document declares the header."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from libs.clock import FixedClock
from tests.integration.identity.conftest import CHOSEN, bearer

MOBILE = "13911113333"


@pytest.fixture
def identity_clock():
    # Wall time, so the tokens it issues are good for the verifier; moved by minutes only.
    return FixedClock(datetime.now(UTC).replace(microsecond=0))


async def test_a_throttled_address_is_told_how_long_to_wait_and_the_wait_shrinks(plant, identity_clock):
    away = {"X-Forwarded-For": "198.51.100.23"}  # an address of its own (the app's peer is a trusted proxy)
    for n in range(20):  # the default window: 20 failures in 10 minutes
        r = await plant.sign_in(f"1370000{n:04d}", "wrong-pass1", **away)
        assert r.status_code == 401, r.text
    identity_clock.advance(timedelta(minutes=4))
    turned_away = await plant.sign_in(MOBILE, "wrong-pass1", **away)
    assert (turned_away.status_code, turned_away.json()["code"]) == (429, "too_many_attempts")
    assert turned_away.headers["retry-after"] == str(6 * 60)
    identity_clock.advance(timedelta(minutes=5, seconds=50))
    assert (await plant.sign_in(MOBILE, "wrong-pass1", **away)).headers["retry-after"] == "10"
    identity_clock.advance(timedelta(seconds=10))
    assert (await plant.sign_in(MOBILE, "wrong-pass1", **away)).status_code == 401, "free again"
    assert "retry-after" not in (await plant.sign_in(MOBILE, "wrong-pass1")).headers, "only when refused"


async def test_a_locked_holder_is_told_when_the_lock_lifts(plant, identity_clock):
    await plant.with_password("孙立", MOBILE)
    token = (await plant.sign_in(MOBILE)).json()["access_token"]
    for _ in range(5):
        assert (await plant.sign_in(MOBILE, "wrong-pass1")).status_code == 401
    change = {"old_password": CHOSEN, "new_password": "another789"}
    locked = await plant.identity.post("/password", json=change, headers=bearer(token))
    assert (locked.status_code, locked.json()["code"], locked.json()["field"]) == (423, "locked", "account_id")
    assert locked.headers["retry-after"] == str(15 * 60)
    identity_clock.advance(timedelta(minutes=14))
    later = await plant.identity.post("/password", json=change, headers=bearer(token))
    assert (later.status_code, later.headers["retry-after"]) == (423, "60")


async def test_the_document_declares_the_header_where_it_is_sent(plant):
    paths = (await plant.identity.get("/openapi.json")).json()["paths"]
    for path, status in (("/sign-in", "429"), ("/token/client-credentials", "429"), ("/password", "423")):
        assert "Retry-After" in paths[path]["post"]["responses"][status]["headers"], path
