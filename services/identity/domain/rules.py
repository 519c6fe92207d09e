"""The rules of signing in, as pure functions: the password policy, when failures lock an account,
what a service account may be granted."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from libs.aggregate import DomainError

MIN_PASSWORD = 8
# Long enough for any passphrase; bounded because every sign-in hashes what it is given.
MAX_PASSWORD = 128
# The policy below as one pattern, for the API document (letters and digits, 8 to 128 long).
POLICY_PATTERN = rf"^(?=.*[A-Za-z])(?=.*[0-9]).{{{MIN_PASSWORD},{MAX_PASSWORD}}}$"
_LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9]")


def password_problem(password: str, mobile: str | None) -> str | None:
    """What is wrong with `password` as a new password (Chinese, for users), or None. At least
    8 characters with letters and digits, and not the holder's mobile number (the first thing a
    guesser tries: it is the sign-in name)."""
    if len(password) < MIN_PASSWORD:
        return f"至少{MIN_PASSWORD}位"
    if len(password) > MAX_PASSWORD:
        return f"不能超过{MAX_PASSWORD}位"
    if not (_LETTER.search(password) and _DIGIT.search(password)):
        return "须同时包含字母和数字"
    if mobile and mobile in password:
        return "不能包含本人的手机号"
    return None


def check_password(password: str, mobile: str | None, *, field: str, label: str) -> None:
    """Refuse a new password that breaks the policy, naming the field (`label`: its Chinese name)."""
    if problem := password_problem(password, mobile):
        raise DomainError(f"{label}{problem}", field=field, code="weak_password")


_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def check_mobile(mobile: str) -> None:
    """A mainland mobile number, as the directory takes them (the sign-in name)."""
    if not _MOBILE.fullmatch(mobile):
        raise DomainError("手机号码格式不正确（应为11位大陆手机号）", field="mobile", code="invalid_mobile")


@dataclass(frozen=True)
class LockoutPolicy:
    """Failures per account (decision 34): `in_window` failures within `window` lock the account
    for `lock_for`; `until_admin` failures in a row (since the last sign-in or unlock, across
    short locks) lock it until an administrator lifts it. So a guesser gets at most `until_admin`
    tries at one account, ever; a person who mistypes waits a quarter of an hour."""

    window: timedelta = timedelta(minutes=15)
    in_window: int = 5
    lock_for: timedelta = timedelta(minutes=15)
    until_admin: int = 10


@dataclass(frozen=True)
class Lock:
    since: datetime
    until: datetime | None  # None: until an administrator lifts it

    def holds(self, at: datetime) -> bool:
        return self.until is None or at < self.until


def seconds_until(at: datetime, when: datetime) -> int:
    """Whole seconds from `at` until `when`, rounded up and at least 1: what a `Retry-After` says,
    so that a client waiting exactly that long is not refused again."""
    return max(1, math.ceil((when - at).total_seconds()))


def lock_after(failures_in_a_row: int, recent: Sequence[datetime], at: datetime, policy: LockoutPolicy) -> Lock | None:
    """The lock a failure at `at` brings about, or None. `recent`: the failure times since the
    last lock, sign-in or unlock, this one included."""
    if failures_in_a_row >= policy.until_admin:
        return Lock(at, None)
    if sum(1 for t in recent if t > at - policy.window) >= policy.in_window:
        return Lock(at, at + policy.lock_for)
    return None


# An enterprise always keeps an administrator: without one nobody could set its people's passwords
# or lift their lock-outs but the platform. Why its last one is never demoted, as users read it:
LAST_ADMIN = "不能撤销本企业最后一位企业管理员：企业将无人管理账号，请先任命另一位企业管理员"


# What an integrator may be granted: reading one service's enterprise data (`<service>:read`,
# the scope libs/auth asks of it there).
_SCOPE = re.compile(r"[a-z][a-z0-9_]{0,39}:read")
MAX_SCOPES = 20


def check_scopes(scopes: Sequence[str]) -> list[str]:
    """The scopes, sorted, or a refusal naming the field."""
    if not scopes:
        raise DomainError("权限范围（scopes）不能为空", field="scopes")
    if len(scopes) > MAX_SCOPES:
        raise DomainError(f"权限范围（scopes）最多{MAX_SCOPES}项", field="scopes")
    for i, scope in enumerate(scopes):
        if not _SCOPE.fullmatch(scope):
            raise DomainError(f"权限范围（scopes）第{i + 1}项应为“服务名:read”，如 risk_registry:read",
                              field=f"scopes.{i}")
    if len(set(scopes)) != len(scopes):
        raise DomainError("权限范围（scopes）有重复项", field="scopes")
    return sorted(scopes)
