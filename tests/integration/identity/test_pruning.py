"""Pruning refresh-token rows on PostgreSQL, by the real app's deadline scheduler on a FixedClock
the test moves: the service prunes once it starts, then every hour; 2,500 expired rows go 1,000 a
firing (the next one due a second later), and a signed-in session's rows stay and refresh."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from libs.clock import FixedClock
from services.identity.application.housekeeping import KEY
from tests.integration.identity.conftest import until

MOBILE = "13911114444"
HOUR, SECOND = timedelta(hours=1), timedelta(seconds=1)


@pytest.fixture
def identity_clock():
    return FixedClock(datetime.now(UTC).replace(microsecond=0))


async def test_expired_rows_go_a_bounded_batch_a_firing_and_live_ones_stay(plant, identity_clock):
    app = plant.apps["identity"]
    pool, book, started = app.state.pool, app.state.deadlines, identity_clock.now()

    async def due_at(when):
        return [(d.key, d.due_at) for d in await book.pending()] == [(KEY, when)]

    await until(lambda: due_at(started + HOUR))  # the start-up firing found nothing, comes back in an hour
    await plant.with_password("周正", MOBILE)
    signed = (await plant.sign_in(MOBILE)).json()
    live = await pool.fetchval("SELECT count(*) FROM refresh_tokens")
    assert live == 1
    await pool.executemany(  # sessions long over: what piles up without housekeeping
        "INSERT INTO refresh_tokens (token_hash, session_id, generation, expires_at) VALUES ($1, $2, 1, $3)",
        [(os.urandom(32), f"old-{i}", started - timedelta(days=1, seconds=i)) for i in range(2500)])

    async def rows(n: int):
        return await pool.fetchval("SELECT count(*) FROM refresh_tokens") == n

    identity_clock.advance(HOUR)
    await until(lambda: rows(1500 + live))
    assert await due_at(started + HOUR + SECOND), "a full batch: again a second later"
    identity_clock.advance(SECOND)
    await until(lambda: rows(500 + live))
    identity_clock.advance(SECOND)
    await until(lambda: rows(live))
    await until(lambda: due_at(started + HOUR + 2 * SECOND + HOUR))  # a short batch: an hour later

    renewed = await plant.identity.post("/token/refresh", json={"refresh_token": signed["refresh_token"]})
    assert renewed.status_code == 200, renewed.text
