"""What every accepted token must say about time, and the refusals a caller reads.

A token's lifetime is `exp - iat`, bounded by the issuer's configured maximum: a token without
`iat`, or claiming more, is refused however far its `exp` is (a 100-year token is no longer a
key to the house). `iat` and `nbf` may be a little ahead of our clock (`token_leeway_s`: the
issuer's clock may run ahead); `exp` is never stretched. The refusals say what a user can act on
and nothing of the decoder's reasons (those go to the log at debug).
"""

from __future__ import annotations

import logging
from numbers import Real
from typing import Any

from libs.errors import Unauthorized

log = logging.getLogger("libs.auth")

INVALID = "令牌无效，请重新登录"
EXPIRED = "令牌已过期，请重新登录"
TOO_LONG = "令牌有效期超出允许范围"
NOT_YET_VALID = "令牌尚未生效，请稍后重试"

# PyJWT checks the signature, `iss`, `aud` and `exp` (with no leeway); `iat` and `nbf` are checked
# here, with the leeway.
DECODE_OPTIONS: Any = {"verify_iat": False, "verify_nbf": False}


def refused(message: str, reason: str) -> Unauthorized:
    log.debug("refused a bearer token: %s", reason)
    return Unauthorized(message)


def _instant(claims: dict[str, Any], name: str) -> float | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Real):
        raise refused(INVALID, f"{name} is not a number")
    return float(value)


def check_times(claims: dict[str, Any], *, now: float, max_ttl_s: float, leeway_s: float) -> None:
    """Refuse a token that lives longer than `max_ttl_s`, or says it is not valid yet."""
    issued, expires, not_before = _instant(claims, "iat"), _instant(claims, "exp"), _instant(claims, "nbf")
    if issued is None or expires is None:
        raise refused(TOO_LONG, "no iat or exp: its lifetime is unknown")
    if expires - issued > max_ttl_s:
        raise refused(TOO_LONG, f"lifetime {expires - issued:.0f}s over the maximum {max_ttl_s:.0f}s")
    if issued > now + leeway_s:
        raise refused(NOT_YET_VALID, f"issued {issued - now:.0f}s in the future")
    if not_before is not None and not_before > now + leeway_s:
        raise refused(NOT_YET_VALID, f"not valid for another {not_before - now:.0f}s")


def strings(claims: dict[str, Any], name: str) -> frozenset[str]:
    """A claim that lists names (`roles`, `jur`, `scp`): absent is none; anything but a list of
    strings is a malformed token (a bare string would otherwise read as its letters)."""
    value = claims.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise refused(INVALID, f"{name} is not a list of strings")
    return frozenset(value)
