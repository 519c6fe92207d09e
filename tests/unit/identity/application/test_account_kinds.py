"""One mobile number holding two kinds of account, on fakes: a regulator's number that the
directory later registers for a person too. A sign-in without `kind` does not guess: given the
right password for one of them it answers 409 naming the kinds (and records nothing); with `kind`
it signs that account in; a wrong password counts against both and answers the usual 401."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainError
from libs.errors import AppError
from libs.repository import CommandContext
from services.identity.application import administration as admin
from services.identity.application import commands as c
from services.identity.application import own_password
from services.identity.application import signing_in as s
from services.identity.application.refusals import NOT_SIGNED_IN
from services.identity.domain.codes import AccountKind, AccountState
from tests.unit.identity.application.flows import CHOSEN, INITIAL, MOBILE, events, person_with_password, wired
from tests.unit.identity.builders import ADDRESS

OPERATOR = CommandContext("operator", None, "corr-op")
REGULATORS = "regul4567"


async def refused(call) -> AppError | DomainError:
    with pytest.raises((AppError, DomainError)) as caught:
        await call
    return caught.value


async def sign_in(w, password: str, kind: AccountKind | None = None, enterprise_id: str | None = None):
    return await s.sign_in(c.SignIn(mobile=MOBILE, password=password, kind=kind, enterprise_id=enterprise_id),
                           w.identity, ADDRESS, "corr")


async def regulator_and_person(w) -> str:
    """A regulator with MOBILE (password REGULATORS), then a person of ent-1 with the same number."""
    w.directory.enterprises.add("ent-1")
    rid = await admin.create_regulator(c.CreateRegulator(name="王监管", mobile=MOBILE, jurisdiction=["ent-1"],
                                                         password=INITIAL), w.identity, OPERATOR)
    first = await sign_in(w, INITIAL)
    await own_password.change_password(c.ChangePassword(old_password=INITIAL, new_password=REGULATORS), w.identity,
                                       first.token.token, ADDRESS, "corr")
    await person_with_password(w)  # its own sign-ins name the enterprise: the regulator names none
    return rid


async def test_the_right_password_without_a_kind_is_asked_which_kind_and_nothing_is_recorded():
    w = wired()
    await regulator_and_person(w)
    before, hashed = len(await events(w)), w.identity.passwords.verifications
    for password in (CHOSEN, REGULATORS):
        ask = await refused(sign_in(w, password))
        assert (ask.status, ask.code, ask.field) == (409, "account_kind_required", "kind")
        assert "企业人员、监管人员" in ask.message and "person、regulator" in ask.message
    assert len(await events(w)) == before
    assert w.identity.passwords.verifications - hashed == 4, "each account's hash checked, every time"


async def test_the_kind_chosen_signs_that_account_in():
    w = wired()
    rid = await regulator_and_person(w)
    person = await sign_in(w, CHOSEN, AccountKind.PERSON)
    regulator = await sign_in(w, REGULATORS, AccountKind.REGULATOR)
    assert isinstance(person, s.SessionTokens) and isinstance(regulator, s.SessionTokens)
    assert (person.account_id, regulator.account_id) == ("p-1", rid)
    wrong_kind = await refused(sign_in(w, CHOSEN, AccountKind.REGULATOR))
    assert (wrong_kind.status, wrong_kind.message) == (401, NOT_SIGNED_IN)


async def test_a_wrong_password_without_a_kind_counts_against_both_and_locks_both():
    w = wired()
    rid = await regulator_and_person(w)
    wrong = await refused(sign_in(w, "wrong-pass1"))
    assert (wrong.status, wrong.message) == (401, NOT_SIGNED_IN)
    assert [(await w.identity.accounts.get(a)).failures_in_a_row for a in ("p-1", rid)] == [1, 1]
    w.throttle.settle()
    assert len(w.throttle.failures) == 1, "one failure of the address, not one per account"
    for _ in range(4):
        await refused(sign_in(w, "wrong-pass1"))
    at = w.identity.clock.now()
    assert [(await w.identity.accounts.get(a)).state(at) for a in ("p-1", rid)] == [AccountState.LOCKED] * 2


async def test_an_administrator_and_a_person_of_one_enterprise_choose_even_with_the_enterprise_named():
    w = wired()
    w.directory.enterprises.add("ent-1")
    await admin.create_enterprise_admin(c.CreateEnterpriseAdmin(enterprise_id="ent-1", name="信息管理员", mobile=MOBILE,
                                                                password=INITIAL), w.identity, OPERATOR)
    await person_with_password(w, opened=False, change=False)
    ask = await refused(sign_in(w, INITIAL, enterprise_id="ent-1"))
    assert ask.status == 409 and "企业人员、企业管理员" in ask.message
    assert isinstance(await sign_in(w, INITIAL, AccountKind.ENTERPRISE_ADMIN, "ent-1"), s.ChangeFirst)
