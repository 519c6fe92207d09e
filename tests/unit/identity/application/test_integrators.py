"""Service accounts on fakes: the secret is shown once and kept as its digest; client credentials
give an access token only (role integrator, the scopes, the enterprise, never a refresh token);
a wrong secret, an unknown client and a removed account are refused alike; a rotated secret
replaces the old one at once."""

from __future__ import annotations

import jwt
import pytest

from libs.config import DEV_JWT_KEY
from libs.errors import Unauthorized
from services.identity.adapters.hashes import digest
from services.identity.application import commands as c
from services.identity.application import integrators as i
from tests.unit.identity.application.flows import ADMIN, events, wired
from tests.unit.identity.builders import ADDRESS


async def created(w, scopes=("risk_registry:read",)) -> i.Credentials:
    return await i.create_service_account(c.CreateServiceAccount(name="数据中台", scopes=list(scopes)).for_("ent-1"),
                                          w.identity, ADMIN)


async def token(w, client_id: str, secret: str):
    return await i.client_credentials(c.ClientCredentials(client_id=client_id, client_secret=secret), w.identity,
                                      ADDRESS, "corr")


async def refused(call) -> Unauthorized:
    with pytest.raises(Unauthorized) as caught:
        await call
    return caught.value


async def test_client_credentials_give_an_integrators_access_token_only():
    w = wired()
    creds = await created(w, ["risk_registry:read", "audit:read"])
    assert creds.client_secret.startswith("sks_")
    assert await w.secrets.client_secret(creds.service_account_id) == digest(creds.client_secret)
    issued = await token(w, creds.service_account_id, creds.client_secret)
    claims = jwt.decode(issued.token, DEV_JWT_KEY, algorithms=["HS256"], issuer="shuangkong")
    assert (claims["typ"], claims["sub"], claims["roles"], claims["scp"], claims["ent"], claims["jur"]) == (
        "access", creds.service_account_id, ["integrator"], ["audit:read", "risk_registry:read"], "ent-1", ["ent-1"])
    assert issued.expires_in == 15 * 60


async def test_a_wrong_secret_an_unknown_client_and_a_removed_account_are_refused_alike():
    w = wired()
    creds = await created(w)
    wrong = await refused(token(w, creds.service_account_id, "sks_wrong"))
    unknown = await refused(token(w, "svc-nobody", creds.client_secret))
    await i.remove_service_account(c.RemoveServiceAccount().for_("ent-1", creds.service_account_id), w.identity,
                                   ADMIN)
    removed = await refused(token(w, creds.service_account_id, creds.client_secret))
    assert {(e.code, e.message) for e in (wrong, unknown, removed)} == {("client_refused", "接口调用方编号或密钥错误")}
    failures = [e for e in await events(w) if e.type.endswith("ClientAuthenticationFailed")]
    assert len(failures) == 1, "a failure of a known, live account is recorded"


async def test_a_rotated_secret_replaces_the_old_one_at_once():
    w = wired()
    creds = await created(w)
    rotated = await i.rotate_secret(c.RotateSecret().for_("ent-1", creds.service_account_id), w.identity, ADMIN)
    await refused(token(w, creds.service_account_id, creds.client_secret))
    assert (await token(w, creds.service_account_id, rotated.client_secret)).token


async def test_each_token_is_its_own_recorded_use_and_no_secret_is_in_any_event():
    w = wired()
    creds = await created(w)
    first, second = await token(w, creds.service_account_id, creds.client_secret), await token(
        w, creds.service_account_id, creds.client_secret)
    recorded = await events(w)
    uses = [e for e in recorded if e.type.endswith("ClientTokenIssued")]
    assert len({e.stream_id for e in uses}) == 2 and all(e.version == 1 for e in uses)
    text = str([(e.data, e.metadata) for e in recorded])
    for secret in (creds.client_secret, first.token, second.token, digest(creds.client_secret).hex()):
        assert secret not in text


async def test_scopes_change_as_a_whole_and_the_next_token_carries_them():
    w = wired()
    creds = await created(w)
    await i.change_scopes(c.ChangeScopes(scopes=["audit:read"]).for_("ent-1", creds.service_account_id), w.identity,
                          ADMIN)
    issued = await token(w, creds.service_account_id, creds.client_secret)
    assert jwt.decode(issued.token, DEV_JWT_KEY, algorithms=["HS256"], issuer="shuangkong")["scp"] == ["audit:read"]
