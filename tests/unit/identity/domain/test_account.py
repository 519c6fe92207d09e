"""An account's password state and life: no password until an administrator sets one, which must
be changed at the first sign-in; the holder's own change; disabled for good."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainConflict, DomainError
from services.identity.domain import events as ev
from services.identity.domain.account import Account, SignInOutcome
from services.identity.domain.codes import AccountKind, AccountState, DisabledBecause
from tests.unit.identity.builders import ADDRESS, POLICY, T0, minutes, person_account


def test_a_person_account_has_no_password_and_cannot_sign_in():
    account = person_account(password=False)
    assert account.state(T0) is AccountState.NO_PASSWORD
    outcome = account.sign_in(password_ok=True, at=T0, address=ADDRESS, session_id="s", policy=POLICY)
    assert outcome is SignInOutcome.FAILED, "no stored hash: no password can match, and it counts"


def test_an_initial_password_asks_for_a_change_and_starts_no_session():
    account = person_account(must_change=True)
    outcome = account.sign_in(password_ok=True, at=T0, address=ADDRESS, session_id="s-1", policy=POLICY)
    assert outcome is SignInOutcome.CHANGE_REQUIRED
    assert account.pending() == [ev.SignedIn(account_id="p-1", enterprise_id="ent-1", session_id=None,
                                             address=ADDRESS, at=T0, password_change_required=True)]
    account.change_password(T0 + minutes(1))
    assert account.state(T0 + minutes(1)) is AccountState.ACTIVE


def test_a_sign_in_names_its_session():
    account = person_account()
    assert account.sign_in(password_ok=True, at=T0, address=ADDRESS, session_id="s-1",
                           policy=POLICY) is SignInOutcome.SIGNED_IN
    assert account.pending()[0].session_id == "s-1"
    assert account.last_sign_in_at == T0


def test_a_disabled_account_stays_disabled_and_refuses_everything():
    account = person_account()
    account.disable(DisabledBecause.LEFT, "system:identity-directory", T0)
    account.disable(DisabledBecause.LEFT, "system:identity-directory", T0)
    assert [type(e) for e in account.pending()] == [ev.AccountDisabled]
    assert account.sign_in(password_ok=True, at=T0, address=ADDRESS, session_id="s",
                           policy=POLICY) is SignInOutcome.REFUSED
    with pytest.raises(DomainConflict):
        account.set_password("admin-1", T0)
    with pytest.raises(DomainConflict):
        account.change_password(T0)


def test_a_locked_holder_cannot_change_the_password_either():
    account = person_account()
    for i in range(5):
        account.sign_in(password_ok=False, at=T0 + minutes(i), address=ADDRESS, session_id="s", policy=POLICY)
    with pytest.raises(DomainConflict) as refused:
        account.change_password(T0 + minutes(5))
    assert refused.value.code == "locked"


def test_a_regulator_reads_a_sorted_jurisdiction_changed_as_a_whole():
    regulator = Account.create_regulator("r-1", "王监管", "13800000001", ["ent-2", "ent-1", "ent-2"], by="operator")
    assert (regulator.kind, regulator.jurisdiction) == (AccountKind.REGULATOR, ["ent-1", "ent-2"])
    regulator.mark_saved()
    regulator.change_jurisdiction(["ent-1", "ent-2"], by="operator")
    assert regulator.pending() == [], "the same list changes nothing"
    regulator.change_jurisdiction(["ent-3"], by="operator")
    assert regulator.pending() == [ev.JurisdictionChanged(account_id="r-1", jurisdiction=["ent-3"], by="operator")]
    with pytest.raises(DomainError) as refused:
        regulator.change_jurisdiction([], by="operator")
    assert refused.value.field == "jurisdiction"


def test_only_a_regulator_has_a_jurisdiction():
    with pytest.raises(DomainError):
        person_account().change_jurisdiction(["ent-1"], by="operator")


def test_an_enterprise_admin_account_keeps_its_name_and_mobile():
    admin = Account.create_enterprise_admin("a-1", "ent-1", "信息管理员", "13800000002", by="operator")
    assert (admin.kind, admin.enterprise_id, admin.mobile) == (AccountKind.ENTERPRISE_ADMIN, "ent-1", "13800000002")
    assert admin.state(T0) is AccountState.NO_PASSWORD
