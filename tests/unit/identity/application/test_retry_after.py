"""Retry-After on fakes, by the driven clock: an address turned away (429) and a locked account's
own change of password (423) say how many seconds until a new attempt can succeed, and the
number shrinks as the clock moves."""

from __future__ import annotations

from datetime import timedelta

import pytest

from libs.errors import AppError
from services.identity.application import commands as c
from services.identity.application import own_password
from services.identity.application import signing_in as s
from services.identity.domain.rules import seconds_until
from tests.unit.identity.application.flows import CHOSEN, person_with_password, sign_in, wired
from tests.unit.identity.builders import ADDRESS, T0, minutes


async def refusal(call) -> AppError:
    with pytest.raises(AppError) as caught:
        await call
    return caught.value


def test_a_wait_is_whole_seconds_rounded_up_and_never_zero():
    assert seconds_until(T0, T0 + timedelta(seconds=90)) == 90
    assert seconds_until(T0, T0 + timedelta(seconds=1.2)) == 2
    assert seconds_until(T0, T0) == 1


async def test_a_throttled_address_is_told_when_its_oldest_counted_failure_leaves_the_window():
    w = wired(address_limit=3)  # 3 failures in 10 minutes turn it away
    clock = w.identity.clock
    for n in range(3):
        await refusal(sign_in(w, mobile=f"1370000000{n}"))
        clock.advance(minutes(1))
    turned_away = await refusal(sign_in(w))  # failures at 0, 1, 2 min; now 3 min
    assert (turned_away.status, turned_away.headers) == (429, {"Retry-After": str(7 * 60)})
    assert "7分钟" in turned_away.message
    clock.advance(timedelta(minutes=6, seconds=30))
    later = await refusal(sign_in(w))
    assert later.headers == {"Retry-After": "30"} and "30秒" in later.message
    clock.advance(timedelta(seconds=30))
    await refusal(sign_in(w, "wrong-pass1"))  # no longer turned away: a plain failure (401)
    assert (await refusal(sign_in(w))).status == 429, "that failure counts again"


async def test_the_newest_failures_decide_when_a_busy_address_may_try_again():
    w = wired(address_limit=3)
    clock = w.identity.clock
    for n in range(3):  # failures at 0, 1 and 2 min
        await refusal(sign_in(w, mobile=f"1370000000{n}"))
        clock.advance(minutes(1))
    clock.set(T0 + timedelta(minutes=10, seconds=30))  # the first has left the window
    await refusal(sign_in(w, "wrong-pass1"))  # a failure at 10.5 min: 1, 2 and 10.5 count now
    assert (await refusal(sign_in(w))).headers == {"Retry-After": "30"}  # the one at 1 min leaves at 11


async def _locked_holder(w) -> str:
    """A person signed in, then locked out by five wrong passwords; their access token."""
    await person_with_password(w)
    signed = await sign_in(w)
    assert isinstance(signed, s.SessionTokens)
    for _ in range(5):
        await refusal(sign_in(w, "wrong-pass1"))
    return signed.access.token


async def test_a_locked_holder_changing_the_password_is_told_when_the_lock_lifts():
    w = wired()
    token = await _locked_holder(w)  # locked at T0 for 15 minutes
    change = c.ChangePassword(old_password=CHOSEN, new_password="another789")
    locked = await refusal(own_password.change_password(change, w.identity, token, ADDRESS, "corr"))
    assert (locked.status, locked.code, locked.field) == (423, "locked", "account_id")
    assert locked.headers == {"Retry-After": str(15 * 60)}
    w.identity.clock.advance(minutes(10))
    again = await refusal(own_password.change_password(change, w.identity, token, ADDRESS, "corr"))
    assert again.headers == {"Retry-After": str(5 * 60)}
    assert w.identity.clock.now() == T0 + minutes(10)


async def test_a_lock_only_an_administrator_lifts_names_no_time():
    w = wired(lock_until_admin_after=5)
    token = await _locked_holder(w)
    change = c.ChangePassword(old_password=CHOSEN, new_password="another789")
    locked = await refusal(own_password.change_password(change, w.identity, token, ADDRESS, "corr"))
    assert (locked.status, locked.headers) == (423, None)
