"""Administering accounts on fakes: an initial password set by the enterprise admin (policy, ends
sessions, lifts a lock-out); unlocking; the platform's regulators and enterprise administrators
(a number that would be ambiguous is refused; the jurisdiction must be known enterprises)."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from libs.aggregate import DomainConflict, DomainError
from libs.config import DEV_JWT_KEY
from libs.errors import AppError, Conflict, NotFound
from libs.pagination import PageParams
from libs.repository import CommandContext
from services.identity.application import administration as admin
from services.identity.application import commands as c
from services.identity.application import own_password, sessions
from services.identity.application import signing_in as s
from services.identity.domain.codes import AccountState, SessionEnd
from tests.unit.identity.application.flows import ADMIN, CHOSEN, MOBILE, person_with_password, sign_in, wired
from tests.unit.identity.builders import ADDRESS

OPERATOR = CommandContext("operator", None, "corr-op")
PAGE = PageParams(limit=50, offset=0)


async def refused(call) -> AppError | DomainError:
    with pytest.raises((AppError, DomainError)) as caught:
        await call
    return caught.value


async def test_an_initial_password_follows_the_policy_and_names_the_field():
    w = wired()
    await person_with_password(w, change=False)
    weak = await refused(admin.set_initial_password(c.SetInitialPassword(password="abcdefgh").for_("ent-1", "p-1"),
                                                    w.identity, ADMIN))
    assert (weak.field, weak.message) == ("password", "初始密码须同时包含字母和数字")


async def test_another_enterprises_account_is_not_found():
    w = wired()
    await person_with_password(w, change=False)
    missing = await refused(admin.set_initial_password(
        c.SetInitialPassword(password="initial123").for_("ent-2", "p-1"), w.identity, ADMIN))
    assert isinstance(missing, NotFound) and missing.field == "account_id"


async def test_a_reset_ends_every_session_and_asks_for_a_change_again():
    w = wired()
    await person_with_password(w)
    signed = await sign_in(w)
    await admin.set_initial_password(c.SetInitialPassword(password="reset12345").for_("ent-1", "p-1"), w.identity,
                                     ADMIN)
    assert (await w.identity.sessions.get(signed.session_id)).ended is SessionEnd.PASSWORD_RESET
    assert isinstance(await sign_in(w, "reset12345"), s.ChangeFirst)


async def test_an_administrator_lifts_a_lock_out_and_the_person_signs_in():
    w = wired()
    await person_with_password(w)
    for _ in range(10):
        await refused(sign_in(w, "wrong-pass1"))
        w.identity.clock.advance(timedelta(minutes=4))
    row = await w.queries.account("ent-1", "p-1", w.identity.clock.now())
    assert (row["state"], row["locked_until"]) == (AccountState.LOCKED.value, None)
    await admin.unlock(c.UnlockAccount().for_("ent-1", "p-1"), w.identity, ADMIN)
    assert isinstance(await sign_in(w), s.SessionTokens)
    not_locked = await refused(admin.unlock(c.UnlockAccount().for_("ent-1", "p-1"), w.identity, ADMIN))
    assert isinstance(not_locked, DomainConflict) and not_locked.code == "not_locked"


async def test_the_enterprises_list_shows_people_and_administrators_with_their_state():
    w = wired()
    await person_with_password(w)
    w.directory.register("p-2", "ent-1", "13900000002", ["team_leader"], name="李四")
    admin_id = await admin.create_enterprise_admin(c.CreateEnterpriseAdmin(
        enterprise_id="ent-1", name="信息管理员", mobile="13900000009", password="admin12345"), w.identity, OPERATOR)
    rows, total = await w.queries.accounts("ent-1", w.identity.clock.now(), PAGE)
    assert total == 3
    assert {r["id"]: r["state"] for r in rows} == {"p-1": "active", "p-2": "no_password", admin_id: "must_change"}
    locked, _ = await w.queries.accounts("ent-1", w.identity.clock.now(), PAGE, state=AccountState.NO_PASSWORD)
    assert [r["id"] for r in locked] == ["p-2"]


async def test_an_enterprise_admin_signs_in_with_the_admin_role_after_the_change():
    w = wired()
    w.directory.enterprises.add("ent-1")
    await admin.create_enterprise_admin(c.CreateEnterpriseAdmin(
        enterprise_id="ent-1", name="信息管理员", mobile="13900000009", password="admin12345"), w.identity, OPERATOR)
    first = await sign_in(w, "admin12345", mobile="13900000009")
    await own_password.change_password(c.ChangePassword(old_password="admin12345", new_password=CHOSEN), w.identity,
                                       first.token.token, ADDRESS, "corr")
    signed = await sign_in(w, mobile="13900000009")
    claims = jwt.decode(signed.access.token, DEV_JWT_KEY, algorithms=["HS256"], issuer="shuangkong")
    assert (claims["ent"], claims["roles"]) == ("ent-1", ["enterprise_admin"])


async def test_an_administrators_number_taken_in_the_enterprise_is_refused():
    w = wired()
    await person_with_password(w)
    taken = await refused(admin.create_enterprise_admin(c.CreateEnterpriseAdmin(
        enterprise_id="ent-1", name="管理员", mobile=MOBILE, password="admin12345"), w.identity, OPERATOR))
    assert isinstance(taken, Conflict) and taken.field == "mobile"


async def test_a_regulator_signs_in_with_the_jurisdiction_which_the_platform_changes():
    w = wired()
    w.directory.enterprises |= {"ent-1", "ent-2"}
    rid = await admin.create_regulator(c.CreateRegulator(name="王监管", mobile="13800000001",
                                                         jurisdiction=["ent-2", "ent-1"], password="watch12345"),
                                       w.identity, OPERATOR)
    first = await sign_in(w, "watch12345", mobile="13800000001")
    await own_password.change_password(c.ChangePassword(old_password="watch12345", new_password=CHOSEN), w.identity,
                                       first.token.token, ADDRESS, "corr")
    signed = await sign_in(w, mobile="13800000001")
    claims = jwt.decode(signed.access.token, DEV_JWT_KEY, algorithms=["HS256"], issuer="shuangkong")
    assert (claims["roles"], claims["jur"], "ent" in claims) == (["regulator"], ["ent-1", "ent-2"], False)
    await admin.change_jurisdiction(rid, c.ChangeJurisdiction(jurisdiction=["ent-2"]), w.identity, OPERATOR)
    renewed = await sessions.refresh(c.RefreshTokens(refresh_token=signed.refresh.token), w.identity, "corr")
    assert jwt.decode(renewed.access.token, DEV_JWT_KEY, algorithms=["HS256"], issuer="shuangkong")["jur"] == ["ent-2"]


async def test_a_jurisdiction_names_known_enterprises_only():
    w = wired()
    w.directory.enterprises.add("ent-1")
    unknown = await refused(admin.create_regulator(c.CreateRegulator(
        name="王监管", mobile="13800000001", jurisdiction=["ent-1", "ent-x"], password="watch12345"),
        w.identity, OPERATOR))
    assert (unknown.field, unknown.code) == ("jurisdiction.1", "unknown_enterprise")


async def test_a_regulators_number_must_be_nobody_elses():
    w = wired()
    await person_with_password(w)
    taken = await refused(admin.create_regulator(c.CreateRegulator(
        name="王监管", mobile=MOBILE, jurisdiction=["ent-1"], password="watch12345"), w.identity, OPERATOR))
    assert taken.field == "mobile"


async def test_closing_a_regulator_ends_their_sessions_for_good():
    w = wired()
    w.directory.enterprises.add("ent-1")
    rid = await admin.create_regulator(c.CreateRegulator(name="王监管", mobile="13800000001", jurisdiction=["ent-1"],
                                                         password="watch12345"), w.identity, OPERATOR)
    await admin.close_regulator(rid, w.identity, OPERATOR)
    row = await w.queries.regulator(rid, w.identity.clock.now())
    assert row["state"] == AccountState.DISABLED.value
    await refused(sign_in(w, "watch12345", mobile="13800000001"))
