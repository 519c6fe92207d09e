"""How a sign-in is refused. One answer for an unknown mobile number, a wrong password, a locked
or disabled account and an account with no password yet — the same words, after the same work
(one password hash) — so that neither the answer nor its time tells who has an account."""

from __future__ import annotations

from datetime import datetime

from libs.errors import AppError, Unauthorized
from services.identity.domain.account import LockedOut
from services.identity.domain.codes import KIND_LABELS, AccountKind
from services.identity.domain.rules import seconds_until

NOT_SIGNED_IN = ("手机号或密码错误。连续输错5次将锁定15分钟，连续10次须由管理员解锁；"
                 "在多家企业任职的，请同时选择企业")
SESSION_OVER = "登录已失效，请重新登录"
REFRESH_REUSED = "刷新令牌已被使用过，为安全起见该登录已退出，请重新登录"
CLIENT_REFUSED = "接口调用方编号或密钥错误"


class TooManyAttempts(AppError):
    """429: this address failed too often lately."""

    status, code = 429, "too_many_attempts"


class KindRequired(AppError):
    """409: the right password for one of the number's several kinds of account; which one?"""

    status, code = 409, "account_kind_required"


def kind_required(kinds: list[AccountKind]) -> KindRequired:
    labels = "、".join(KIND_LABELS[k] for k in kinds)
    codes = "、".join(k.value for k in kinds)
    return KindRequired(f"该手机号有多种账号（{labels}），请选择账号类别（kind: {codes}）后再登录", field="kind")


def not_signed_in() -> Unauthorized:
    return Unauthorized(NOT_SIGNED_IN, code="sign_in_failed")


def address_throttled(at: datetime, free_at: datetime) -> TooManyAttempts:
    """Turned away until `free_at`, when the oldest failure that counts slides out of the window."""
    wait = seconds_until(at, free_at)
    return TooManyAttempts(f"该网络地址登录失败次数过多，请{_in_words(wait)}后再试",
                           headers={"Retry-After": str(wait)})


def locked_out(refusal: LockedOut, at: datetime) -> LockedOut:
    """The account's lock, with when it lifts by itself; none when only an administrator can."""
    if refusal.until is not None:
        refusal.headers = {"Retry-After": str(seconds_until(at, refusal.until))}
    return refusal


def _in_words(seconds: int) -> str:
    return f"{seconds}秒" if seconds < 60 else f"{-(-seconds // 60)}分钟"
