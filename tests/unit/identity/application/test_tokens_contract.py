"""Every token this service issues is what libs/auth (every service's check) makes of it: an
access token the principal it names (person, enterprise, roles, session; an integrator's scopes
and grant); a refresh or password-change token nothing at all. And an access token never lives
longer than the verifiers accept."""

from __future__ import annotations

from datetime import timedelta

import pytest

from libs.auth import Role, decode_token
from libs.config import Settings
from libs.errors import Unauthorized
from services.identity import bootstrap
from services.identity.application import commands as c
from services.identity.application import integrators as i
from services.identity.application.tokens import TokenMint
from services.identity.settings import IdentitySettings
from tests.unit.identity.application.flows import ADMIN, INITIAL, person_with_password, sign_in, wired
from tests.unit.identity.builders import ADDRESS

DEV = Settings(dev_mode=True)


async def test_a_persons_tokens_as_every_service_reads_them():
    w = wired()
    await person_with_password(w, roles=("safety_officer",))
    signed = await sign_in(w)
    principal = decode_token(DEV, signed.access.token)
    assert (principal.person_id, principal.enterprise_id, principal.roles, principal.session_id) == (
        "p-1", "ent-1", frozenset({Role.SAFETY_OFFICER}), signed.session_id)
    with pytest.raises(Unauthorized):
        decode_token(DEV, signed.refresh.token)


async def test_a_password_change_token_opens_no_service():
    w = wired()
    await person_with_password(w, change=False)
    first = await sign_in(w, INITIAL)
    with pytest.raises(Unauthorized):
        decode_token(DEV, first.token.token)


async def test_an_integrators_token_is_an_outside_reader_of_its_enterprise_within_its_scopes():
    w = wired()
    creds = await i.create_service_account(c.CreateServiceAccount(name="数据中台", scopes=["risk_registry:read"])
                                           .for_("ent-1"), w.identity, ADMIN)
    issued = await i.client_credentials(c.ClientCredentials(client_id=creds.service_account_id,
                                                            client_secret=creds.client_secret), w.identity,
                                        ADDRESS, "corr")
    principal = decode_token(DEV, issued.token)
    assert principal.is_integrator and principal.scopes == frozenset({"risk_registry:read"})
    assert principal.can_read("ent-1") and not principal.can_write("ent-1") and not principal.can_read("ent-2")


def test_an_access_token_lives_no_longer_than_the_verifiers_accept():
    strict = Settings(dev_mode=False, jwt_key="k" * 32, access_token_max_ttl_s=300)
    wired_ = bootstrap.in_memory(identity=IdentitySettings(access_ttl_s=900), settings=strict)
    assert wired_.identity.tokens.access_ttl == timedelta(seconds=300)
    mint: TokenMint = wired_.identity.tokens
    token = mint.access("p-1", enterprise_id="ent-1", roles=["worker"], session_id="s-1")
    assert token.expires_in == 300 and decode_token(strict, token.token).person_id == "p-1"
