"""Failures per account, on a driven clock: 5 within 15 minutes lock the account for 15 minutes;
10 in a row (short locks in between) lock it until an administrator lifts it; a sign-in or an
unlock starts the count again; while locked, even the right password is refused, and nothing is
recorded (the lock-out was)."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainConflict
from services.identity.domain import events as ev
from services.identity.domain.account import SignInOutcome
from services.identity.domain.codes import AccountState
from tests.unit.identity.builders import ADDRESS, POLICY, T0, fail, minutes, person_account


def sign_in(account, at, ok=True):
    return account.sign_in(password_ok=ok, at=at, address=ADDRESS, session_id="s-1", policy=POLICY)


def test_four_failures_leave_the_account_open_and_the_fifth_within_the_window_locks_it_for_a_quarter_hour():
    account = person_account()
    last = fail(account, T0, times=4)
    assert account.state(last) is AccountState.ACTIVE
    fifth = last + minutes(1)
    assert sign_in(account, fifth, ok=False) is SignInOutcome.FAILED
    assert account.pending()[-1] == ev.AccountLocked(account_id="p-1", enterprise_id="ent-1", at=fifth,
                                                     until=fifth + minutes(15), failures=5)
    assert account.state(fifth + minutes(14)) is AccountState.LOCKED
    assert account.state(fifth + minutes(15)) is AccountState.ACTIVE, "the short lock lapses by itself"


def test_failures_spread_wider_than_the_window_do_not_lock():
    account = person_account()
    last = fail(account, T0, times=8, every=minutes(4))  # never 5 within 15 minutes
    assert not account.locked(last)
    assert [type(e) for e in account.pending()] == [ev.SignInFailed] * 8


def test_the_right_password_is_refused_while_locked_and_nothing_is_recorded():
    account = person_account()
    locked_at = fail(account, T0, times=5)
    account.mark_saved()
    assert sign_in(account, locked_at + minutes(5)) is SignInOutcome.REFUSED
    assert sign_in(account, locked_at + minutes(5), ok=False) is SignInOutcome.REFUSED
    assert account.pending() == []
    assert sign_in(account, locked_at + minutes(15)) is SignInOutcome.SIGNED_IN


def test_ten_failures_in_a_row_lock_until_an_administrator_lifts_it():
    account = person_account()
    first_lock = fail(account, T0, times=5)
    second_start = first_lock + minutes(15)
    tenth = fail(account, second_start, times=5)
    lock = account.pending()[-1]
    assert lock == ev.AccountLocked(account_id="p-1", enterprise_id="ent-1", at=tenth, until=None, failures=10)
    assert account.locked(tenth + minutes(60 * 24 * 30)), "a month later, still locked"
    account.unlock("admin-1", tenth + minutes(60))
    assert account.state(tenth + minutes(60)) is AccountState.ACTIVE
    assert (account.failures_in_a_row, account.recent_failures) == (0, [])


def test_a_sign_in_starts_the_count_again():
    account = person_account()
    last = fail(account, T0, times=4)
    assert sign_in(account, last + minutes(1)) is SignInOutcome.SIGNED_IN
    fail(account, last + minutes(2), times=4)
    assert not account.locked(last + minutes(6))
    assert account.failures_in_a_row == 4


def test_after_a_short_lock_lapses_the_window_counts_afresh():
    account = person_account()
    locked_at = fail(account, T0, times=5)
    after = locked_at + minutes(15)
    fail(account, after, times=4)  # 9 in a row, 4 since the lock: not locked
    assert not account.locked(after + minutes(4))


def test_an_account_not_locked_cannot_be_unlocked():
    account = person_account()
    with pytest.raises(DomainConflict) as refused:
        account.unlock("admin-1", T0)
    assert refused.value.code == "not_locked"


def test_setting_a_password_lifts_a_lock_out_and_says_so():
    account = person_account()
    locked_at = fail(account, T0, times=10, every=minutes(2))
    account.mark_saved()
    account.set_password("admin-1", locked_at + minutes(1))
    assert [type(e) for e in account.pending()] == [ev.AccountUnlocked, ev.PasswordSet]
    assert account.state(locked_at + minutes(1)) is AccountState.MUST_CHANGE


def test_each_failure_records_the_count_in_a_row():
    account = person_account()
    fail(account, T0, times=3)
    assert [e.failures for e in account.pending()] == [1, 2, 3]
