"""Kinds of token and principal: only access tokens open the API (never a refresh token); a
session id travels with the principal; an integrator (接口调用方) reads within its enterprises
and scopes and never writes."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest
from fastapi import APIRouter, Depends

from libs.auth import (
    ACCESS,
    ISSUER,
    REFRESH,
    ROLE_LABELS,
    Principal,
    Role,
    decode_token,
    enterprise_scope,
    issue_token,
    require_scope,
)
from libs.config import DEV_JWT_KEY, Settings
from libs.errors import Unauthorized
from libs.http import create_app

DEV = Settings(_env_file=None, dev_mode=True, jwt_key="")


def signed(**claims) -> str:
    now = int(time.time())
    return jwt.encode({"iss": ISSUER, "sub": "p-1", "ent": "ent-1", "roles": ["worker"], "iat": now,
                       "exp": now + 600} | claims, DEV_JWT_KEY, algorithm="HS256")


def test_an_issued_token_is_an_access_token():
    token = issue_token(DEV, person_id="p", enterprise_id="e", roles=[])
    assert jwt.decode(token, options={"verify_signature": False})["typ"] == ACCESS


def test_a_refresh_token_is_never_accepted_as_an_access_token():
    with pytest.raises(Unauthorized):
        decode_token(DEV, signed(typ=REFRESH))


@pytest.mark.parametrize("typ", [None, "id", "Bearer", ""])
def test_a_token_that_does_not_say_it_is_an_access_token_is_refused(typ):
    claims = {} if typ is None else {"typ": typ}
    with pytest.raises(Unauthorized):
        decode_token(DEV, signed(**claims))


def test_the_session_id_is_carried_into_the_principal():
    token = issue_token(DEV, person_id="p", enterprise_id="e", roles=["worker"], session_id="s-42")
    assert decode_token(DEV, token).session_id == "s-42"


def test_a_token_without_a_session_has_none():
    assert decode_token(DEV, issue_token(DEV, person_id="p", enterprise_id="e", roles=[])).session_id is None


def test_the_integrator_role_reads_as_jie_kou_diao_yong_fang():
    assert ROLE_LABELS[Role.INTEGRATOR] == "接口调用方"
    assert set(ROLE_LABELS) == set(Role)


def integrator_token(*scopes: str, enterprises: tuple[str, ...] = ("ent-1",)) -> str:
    return issue_token(DEV, person_id="erp-1", enterprise_id=None, roles=[Role.INTEGRATOR],
                       jurisdiction=enterprises, scopes=scopes)


def test_an_integrator_token_carries_its_enterprises_and_scopes():
    principal = decode_token(DEV, integrator_token("svc:read", "audit:read", enterprises=("ent-1", "ent-2")))
    assert principal.is_integrator
    assert principal.jurisdiction == {"ent-1", "ent-2"}
    assert principal.scopes == {"svc:read", "audit:read"}


def test_an_integrator_reads_its_enterprises_and_never_writes():
    erp = Principal(person_id="erp-1", roles=frozenset({Role.INTEGRATOR}), jurisdiction=frozenset({"ent-1"}))
    assert erp.can_read("ent-1") and not erp.can_read("ent-2")
    assert not erp.can_write("ent-1")
    assert not erp.model_copy(update={"enterprise_id": "ent-1"}).can_write("ent-1")


def test_an_integrator_holds_no_other_role():
    with pytest.raises(ValueError, match="integrator"):
        issue_token(DEV, person_id="erp-1", enterprise_id=None, roles=[Role.INTEGRATOR, Role.SAFETY_OFFICER])
    with pytest.raises(Unauthorized):
        decode_token(DEV, signed(typ=ACCESS, roles=["integrator", "platform_admin"]))


@pytest.mark.parametrize("claim, value", [("jur", "ent-1"), ("scp", "svc:read"), ("roles", "worker")])
def test_a_list_claim_spelt_as_a_string_is_refused(claim, value):
    """Not read letter by letter: "ent-1" would otherwise grant enterprises "e", "n", "t", …"""
    with pytest.raises(Unauthorized):
        decode_token(DEV, signed(typ=ACCESS, **{claim: value}))


# ---- the guards, on an app -------------------------------------------------------------------

def scoped_app():
    app = create_app("svc", title="svc")
    scoped = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])

    @scoped.get("/things")
    async def things(enterprise_id: str):
        return {"enterprise_id": enterprise_id}

    @scoped.post("/things")
    async def add_thing(enterprise_id: str):
        return {"added": enterprise_id}

    @scoped.get("/risks", dependencies=[Depends(require_scope("risk:read"))])
    async def risks(enterprise_id: str):
        return {"risks": enterprise_id}

    @app.post("/unscoped")
    async def unscoped(principal: Principal = Depends(require_scope("svc:read"))):
        return {"who": principal.person_id}

    app.include_router(scoped)
    app.state.settings = DEV
    app.state.service = "svc"
    return app


async def call(method: str, path: str, token: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=scoped_app()), base_url="http://test") as c:
        return await c.request(method, path, headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize("method, path, scopes, status", [
    ("GET", "/enterprises/ent-1/things", ("svc:read",), 200),  # its enterprise, the service's scope
    ("GET", "/enterprises/ent-2/things", ("svc:read",), 403),  # not its enterprise
    ("GET", "/enterprises/ent-1/things", ("audit:read",), 403),  # another service's scope only
    ("GET", "/enterprises/ent-1/things", (), 403),
    ("POST", "/enterprises/ent-1/things", ("svc:read", "svc:write"), 403),  # never writes
    ("POST", "/unscoped", ("svc:read",), 403),  # not even outside the tenant guard
    ("GET", "/enterprises/ent-1/risks", ("svc:read",), 403),  # the route asks for more
    ("GET", "/enterprises/ent-1/risks", ("svc:read", "risk:read"), 200),
])
async def test_an_integrator_reads_within_its_enterprises_and_scopes(method, path, scopes, status):
    r = await call(method, path, integrator_token(*scopes))
    assert r.status_code == status, r.text
    if status == 403:
        assert r.json()["code"] == "forbidden"


async def test_an_integrator_is_told_in_chinese_which_scope_it_lacks():
    r = await call("GET", "/enterprises/ent-1/risks", integrator_token("svc:read"))
    assert r.json()["message"] == "接口调用方缺少权限范围: risk:read"
    r = await call("POST", "/enterprises/ent-1/things", integrator_token("svc:read"))
    assert r.json()["message"] == "接口调用方只能读取数据"


async def test_a_person_needs_no_scope():
    worker = issue_token(DEV, person_id="p", enterprise_id="ent-1", roles=["worker"])
    assert (await call("GET", "/enterprises/ent-1/risks", worker)).status_code == 200
    assert (await call("POST", "/enterprises/ent-1/things", worker)).status_code == 200


async def test_an_app_that_names_no_service_lets_no_integrator_read():
    app = scoped_app()
    del app.state.service
    bearer = {"Authorization": f"Bearer {integrator_token('svc:read')}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        r = await c.get("/enterprises/ent-1/things", headers=bearer)
    assert r.status_code == 403
