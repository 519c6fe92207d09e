"""Refresh tokens on fakes: each use rotates (the new pair works, the spent one is dead); a spent
one coming back revokes the whole session, the thief's fresh token included; two refreshes with
one token at once are one rotation and one reuse; sign-out ends the session; the session's end
is the sign-in's time plus fourteen days, on the service's clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from libs.errors import Unauthorized
from services.identity.application import commands as c
from services.identity.application import sessions
from services.identity.application import signing_in as s
from services.identity.domain.codes import SessionEnd
from tests.unit.identity.application.flows import person_with_password, sign_in, wired


async def refresh(w, token: str) -> s.SessionTokens:
    return await sessions.refresh(c.RefreshTokens(refresh_token=token), w.identity, "corr-refresh")


async def refused(w, token: str) -> Unauthorized:
    with pytest.raises(Unauthorized) as caught:
        await refresh(w, token)
    return caught.value


async def signed_in():
    w = wired()
    await person_with_password(w)
    return w, await sign_in(w)


async def test_each_refresh_rotates_and_the_new_token_is_the_one_that_works():
    w, signed = await signed_in()
    second = await refresh(w, signed.refresh.token)
    third = await refresh(w, second.refresh.token)
    assert second.session_id == third.session_id == signed.session_id
    assert len({signed.refresh.token, second.refresh.token, third.refresh.token}) == 3
    assert (await w.identity.sessions.get(signed.session_id)).generation == 3


async def test_a_spent_token_coming_back_revokes_the_session_and_the_newest_token_with_it():
    w, signed = await signed_in()
    thief = await refresh(w, signed.refresh.token)  # the thief spends it first
    reuse = await refused(w, signed.refresh.token)  # the owner's copy comes back
    assert reuse.code == "refresh_reused"
    assert (await w.identity.sessions.get(signed.session_id)).ended is SessionEnd.REFRESH_REUSED
    assert (await refused(w, thief.refresh.token)).code == "unauthorized", "the thief's is dead too"


async def test_two_refreshes_with_one_token_at_once_are_a_rotation_and_a_reuse():
    w, signed = await signed_in()
    results = await asyncio.gather(refresh(w, signed.refresh.token), refresh(w, signed.refresh.token),
                                   return_exceptions=True)
    assert sorted(type(r).__name__ for r in results) == ["SessionTokens", "Unauthorized"]
    assert (await w.identity.sessions.get(signed.session_id)).ended is SessionEnd.REFRESH_REUSED


async def test_sign_out_ends_the_session_and_its_tokens():
    w, signed = await signed_in()
    await sessions.sign_out(c.SignOut(refresh_token=signed.refresh.token), w.identity, "corr")
    assert (await w.identity.sessions.get(signed.session_id)).ended is SessionEnd.SIGNED_OUT
    await refused(w, signed.refresh.token)
    await sessions.sign_out(c.SignOut(refresh_token=signed.refresh.token), w.identity, "corr")  # again: no error
    await sessions.sign_out(c.SignOut(refresh_token="not-a-token"), w.identity, "corr")


async def test_a_session_ends_fourteen_days_after_its_sign_in_however_often_refreshed():
    w, signed = await signed_in()
    token = signed.refresh.token
    for _ in range(13):
        w.identity.clock.advance(timedelta(days=1))
        token = (await refresh(w, token)).refresh.token
    w.identity.clock.advance(timedelta(days=1))
    assert (await refused(w, token)).message == "登录已失效，请重新登录"


async def test_a_forged_or_foreign_token_is_refused():
    w, signed = await signed_in()
    await refused(w, signed.access.token)  # an access token is no refresh token
    await refused(w, signed.refresh.token[:-2] + "xx")
