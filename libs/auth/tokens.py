"""Bearer tokens: ours (HS256 with `SK_JWT_KEY`, issuer `shuangkong`) and those of an enterprise's
own identity provider (libs/auth/oidc.py), told apart by `iss`.

Ours name the person (`sub`), their enterprise (`ent`), their roles, for a regulator or an
integrator the enterprises it reads (`jur`), for an integrator its read scopes (`scp`), the
sign-in session (`sid`), and what kind of token it is (`typ`): only an access token is accepted
here, so a refresh token (or any other token signed with our key) never opens the API. Every
token's lifetime is bounded (libs/auth/claims.py).
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import jwt
import orjson

from libs.auth import oidc
from libs.auth.claims import DECODE_OPTIONS, EXPIRED, INVALID, check_times, log, refused, strings
from libs.auth.principal import ISSUER, Principal
from libs.auth.roles import Role
from libs.config import OidcProvider, Settings
from libs.errors import Unauthorized, Unavailable

TYPE_CLAIM = "typ"
ACCESS = "access"  # what the API accepts
REFRESH = "refresh"  # what the identity service exchanges for a new access token, nowhere else


def issue_token(settings: Settings, *, person_id: str, enterprise_id: str | None, roles: Iterable[str],
                jurisdiction: Iterable[str] = (), ttl: timedelta | None = None, session_id: str | None = None,
                scopes: Iterable[str] = ()) -> str:
    """An access token of ours, living `ttl` (by default, and at most, the configured maximum:
    `Settings.own_token_max_ttl_s`). Raises ValueError, in English for the operator, for what no
    service would accept."""
    ceiling = settings.own_token_max_ttl_s()
    seconds = ceiling if ttl is None else int(ttl.total_seconds())
    if seconds > ceiling:
        raise ValueError(f"a token may live at most {ceiling}s here, not {seconds}s "
                         "(SK_ACCESS_TOKEN_MAX_TTL_S; in dev mode SK_DEV_TOKEN_MAX_TTL_S)")
    named = sorted(Role(r).value for r in roles)
    if Role.INTEGRATOR in named and len(named) > 1:
        raise ValueError("an integrator is a service account: it holds no other role")
    now = int(time.time())
    claims: dict[str, Any] = {"iss": ISSUER, "sub": person_id, TYPE_CLAIM: ACCESS, "roles": named,
                              "iat": now, "exp": now + seconds}
    if enterprise_id:
        claims["ent"] = enterprise_id
    if jurisdiction:
        claims["jur"] = sorted(jurisdiction)
    if scopes:
        claims["scp"] = sorted(scopes)
    if session_id:
        claims["sid"] = session_id
    return jwt.encode(claims, settings.signing_key(), algorithm=settings.jwt_algorithm)


def decode_token(settings: Settings, token: str) -> Principal:
    """The token's principal, or a refusal that says what a user can act on and nothing of the
    decoder's reasons or of the configuration (those go to the log). May fetch an identity
    provider's keys, blocking: a request uses `authenticate`."""
    return _principal(settings, token, _unverified(settings, token), may_fetch=True)


async def authenticate(settings: Settings, token: str) -> Principal:
    """`decode_token` for a request: a fetch of an identity provider's keys (rare) runs in a
    thread, never on the event loop."""
    parsed = _unverified(settings, token)
    if parsed is not None:
        header, provider = parsed
        try:
            kid = oidc.key_id(provider, header)
        except Unauthorized:
            pass  # refused below, by the same check
        else:
            keys = oidc.key_set(provider, settings)
            if keys.due(kid):
                await asyncio.to_thread(keys.refresh_if_due, kid)
    return _principal(settings, token, parsed, may_fetch=False)


def _unverified(settings: Settings, token: str) -> tuple[dict[str, Any], OidcProvider] | None:
    """The header of a token whose unchecked `iss` names a configured identity provider: that
    provider checks it (PyJWT then checks it all again, signature and `iss` included). None for
    anything else: ours to check. Read here, not by PyJWT: its parse costs as much as the check."""
    if not settings.oidc_providers:
        return None
    try:
        header, claims = (orjson.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
                          for part in token.split(".", 2)[:2])
    except (ValueError, TypeError):  # not base64, not JSON, fewer than two parts
        return None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return None
    provider = oidc.provider_for(settings, claims.get("iss"))
    return None if provider is None else (header, provider)


def _principal(settings: Settings, token: str, parsed: tuple[dict[str, Any], OidcProvider] | None, *,
               may_fetch: bool) -> Principal:
    try:
        if parsed is not None:
            return oidc.verify(settings, parsed[1], token, parsed[0], may_fetch=may_fetch)
        return _ours(settings, token)
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized(EXPIRED) from exc
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise refused(INVALID, repr(exc)) from exc


def _ours(settings: Settings, token: str) -> Principal:
    try:
        key = settings.signing_key()
    except ValueError as exc:
        log.error("cannot check bearer tokens: %s", exc)
        raise Unavailable("身份认证暂不可用（服务配置不完整），请联系系统管理员") from exc
    claims = jwt.decode(token, key, algorithms=[settings.jwt_algorithm], issuer=ISSUER,
                        options=DECODE_OPTIONS | {"require": ["sub", "exp"]})
    if claims.get(TYPE_CLAIM) != ACCESS:
        raise refused(INVALID, f"typ {claims.get(TYPE_CLAIM)!r} is no access token")
    check_times(claims, now=time.time(), max_ttl_s=settings.own_token_max_ttl_s(), leeway_s=settings.token_leeway_s)
    roles = frozenset(Role(r) for r in strings(claims, "roles"))
    if Role.INTEGRATOR in roles and len(roles) > 1:
        raise refused(INVALID, "an integrator with other roles")
    sid = claims.get("sid")
    return Principal(person_id=claims["sub"], enterprise_id=claims.get("ent"), roles=roles,
                     jurisdiction=strings(claims, "jur"), scopes=strings(claims, "scp"),
                     session_id=sid if isinstance(sid, str) else None)
