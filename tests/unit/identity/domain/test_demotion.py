"""An enterprise admin's account demoted: closed for good (it exists for nothing else), refusing
sign-ins and changes; only an administrator's account is demoted. A locked holder's change is
refused with the lock's end, or none when only an administrator lifts it."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainConflict, DomainError
from services.identity.domain import events as ev
from services.identity.domain.account import Account, LockedOut, SignInOutcome
from services.identity.domain.codes import AccountState
from tests.unit.identity.builders import ADDRESS, POLICY, T0, fail, minutes, person_account


def admin_account() -> Account:
    account = Account.create_enterprise_admin("a-2", "ent-1", "副管理员", "13800000012", by="a-1")
    account.set_password("a-1", T0)
    account.mark_saved()
    return account


def test_a_demoted_admin_is_closed_for_good():
    account = admin_account()
    account.demote("a-1", T0)
    assert account.pending() == [ev.EnterpriseAdminDemoted(account_id="a-2", enterprise_id="ent-1", by="a-1", at=T0)]
    assert (account.closed, account.state(T0)) == (True, AccountState.DISABLED)
    assert account.sign_in(password_ok=True, at=T0, address=ADDRESS, session_id="s",
                           policy=POLICY) is SignInOutcome.REFUSED
    for again in (lambda: account.demote("a-1", T0), lambda: account.set_password("a-1", T0)):
        with pytest.raises(DomainConflict):
            again()


def test_only_an_administrators_account_is_demoted():
    with pytest.raises(DomainError) as refused:
        person_account().demote("a-1", T0)
    assert (refused.value.field, refused.value.code) == ("account_id", "not_an_admin")


def test_a_locked_holders_change_is_refused_with_when_the_lock_lifts():
    account = person_account()
    last = fail(account, T0, times=5)
    with pytest.raises(LockedOut) as locked:
        account.refuse_change(last + minutes(1))
    assert (locked.value.status, locked.value.until) == (423, last + POLICY.lock_for)
    for_good = person_account()
    fail(for_good, T0, times=10, every=minutes(20))  # 10 in a row, never 5 within 15 min
    with pytest.raises(LockedOut) as by_admin:
        for_good.refuse_change(T0 + minutes(200))
    assert by_admin.value.until is None
