"""An enterprise's own identity provider: a real local HTTP server publishes its key set (JWKS),
tokens are signed with real RSA and EC keys, and every service reads them as people of the
enterprise the provider is configured for.

Shown here: the mapping (person, enterprise, roles through role_map, session); the lifetime limit;
the refusals an attacker tries (HS256 claiming the issuer, `alg: none`, an RS256 key used as an
HMAC secret, a refresh or ID token, another audience); key rotation (a new kid is fetched and
accepted, a removed one refused); and what the provider is spared: a flood of made-up kids costs
it at most one request per interval, and a provider that is down leaves the last keys working.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi import APIRouter, Depends

from libs.auth import DUTY_ROLES, Principal, Role, authenticate, decode_token, enterprise_scope, require_roles
from libs.auth.oidc import key_set
from libs.config import DEV_JWT_KEY, OidcProvider, Settings
from libs.errors import Unauthorized, Unavailable
from libs.http import create_app

ISSUER = "https://idp.acme.example/realms/acme"
AUDIENCE = "shuangkong-api"
INVALID, TOO_LONG, EXPIRED = "令牌无效，请重新登录", "令牌有效期超出允许范围", "令牌已过期，请重新登录"


class IdentityProvider:
    """A JWKS endpoint on 127.0.0.1 whose published keys a test changes, counting every fetch."""

    def __init__(self) -> None:
        self.private: dict[str, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey] = {}
        self.published: list[str] = []
        self.fetches = 0
        self.failing = False
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                idp.fetches += 1
                body = json.dumps({"keys": [idp.jwk(kid) for kid in idp.published]}).encode()
                self.send_response(500 if idp.failing else 200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/realms/acme/protocol/openid-connect/certs"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def new_rsa(self, kid: str) -> str:
        self.private[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return kid

    def new_ec(self, kid: str) -> str:
        self.private[kid] = ec.generate_private_key(ec.SECP256R1())
        return kid

    def algorithm(self, kid: str) -> str:
        return "RS256" if isinstance(self.private[kid], rsa.RSAPrivateKey) else "ES256"

    def jwk(self, kid: str) -> dict:
        public = self.private[kid].public_key()
        algorithms = jwt.algorithms
        as_jwk = algorithms.RSAAlgorithm.to_jwk if self.algorithm(kid) == "RS256" else algorithms.ECAlgorithm.to_jwk
        return as_jwk(public, as_dict=True) | {"kid": kid, "use": "sig", "alg": self.algorithm(kid)}

    def public_pem(self, kid: str) -> bytes:
        return self.private[kid].public_key().public_bytes(serialization.Encoding.PEM,
                                                           serialization.PublicFormat.SubjectPublicKeyInfo)

    def sign(self, kid: str, headers: dict | None = None, **claims) -> str:
        return jwt.encode(access_claims(**claims), self.private[kid], algorithm=self.algorithm(kid),
                          headers={"kid": kid, **(headers or {})})

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def access_claims(**claims) -> dict:
    """What Keycloak puts in an access token of a person of the enterprise; None drops a claim."""
    now = int(time.time())
    base = {"iss": ISSUER, "aud": AUDIENCE, "sub": "zhang-san", "typ": "Bearer", "sid": "kc-session-1",
            "iat": now, "exp": now + 300, "realm_access": {"roles": ["hse-officer", "offline_access"]},
            "ent": "ent-somewhere-else"}
    return {k: v for k, v in (base | claims).items() if v is not None}


@pytest.fixture
def idp():
    provider = IdentityProvider()
    provider.published = [provider.new_rsa("rsa-1")]
    yield provider
    provider.stop()


def settings_for(idp: IdentityProvider, **overrides) -> Settings:
    provider = OidcProvider(issuer=ISSUER, jwks_url=idp.url, audience=AUDIENCE, enterprise_id="ent-acme",
                            roles_claim="realm_access.roles",
                            role_map={"hse-officer": "safety_officer", "operator": "worker",
                                      "realm-admin": "platform_admin"})  # refused at start-up; dropped here too
    return Settings(_env_file=None, **({"dev_mode": True, "oidc_providers": [provider],
                                        "oidc_jwks_min_refetch_s": 0.3} | overrides))


def refusal(settings: Settings, token: str) -> str:
    with pytest.raises(Unauthorized) as refused:
        decode_token(settings, token)
    return refused.value.message


# ---- a person of the enterprise ---------------------------------------------------------------

def test_a_token_of_the_provider_is_a_person_of_its_enterprise(idp):
    principal = decode_token(settings_for(idp), idp.sign("rsa-1"))
    assert principal == Principal(person_id="zhang-san", enterprise_id="ent-acme",  # not the token's `ent`
                                  roles=frozenset({Role.SAFETY_OFFICER}),  # offline_access: not in the map
                                  session_id="kc-session-1", issuer=ISSUER)


def test_an_ec_signed_token_is_accepted(idp):
    idp.published.append(idp.new_ec("ec-1"))
    assert decode_token(settings_for(idp), idp.sign("ec-1")).person_id == "zhang-san"


def test_a_role_mapped_outside_the_enterprise_is_dropped(idp):
    token = idp.sign("rsa-1", realm_access={"roles": ["realm-admin", "operator"]})
    assert decode_token(settings_for(idp), token).roles == {Role.WORKER}


def test_the_person_is_read_from_the_configured_claim(idp):
    s = settings_for(idp)
    s.oidc_providers[0] = s.oidc_providers[0].model_copy(update={"person_claim": "preferred_username"})
    assert decode_token(s, idp.sign("rsa-1", preferred_username="13800000000")).person_id == "13800000000"
    assert refusal(s, idp.sign("rsa-1")) == INVALID  # no such claim: nobody


@pytest.mark.parametrize("claims, message", [
    (lambda now: {"aud": "another-client"}, INVALID),
    (lambda now: {"aud": None}, INVALID),
    (lambda now: {"exp": now - 10}, EXPIRED),
    (lambda now: {"iat": now, "exp": now + 3601}, TOO_LONG),  # an hour at most for a provider's tokens
    (lambda now: {"iat": None}, TOO_LONG),
    (lambda now: {"nbf": now + 600}, "令牌尚未生效，请稍后重试"),
    (lambda now: {"typ": "Refresh"}, INVALID),  # Keycloak's refresh token
    (lambda now: {"typ": "ID"}, INVALID),  # and its ID token, which names the client as audience too
    (lambda now: {"sub": None}, INVALID),
])
def test_a_token_the_provider_signed_is_still_refused_when_its_claims_are(idp, claims, message):
    assert refusal(settings_for(idp), idp.sign("rsa-1", **claims(int(time.time())))) == message


def test_the_lifetime_limit_for_a_provider_is_configured(idp):
    s = settings_for(idp, external_token_max_ttl_s=120)
    assert refusal(s, idp.sign("rsa-1")) == TOO_LONG  # 300 s


# ---- what an attacker tries ------------------------------------------------------------------

def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hmac_signed(header: dict, claims: dict, secret: bytes) -> str:
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    return f"{signing_input}.{b64(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())}"


def test_an_hs256_token_claiming_the_provider_is_refused_without_asking_it(idp):
    s = settings_for(idp)
    for secret in (DEV_JWT_KEY, "any-secret-of-at-least-32-bytes-long"):
        forged = jwt.encode(access_claims(), secret, algorithm="HS256", headers={"kid": "rsa-1"})
        assert refusal(s, forged) == INVALID
    assert idp.fetches == 0


def test_an_unsigned_token_claiming_the_provider_is_refused(idp):
    forged = jwt.encode(access_claims(), None, algorithm="none", headers={"kid": "rsa-1"})
    assert forged.endswith(".")
    assert refusal(settings_for(idp), forged) == INVALID


def test_the_providers_public_key_used_as_an_hmac_secret_is_refused(idp):
    """Algorithm confusion: the RSA public key is public; an HS256 signature made with it must not
    pass for the provider's RS256 (PyJWT would not even sign so; the token is made by hand)."""
    s = settings_for(idp)
    decode_token(s, idp.sign("rsa-1"))  # the keys are fetched: the refusal is not for want of them
    for header in ({"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}, {"alg": "RS256", "typ": "JWT", "kid": "rsa-1"}):
        forged = hmac_signed(header, access_claims(), idp.public_pem("rsa-1"))
        assert refusal(s, forged) == INVALID
    # Even a provider misconfigured to allow HS256 (start-up refuses it) checks only asymmetric ones.
    lax = s.model_copy(update={"oidc_providers": [s.oidc_providers[0].model_copy(
        update={"algorithms": ("HS256", "RS256")})]})
    forged = hmac_signed({"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}, access_claims(), idp.public_pem("rsa-1"))
    assert refusal(lax, forged) == INVALID


def test_a_token_of_another_key_with_a_known_kid_is_refused(idp):
    impostor = IdentityProvider()
    try:
        impostor.new_rsa("rsa-1")
        assert refusal(settings_for(idp), impostor.sign("rsa-1")) == INVALID
    finally:
        impostor.stop()


def test_an_ec_kid_with_an_rs256_header_is_refused(idp):
    idp.published.append(idp.new_ec("ec-1"))
    s = settings_for(idp)
    rsa_signed = jwt.encode(access_claims(), idp.private["rsa-1"], algorithm="RS256", headers={"kid": "ec-1"})
    assert refusal(s, rsa_signed) == INVALID


def test_our_own_issuer_is_not_the_providers(idp):
    """A token of the provider's keys claiming our issuer is checked with our key, and refused."""
    assert refusal(settings_for(idp), idp.sign("rsa-1", iss="shuangkong", typ="access")) == INVALID


# ---- rotation, and the provider spared --------------------------------------------------------

def test_a_rotated_key_is_fetched_and_accepted_and_the_removed_one_refused(idp):
    s = settings_for(idp)
    assert decode_token(s, idp.sign("rsa-1")).person_id == "zhang-san"
    assert idp.fetches == 1
    idp.published = [idp.new_ec("ec-2")]  # the provider rotates: a new kid, the old key withdrawn
    time.sleep(0.35)  # the minimum interval since the last fetch
    assert decode_token(s, idp.sign("ec-2")).person_id == "zhang-san"
    assert idp.fetches == 2
    assert refusal(s, idp.sign("rsa-1")) == INVALID


def test_a_new_kid_within_the_minimum_interval_waits_for_it(idp):
    s = settings_for(idp, oidc_jwks_min_refetch_s=0.5)
    decode_token(s, idp.sign("rsa-1"))
    idp.published.append(idp.new_rsa("rsa-2"))
    assert refusal(s, idp.sign("rsa-2")) == INVALID and idp.fetches == 1
    time.sleep(0.55)
    assert decode_token(s, idp.sign("rsa-2")).person_id == "zhang-san" and idp.fetches == 2


async def test_a_flood_of_made_up_kids_costs_the_provider_one_fetch_per_interval(idp):
    s = settings_for(idp, oidc_jwks_min_refetch_s=0.3)
    await authenticate(s, idp.sign("rsa-1"))
    await asyncio.sleep(0.35)
    bogus = [jwt.encode(access_claims(), idp.private["rsa-1"], algorithm="RS256", headers={"kid": uuid.uuid4().hex})
             for _ in range(200)]
    results = await asyncio.gather(*(authenticate(s, t) for t in bogus), return_exceptions=True)
    assert all(isinstance(r, Unauthorized) and r.message == INVALID for r in results)
    assert idp.fetches == 2  # the first made-up kid was worth one look; the other 199 were not
    assert (await authenticate(s, idp.sign("rsa-1"))).person_id == "zhang-san"


def test_a_provider_that_is_down_leaves_the_last_keys_working(idp):
    s = settings_for(idp, oidc_jwks_max_age_s=0.2, oidc_jwks_min_refetch_s=0.1)
    decode_token(s, idp.sign("rsa-1"))
    idp.failing = True
    time.sleep(0.25)  # the keys are stale: fetched again, and the fetch fails
    assert decode_token(s, idp.sign("rsa-1")).person_id == "zhang-san"
    assert idp.fetches == 2
    assert decode_token(s, idp.sign("rsa-1")).person_id == "zhang-san"
    assert idp.fetches == 2  # not again within the interval, though the keys are still stale


def test_a_provider_never_reached_is_unavailable_not_a_bad_token(idp):
    idp.failing = True
    s = settings_for(idp, oidc_jwks_min_refetch_s=60)
    for _ in range(3):
        with pytest.raises(Unavailable) as refused:
            decode_token(s, idp.sign("rsa-1"))
        assert refused.value.status == 503 and "SK_" not in refused.value.message
    assert idp.fetches == 1
    assert key_set(s.oidc_providers[0], s).loaded is False


# ---- through a service's guards --------------------------------------------------------------

def tenant_app(settings: Settings):
    app = create_app("svc", title="svc")
    scoped = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])

    @scoped.get("/things")
    async def things(enterprise_id: str):
        return {"enterprise_id": enterprise_id}

    @scoped.post("/things", dependencies=[Depends(require_roles(*DUTY_ROLES))])
    async def add_thing(enterprise_id: str):
        return {"added": enterprise_id}

    app.include_router(scoped)
    app.state.settings = settings
    return app


async def test_through_the_tenant_guard_a_provider_person_acts_in_its_enterprise_only(idp):
    s = settings_for(idp)
    app = tenant_app(s)
    officer = {"Authorization": f"Bearer {idp.sign('rsa-1')}"}
    nobody = {"Authorization": f"Bearer {idp.sign('rsa-1', realm_access={'roles': ['offline_access']})}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        statuses = [(await c.get("/enterprises/ent-acme/things", headers=officer)).status_code,
                    (await c.post("/enterprises/ent-acme/things", headers=officer)).status_code,
                    (await c.get("/enterprises/ent-somewhere-else/things", headers=officer)).status_code,
                    (await c.get("/enterprises/ent-acme/things", headers=nobody)).status_code,
                    (await c.post("/enterprises/ent-acme/things", headers=nobody)).status_code]
        refused = await c.get("/enterprises/ent-acme/things",
                              headers={"Authorization": f"Bearer {idp.sign('rsa-1', aud='x')}"})
    assert statuses == [200, 200, 403, 200, 403]
    assert refused.status_code == 401 and refused.json() == {"code": "unauthorized", "message": INVALID,
                                                             "field": None}
