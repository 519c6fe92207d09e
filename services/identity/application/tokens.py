"""The tokens this service issues (the contract libs/auth checks, decision 33): HS256 with
`SK_JWT_KEY`, `iss` "shuangkong", `sub` the account, `ent`, `roles`, `jur`, `scp`, `sid`, `iat`,
`exp`, and `typ`:

- `access`: what every service accepts, for minutes — minted by `libs.auth.issue_token`, the one
  issuer of access tokens, bounded by the verifiers' maximum;
- `refresh`: exchanged here (`/token/refresh`) for the next pair; carries only `sub`, `sid` and a
  random `jti` — no enterprise, no role — and libs/auth refuses its `typ` anywhere else;
- `password_change`: all a sign-in with an initial password gets; good for `/password` only,
  carrying no enterprise or role either.

JWT times are wall-clock time, which every verifier reads; the rules (lock-outs, a session's
end) read the service's clock. A refresh token is 256 random bits (`jti`) under a signature: it
is kept as its SHA-256 (adapters/hashes.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import jwt

from libs.auth import ACCESS, ISSUER, REFRESH, TYPE_CLAIM, decode_token, issue_token
from libs.clock import Clock, SystemClock
from libs.config import Settings
from libs.errors import Unauthorized

PASSWORD_CHANGE = "password_change"
INVALID = "令牌无效，请重新登录"
EXPIRED = "令牌已过期，请重新登录"
__all__ = ["ACCESS", "PASSWORD_CHANGE", "REFRESH", "Issued", "TokenMint"]


@dataclass(frozen=True)
class Issued:
    token: str
    expires_in: int  # seconds


@dataclass(frozen=True)
class TokenMint:
    settings: Settings
    access_ttl: timedelta  # at most what the verifiers accept (Settings.own_token_max_ttl_s)
    password_change_ttl: timedelta
    wall: Clock = field(default_factory=SystemClock)

    def access(self, subject: str, *, enterprise_id: str | None, roles: Iterable[str],
               jurisdiction: Iterable[str] = (), scopes: Iterable[str] = (), session_id: str) -> Issued:
        token = issue_token(self.settings, person_id=subject, enterprise_id=enterprise_id, roles=roles,
                            jurisdiction=jurisdiction, scopes=scopes, session_id=session_id, ttl=self.access_ttl)
        return Issued(token, int(self.access_ttl.total_seconds()))

    def refresh(self, subject: str, session_id: str, lives: timedelta) -> Issued:
        return self._issue({"sub": subject, TYPE_CLAIM: REFRESH, "sid": session_id, "jti": secrets.token_urlsafe(32)},
                           lives)

    def password_change(self, subject: str) -> Issued:
        return self._issue({"sub": subject, TYPE_CLAIM: PASSWORD_CHANGE, "jti": secrets.token_urlsafe(16)},
                           self.password_change_ttl)

    def _issue(self, claims: dict[str, Any], lives: timedelta) -> Issued:
        now = int(self.wall.now().timestamp())
        seconds = max(1, int(lives.total_seconds()))
        token = jwt.encode({"iss": ISSUER, "iat": now, "exp": now + seconds, **claims}, self.settings.signing_key(),
                           algorithm=self.settings.jwt_algorithm)
        return Issued(token, seconds)

    def read(self, token: str, kind: str) -> dict[str, Any]:
        """The claims of one of our `refresh` or `password_change` tokens, or 401."""
        try:
            claims = jwt.decode(token, self.settings.signing_key(), algorithms=[self.settings.jwt_algorithm],
                                issuer=ISSUER, options={"require": ["sub", "exp", "iat", TYPE_CLAIM]})
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized(EXPIRED) from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(INVALID) from exc
        if claims[TYPE_CLAIM] != kind or not isinstance(claims["sub"], str):
            raise Unauthorized(INVALID)
        return claims

    def holder(self, token: str) -> str:
        """Whose password a bearer may change: an access token's or a password-change token's subject."""
        try:
            return self.read(token, PASSWORD_CHANGE)["sub"]
        except Unauthorized:
            return decode_token(self.settings, token).person_id  # checked as every service checks it
