"""Tokens of an enterprise's own identity provider (OIDC): verified by the provider's published
keys (JWKS), read as a person of the enterprise the provider is configured for.

Only what the configuration says is believed: the enterprise is the provider's, never a claim of
the token; roles come through the provider's `role_map` and only roles inside an enterprise
(ENTERPRISE_ROLES) can be granted, so an enterprise's IdP can make nobody a platform admin, a
regulator or an integrator. The algorithm is one of the provider's asymmetric ones, bound to the
key the token's `kid` names (PyJWK): an HS256 token claiming the issuer, `alg: none`, or an RS256
token HMAC-signed with the public key are refused before any key is used.

The keys are fetched with PyJWT's PyJWKClient; when to fetch is decided here (KeySet), because
PyJWKClient's cooldown counts successful fetches only: an unreachable IdP would be asked again on
every request, each waiting out the timeout under the client's lock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import jwt
from jwt import PyJWK, PyJWKClient

from libs.auth.claims import DECODE_OPTIONS, INVALID, check_times, log, refused
from libs.auth.principal import Principal
from libs.auth.roles import ENTERPRISE_ROLES, Role
from libs.config import OidcProvider, Settings
from libs.errors import Unavailable

ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"})
# What a provider may call an access token (`typ` in the header or the claims, where it says);
# its ID tokens and refresh tokens (Keycloak: `ID`, `Refresh`) are refused.
_ACCESS_TYPES = frozenset({"jwt", "at+jwt", "application/at+jwt", "bearer", "access"})
UNAVAILABLE = "身份认证暂不可用，请稍后重试"


class KeySet:
    """One provider's signing keys by `kid`, as last fetched from its JWKS URL.

    Fetched when there are none, when they are `max_age_s` old, or when a token names a `kid`
    they lack (a key rotated in), but never twice within `min_refetch_s`, whether the last
    attempt worked or not: a flood of made-up kids, or a provider that is down, costs it one
    request per interval. A failed fetch keeps the last good keys. The fetch blocks (urllib):
    a request awaits it in a thread (libs.auth.tokens.authenticate), one fetch at a time."""

    def __init__(self, url: str, *, max_age_s: float, min_refetch_s: float, timeout_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.url = url
        self._client = PyJWKClient(url, cache_jwk_set=False, timeout=timeout_s)
        self._max_age_s, self._min_refetch_s, self._clock = max_age_s, min_refetch_s, clock
        self._keys: dict[str, PyJWK] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._lock = threading.Lock()
        self.fetches = 0  # attempts, successful or not

    @property
    def loaded(self) -> bool:
        return self._fetched_at is not None

    def get(self, kid: str) -> PyJWK | None:
        return self._keys.get(kid)

    def due(self, kid: str) -> bool:
        now = self._clock()
        if self._attempted_at is not None and now - self._attempted_at < self._min_refetch_s:
            return False
        stale = self._fetched_at is None or now - self._fetched_at >= self._max_age_s
        return stale or kid not in self._keys

    def refresh_if_due(self, kid: str) -> None:
        with self._lock:  # the callers that queued here behind a fetch find it done
            if not self.due(kid):
                return
            self._attempted_at = self._clock()
            self.fetches += 1
            try:
                keys = self._client.get_signing_keys(refresh=True)
            except (jwt.PyJWTError, ValueError) as exc:  # unreachable, not JSON, no usable key
                log.warning("identity provider keys not fetched from %s (keeping %d): %s",
                            self.url, len(self._keys), exc)
                return
            self._keys = {k.key_id: k for k in keys if k.key_id}
            self._fetched_at = self._clock()
            log.info("identity provider keys fetched from %s: %s", self.url, sorted(self._keys))


_key_sets: dict[tuple[str, float, float, float], KeySet] = {}
_key_sets_lock = threading.Lock()


def key_set(provider: OidcProvider, settings: Settings) -> KeySet:
    """The process's one KeySet for a JWKS URL (and timing): kept across requests and apps."""
    key = (provider.jwks_url, settings.oidc_jwks_max_age_s, settings.oidc_jwks_min_refetch_s,
           settings.oidc_jwks_timeout_s)
    with _key_sets_lock:
        if key not in _key_sets:
            _key_sets[key] = KeySet(provider.jwks_url, max_age_s=settings.oidc_jwks_max_age_s,
                                    min_refetch_s=settings.oidc_jwks_min_refetch_s,
                                    timeout_s=settings.oidc_jwks_timeout_s)
        return _key_sets[key]


def provider_for(settings: Settings, issuer: object) -> OidcProvider | None:
    return next((p for p in settings.oidc_providers if p.issuer == issuer), None)


def key_id(provider: OidcProvider, header: dict[str, Any]) -> str:
    """The `kid` of a token whose algorithm the provider signs with; refused before any key is
    looked up (or fetched) otherwise."""
    algorithm, kid = header.get("alg"), header.get("kid")
    if algorithm not in set(provider.algorithms) & ASYMMETRIC:
        raise refused(INVALID, f"algorithm {algorithm!r} is not one of {provider.issuer}'s")
    if not isinstance(kid, str) or not kid:
        raise refused(INVALID, "no kid")
    if str(header.get("typ", "jwt")).lower() not in _ACCESS_TYPES:
        raise refused(INVALID, f"header typ {header.get('typ')!r} is no access token")
    return kid


def verify(settings: Settings, provider: OidcProvider, token: str, header: dict[str, Any], *,
           may_fetch: bool = True) -> Principal:
    kid = key_id(provider, header)
    keys = key_set(provider, settings)
    if may_fetch:
        keys.refresh_if_due(kid)
    key = keys.get(kid)
    if key is None:
        if not keys.loaded:
            log.error("no keys of identity provider %s (%s): its tokens cannot be checked", provider.issuer, keys.url)
            raise Unavailable(UNAVAILABLE)
        raise refused(INVALID, f"unknown kid {kid!r} of {provider.issuer}")
    claims = jwt.decode(token, key, algorithms=sorted(set(provider.algorithms) & ASYMMETRIC),
                        audience=provider.audience, issuer=provider.issuer,
                        options=DECODE_OPTIONS | {"require": ["exp", "iss", "aud"]})
    if str(claims.get("typ", "access")).lower() not in _ACCESS_TYPES:
        raise refused(INVALID, f"typ {claims.get('typ')!r} is no access token")
    check_times(claims, now=time.time(), max_ttl_s=settings.external_token_max_ttl_s,
                leeway_s=settings.token_leeway_s)
    person = claim(claims, provider.person_claim)
    if not isinstance(person, str) or not person:
        raise refused(INVALID, f"no person in {provider.person_claim!r}")
    sid = claims.get("sid")
    return Principal(person_id=person, enterprise_id=provider.enterprise_id, roles=roles_of(provider, claims),
                     session_id=sid if isinstance(sid, str) else None, issuer=provider.issuer)


def claim(claims: dict[str, Any], name: str) -> Any:
    """A claim by name, or by a dotted path into nested claims when no claim has that name
    (Keycloak's `realm_access.roles`; Auth0's namespaced claims have dots and are names)."""
    if name in claims:
        return claims[name]
    value: Any = claims
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def roles_of(provider: OidcProvider, claims: dict[str, Any]) -> frozenset[Role]:
    """Their role names through `role_map`; a name not in it, or mapped outside the enterprise's
    roles, is dropped."""
    named = claim(claims, provider.roles_claim)
    if isinstance(named, str):
        named = named.split()
    if not isinstance(named, list):
        return frozenset()
    mapped = {provider.role_map.get(n) for n in named if isinstance(n, str)}
    return frozenset(Role(r) for r in mapped if r in ENTERPRISE_ROLES)
