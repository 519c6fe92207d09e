"""Signing in on fakes: an initial password gets only a token to change it; the change opens
sessions; wrong passwords lock the account (and end its sessions); an unknown number, a wrong
password and a locked account answer alike, after one hash each; an address that keeps failing
is turned away."""

from __future__ import annotations

import jwt
import pytest

from libs.aggregate import DomainError
from libs.config import DEV_JWT_KEY
from libs.errors import Unauthorized
from services.identity.application import commands as c
from services.identity.application import own_password, sessions
from services.identity.application import signing_in as s
from services.identity.application.refusals import NOT_SIGNED_IN, TooManyAttempts
from services.identity.domain.codes import AccountState, SessionEnd
from tests.unit.identity.application.flows import (
    CHOSEN,
    INITIAL,
    MOBILE,
    events,
    person_with_password,
    sign_in,
    wired,
)
from tests.unit.identity.builders import ADDRESS, minutes


def claims(token: str) -> dict:
    return jwt.decode(token, DEV_JWT_KEY, algorithms=["HS256"], issuer="shuangkong")


async def refused(call) -> Exception:
    with pytest.raises((Unauthorized, DomainError, TooManyAttempts)) as caught:
        await call
    return caught.value


async def test_an_initial_password_gets_only_a_token_to_change_it():
    w = wired()
    await person_with_password(w, change=False)
    first = await sign_in(w, INITIAL)
    assert isinstance(first, s.ChangeFirst)
    token = claims(first.token.token)
    assert token["typ"] == "password_change" and token["sub"] == "p-1"
    assert not {"ent", "roles", "sid"} & set(token), "it opens nothing else"
    assert await w.identity.lookups.open_sessions("p-1", w.identity.clock.now()) == []


async def test_after_the_change_a_sign_in_opens_a_session_with_the_directorys_roles():
    w = wired()
    await person_with_password(w, roles=("safety_officer", "worker"))
    signed = await sign_in(w)
    assert isinstance(signed, s.SessionTokens)
    access, refresh = claims(signed.access.token), claims(signed.refresh.token)
    assert (access["typ"], access["sub"], access["ent"], access["roles"], access["sid"]) == (
        "access", "p-1", "ent-1", ["safety_officer", "worker"], signed.session_id)
    assert access["exp"] - access["iat"] == 15 * 60
    assert (refresh["typ"], refresh["sid"]) == ("refresh", signed.session_id)
    assert not {"ent", "roles"} & set(refresh)
    assert refresh["exp"] - refresh["iat"] == 14 * 24 * 3600


async def test_the_old_password_no_longer_works_after_the_change():
    w = wired()
    await person_with_password(w)
    assert (await refused(sign_in(w, INITIAL))).message == NOT_SIGNED_IN


async def test_an_unknown_number_a_wrong_password_and_a_locked_account_answer_alike_after_one_hash_each():
    w = wired()
    await person_with_password(w)
    answers = []
    for attempt in (sign_in(w, mobile="13700000000"), sign_in(w, "wrong-pass1")):
        before = w.identity.passwords.verifications
        answers.append(await refused(attempt))
        assert w.identity.passwords.verifications == before + 1
    for _ in range(4):
        await refused(sign_in(w, "wrong-pass1"))
    before = w.identity.passwords.verifications
    answers.append(await refused(sign_in(w, CHOSEN)))  # locked: even the right password
    assert w.identity.passwords.verifications == before + 1
    assert {(type(a), a.status, a.code, a.message) for a in answers} == {
        (Unauthorized, 401, "sign_in_failed", NOT_SIGNED_IN)}


async def test_five_failures_lock_and_end_the_sessions_and_the_lock_lapses_on_the_clock():
    w = wired()
    await person_with_password(w)
    signed = await sign_in(w)
    for _ in range(5):
        await refused(sign_in(w, "wrong-pass1"))
    clock = w.identity.clock
    row = await w.queries.account("ent-1", "p-1", clock.now())
    assert row["state"] == AccountState.LOCKED.value
    session = await w.identity.sessions.get(signed.session_id)
    assert session.ended is SessionEnd.LOCKED
    assert (await refused(sessions.refresh(c.RefreshTokens(refresh_token=signed.refresh.token), w.identity,
                                    "corr"))).status == 401
    clock.advance(minutes(15))
    assert isinstance(await sign_in(w), s.SessionTokens)


async def test_an_address_that_keeps_failing_is_turned_away_before_any_hash():
    w = wired(address_limit=3)
    await person_with_password(w)
    for n in range(3):
        await refused(sign_in(w, mobile=f"1370000000{n}"))
    before = w.identity.passwords.verifications
    turned_away = await refused(sign_in(w))
    assert (turned_away.status, turned_away.code) == (429, "too_many_attempts")
    assert w.identity.passwords.verifications == before
    assert isinstance(await sign_in(w, address="198.51.100.1"), s.SessionTokens), "another address is not"
    w.identity.clock.advance(minutes(10))
    assert isinstance(await sign_in(w), s.SessionTokens), "the window slid past"


async def test_a_number_in_two_enterprises_signs_in_only_with_the_enterprise_named():
    w = wired()
    await person_with_password(w, "p-1", enterprise_id="ent-1")
    await person_with_password(w, "p-2", enterprise_id="ent-2")
    assert (await refused(sign_in(w))).message == NOT_SIGNED_IN
    signed = await sign_in(w, enterprise_id="ent-2")
    assert claims(signed.access.token)["sub"] == "p-2"


async def test_a_wrong_old_password_counts_as_a_failure_and_names_the_field():
    w = wired()
    await person_with_password(w)
    signed = await sign_in(w)
    change = c.ChangePassword(old_password="wrong-pass1", new_password="another789")
    wrong = await refused(own_password.change_password(change, w.identity, signed.access.token, ADDRESS, "corr"))
    assert (wrong.field, wrong.code) == ("old_password", "wrong_password")
    account = await w.identity.accounts.get("p-1")
    assert account.failures_in_a_row == 1


async def test_a_weak_new_password_is_refused_naming_it_before_anything_is_hashed():
    w = wired()
    await person_with_password(w)
    signed = await sign_in(w)
    before = w.identity.passwords.verifications
    for new, message in (("short1", "新密码至少8位"), (f"a{MOBILE}", "新密码不能包含本人的手机号"),
                         (CHOSEN, "新密码不能与旧密码相同")):
        change = c.ChangePassword(old_password=CHOSEN, new_password=new)
        weak = await refused(own_password.change_password(change, w.identity, signed.access.token, ADDRESS, "corr"))
        assert (weak.field, weak.message) == ("new_password", message)
    assert w.identity.passwords.verifications == before


async def test_a_change_ends_every_session_and_the_new_password_signs_in():
    w = wired()
    await person_with_password(w)
    phone, desk = await sign_in(w), await sign_in(w)
    change = c.ChangePassword(old_password=CHOSEN, new_password="another789")
    await own_password.change_password(change, w.identity, phone.access.token, ADDRESS, "corr")
    for signed in (phone, desk):
        assert (await w.identity.sessions.get(signed.session_id)).ended is SessionEnd.PASSWORD_CHANGED
    assert isinstance(await sign_in(w, "another789"), s.SessionTokens)


async def test_a_refresh_token_cannot_change_a_password():
    w = wired()
    await person_with_password(w)
    signed = await sign_in(w)
    change = c.ChangePassword(old_password=CHOSEN, new_password="another789")
    refusal = await refused(own_password.change_password(change, w.identity, signed.refresh.token, ADDRESS, "c"))
    assert refusal.status == 401


async def test_no_event_carries_a_password_a_token_or_a_hash():
    w = wired()
    await person_with_password(w)
    signed = await sign_in(w)
    renewed = await sessions.refresh(c.RefreshTokens(refresh_token=signed.refresh.token), w.identity, "corr")
    await refused(sign_in(w, "wrong-pass1"))
    text = str([(e.data, e.metadata) for e in await events(w)])
    kept = [*w.secrets.passwords.values(), *(k.hex() for k in w.secrets.refresh_tokens)]
    for secret in (INITIAL, CHOSEN, "wrong-pass1", signed.access.token, signed.refresh.token, renewed.refresh.token,
                   *kept, "$argon2"):
        assert secret not in text
