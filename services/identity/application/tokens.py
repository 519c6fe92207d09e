"""The tokens this service issues (the contract libs/auth checks): HS256 with `SK_JWT_KEY`,
`iss` "shuangkong", `sub` the account, `ent`, `roles`, `jur`, `scp`, `sid`, `iat`, `exp`, and `typ`:

- `access`: what every service accepts, for minutes;
- `refresh`: exchanged here (`/token/refresh`) for the next pair; carries only `sub`, `sid` and a
  random `jti`, so no service would let it in even if it ignored `typ`;
- `password_change`: the one thing a sign-in with an initial password gets; good for
  `/password` only, it too carries no enterprise or role.

JWT times are wall-clock time, which every verifier reads; the rules (lock-outs, a session's
end) read the service's clock. A refresh token is 256 random bits (`jti`) under a signature: it
is stored as its SHA-256 (adapters/hashes.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import jwt

from libs.auth import ISSUER
from libs.clock import Clock, SystemClock
from libs.errors import Unauthorized

ACCESS, REFRESH, PASSWORD_CHANGE = "access", "refresh", "password_change"
INVALID = "令牌无效，请重新登录"
EXPIRED = "令牌已过期，请重新登录"


@dataclass(frozen=True)
class Issued:
    token: str
    expires_in: int  # seconds


@dataclass(frozen=True)
class TokenMint:
    key: str
    access_ttl: timedelta
    password_change_ttl: timedelta
    algorithm: str = "HS256"
    wall: Clock = field(default_factory=SystemClock)

    def access(self, subject: str, *, enterprise_id: str | None, roles: Iterable[str],
               jurisdiction: Iterable[str] = (), scopes: Iterable[str] = (), session_id: str) -> Issued:
        claims: dict[str, Any] = {"sub": subject, "typ": ACCESS, "roles": sorted(roles), "sid": session_id}
        if enterprise_id:
            claims["ent"] = enterprise_id
        if jur := sorted(jurisdiction):
            claims["jur"] = jur
        if scp := sorted(scopes):
            claims["scp"] = scp
        return self._issue(claims, self.access_ttl)

    def refresh(self, subject: str, session_id: str, lives: timedelta) -> Issued:
        return self._issue({"sub": subject, "typ": REFRESH, "sid": session_id, "jti": secrets.token_urlsafe(32)},
                           lives)

    def password_change(self, subject: str) -> Issued:
        return self._issue({"sub": subject, "typ": PASSWORD_CHANGE, "jti": secrets.token_urlsafe(16)},
                           self.password_change_ttl)

    def _issue(self, claims: dict[str, Any], lives: timedelta) -> Issued:
        now = int(self.wall.now().timestamp())
        seconds = max(1, int(lives.total_seconds()))
        token = jwt.encode({"iss": ISSUER, "iat": now, "exp": now + seconds, **claims}, self.key,
                           algorithm=self.algorithm)
        return Issued(token, seconds)

    def read(self, token: str, *kinds: str) -> dict[str, Any]:
        """The claims of one of our tokens of one of `kinds`, or 401. A token with no `typ` (an
        operator's `shuangkong token`, tokens issued before `typ`) reads as an access token."""
        try:
            claims = jwt.decode(token, self.key, algorithms=[self.algorithm], issuer=ISSUER,
                                options={"require": ["sub", "exp", "iat"]})
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized(EXPIRED) from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(INVALID) from exc
        if claims.get("typ", ACCESS) not in kinds or not isinstance(claims["sub"], str):
            raise Unauthorized(INVALID)
        return claims
