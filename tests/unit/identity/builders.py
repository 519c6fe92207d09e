"""Small builders for the identity service's tests: accounts in the states a test starts from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.identity.domain.account import Account
from services.identity.domain.rules import LockoutPolicy

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
POLICY = LockoutPolicy()  # 5 in 15 min → 15 min; 10 in a row → until an administrator lifts it
ADDRESS = "203.0.113.7"


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def person_account(*, password: bool = True, must_change: bool = False) -> Account:
    """A directory person's account, saved (nothing pending), with a password they chose."""
    account = Account.open_for_person("p-1", "ent-1")
    if password:
        account.set_password("admin-1", T0 - timedelta(days=1))
        if not must_change:
            account.change_password(T0 - timedelta(days=1))
    account.mark_saved()
    return account


def fail(account: Account, at: datetime, times: int = 1, every: timedelta = minutes(1)) -> datetime:
    """`times` wrong passwords from `at`, `every` apart; returns the time of the last."""
    for i in range(times):
        account.sign_in(password_ok=False, at=at + i * every, address=ADDRESS, session_id="s", policy=POLICY)
    return at + (times - 1) * every
