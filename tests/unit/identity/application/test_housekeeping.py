"""Pruning refresh-token rows on fakes, by the driven clock: a firing deletes at most its batch of
expired rows, comes back a second later after a full batch and an hour later otherwise; rows of
sessions that can still be refreshed stay, and refresh."""

from __future__ import annotations

from datetime import timedelta

from libs.clock import FixedClock
from libs.deadlines import DeadlineScheduler, InMemoryDeadlines
from services.identity import bootstrap
from services.identity.application import commands as c
from services.identity.application import sessions
from services.identity.application import signing_in as s
from services.identity.application.housekeeping import KEY, PRUNE, Pruning, pruning, start_pruning
from services.identity.settings import IdentitySettings
from tests.unit.identity.application.flows import person_with_password, sign_in
from tests.unit.identity.builders import T0, minutes

HOUR = timedelta(hours=1)


def rows(w) -> int:
    w.secrets.settle()  # what committed units of work staged
    return len(w.secrets.refresh_tokens)


async def _due(book: InMemoryDeadlines) -> list:
    return [(d.key, d.due_at) for d in await book.pending()]


async def test_expired_rows_go_a_batch_at_a_time_and_live_ones_stay():
    clock = FixedClock(T0)
    w = bootstrap.in_memory(clock=clock, identity=IdentitySettings(session_ttl_s=3600))
    book = InMemoryDeadlines()
    scheduler = DeadlineScheduler(book, w.identity.store, {
        PRUNE: pruning(w.secrets, book, clock, Pruning(batch=3, every=HOUR))}, clock)
    await person_with_password(w)  # its first sign-in asked for a change: no session, no row
    for _ in range(5):
        await sign_in(w)  # 5 sessions expiring at T0 + 1 h
    await start_pruning(book, w.identity.store, clock)
    assert (await scheduler.fire_due()).fired == 1
    assert rows(w) == 5, "nothing had expired yet"
    assert await _due(book) == [(KEY, T0 + HOUR)]
    clock.advance(minutes(30))
    live = [await sign_in(w) for _ in range(2)]  # expiring at T0 + 1.5 h
    assert rows(w) == 7

    clock.set(T0 + HOUR)
    assert (await scheduler.fire_due()).fired == 1
    assert rows(w) == 4, "one batch of 3"
    assert await _due(book) == [(KEY, T0 + HOUR + timedelta(seconds=1))], "a full batch: again soon"
    assert (await scheduler.fire_due()).fired == 0, "not before its time"
    clock.advance(timedelta(seconds=1))
    await scheduler.fire_due()
    assert rows(w) == 2, "the rest of the expired ones"
    assert await _due(book) == [(KEY, T0 + HOUR + timedelta(seconds=1) + HOUR)]

    for signed in live:
        assert isinstance(signed, s.SessionTokens)
        renewed = await sessions.refresh(c.RefreshTokens(refresh_token=signed.refresh.token), w.identity, "corr")
        assert renewed.session_id == signed.session_id


async def test_starting_again_sets_the_one_deadline_due_at_once():
    clock = FixedClock(T0)
    w = bootstrap.in_memory(clock=clock)
    book = InMemoryDeadlines()
    await start_pruning(book, w.identity.store, clock)
    clock.advance(minutes(5))
    await start_pruning(book, w.identity.store, clock)
    assert await _due(book) == [(KEY, T0 + minutes(5))]
