"""Enterprise admins appointing and demoting one another, on fakes: the appointed one signs in
(after changing the initial password) as an administrator; a demoted one signs in no more and
loses every session; the last administrator of an enterprise is never demoted (409, why in
Chinese); only an administrator's account is demoted, and only in its own enterprise."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainError
from libs.errors import AppError
from libs.repository import CommandContext
from services.identity.application import administration as admin
from services.identity.application import admins, own_password
from services.identity.application import commands as c
from services.identity.application import signing_in as s
from services.identity.domain import events as ev
from services.identity.domain.codes import AccountState, SessionEnd
from tests.unit.identity.application.flows import INITIAL, person_with_password, wired
from tests.unit.identity.builders import ADDRESS

OPERATOR = CommandContext("operator", None, "corr-op")
FIRST, SECOND = "13800000011", "13800000012"


async def refused(call) -> AppError | DomainError:
    with pytest.raises((AppError, DomainError)) as caught:
        await call
    return caught.value


async def signed_in_admin(w, mobile: str) -> s.SessionTokens:
    first = await s.sign_in(c.SignIn(mobile=mobile, password=INITIAL), w.identity, ADDRESS, "corr")
    await own_password.change_password(c.ChangePassword(old_password=INITIAL, new_password="chosen4567"),
                                       w.identity, first.token.token, ADDRESS, "corr")
    signed = await s.sign_in(c.SignIn(mobile=mobile, password="chosen4567"), w.identity, ADDRESS, "corr")
    assert isinstance(signed, s.SessionTokens)
    return signed


async def plant_with_first_admin(w) -> str:
    w.directory.enterprises.add("ent-1")
    return await admin.create_enterprise_admin(c.CreateEnterpriseAdmin(
        enterprise_id="ent-1", name="信息管理员", mobile=FIRST, password=INITIAL), w.identity, OPERATOR)


async def test_an_admin_appoints_another_who_signs_in_as_an_administrator():
    w = wired()
    first = await plant_with_first_admin(w)
    by_first = CommandContext(first, "ent-1", "corr-appoint")
    second = await admins.appoint(c.AppointEnterpriseAdmin(name="副管理员", mobile=SECOND, password=INITIAL)
                                  .for_("ent-1"), w.identity, by_first)
    created = [e for e in await w.identity.store.load(f"account-{second}")]
    assert created[0].data["by"] == first
    signed = await signed_in_admin(w, SECOND)
    assert signed.account_id == second
    assert sorted(await w.identity.lookups.admins("ent-1")) == sorted([first, second])


async def test_a_demoted_admin_signs_in_no_more_and_loses_every_session():
    w = wired()
    first = await plant_with_first_admin(w)
    by_first = CommandContext(first, "ent-1", "corr-demote")
    second = await admins.appoint(c.AppointEnterpriseAdmin(name="副管理员", mobile=SECOND, password=INITIAL)
                                  .for_("ent-1"), w.identity, by_first)
    session = await signed_in_admin(w, SECOND)
    await admins.demote(c.DemoteEnterpriseAdmin().for_("ent-1", second), w.identity, by_first)
    account = await w.identity.accounts.get(second)
    assert account.state(w.identity.clock.now()) is AccountState.DISABLED
    assert (await w.identity.sessions.get(session.session_id)).ended is SessionEnd.DISABLED
    demoted = [e for e in await w.identity.store.load(f"account-{second}")
               if e.type == ev.EnterpriseAdminDemoted.TYPE]
    assert [e.data["by"] for e in demoted] == [first]
    assert (await refused(s.sign_in(c.SignIn(mobile=SECOND, password="chosen4567"), w.identity, ADDRESS,
                                    "c"))).status == 401
    again = await refused(admins.demote(c.DemoteEnterpriseAdmin().for_("ent-1", second), w.identity, by_first))
    assert again.status == 409


async def test_the_last_admin_is_never_demoted_not_even_by_themself():
    w = wired()
    first = await plant_with_first_admin(w)
    last = await refused(admins.demote(c.DemoteEnterpriseAdmin().for_("ent-1", first), w.identity,
                                       CommandContext(first, "ent-1", "corr")))
    assert (last.status, last.code, last.field) == (409, "last_admin", "account_id")
    assert "最后一位企业管理员" in last.message
    assert (await w.identity.accounts.get(first)).state(w.identity.clock.now()) is not AccountState.DISABLED


async def test_only_an_administrators_account_of_the_enterprise_is_demoted():
    w = wired()
    first = await plant_with_first_admin(w)
    await person_with_password(w, change=False)  # p-1, a person of ent-1
    by_first = CommandContext(first, "ent-1", "corr")
    person = await refused(admins.demote(c.DemoteEnterpriseAdmin().for_("ent-1", "p-1"), w.identity, by_first))
    assert (person.status, person.field) == (404, "account_id")
    elsewhere = await refused(admins.demote(c.DemoteEnterpriseAdmin().for_("ent-2", first), w.identity,
                                            CommandContext(first, "ent-2", "corr")))
    assert elsewhere.status == 404
