"""When to try a failed delivery again, and when to stop (the dead-letter list).

A pure function of the attempt number and its outcome, so the alerting service's deadlines can
schedule the next attempt as a deadline like any other. The jitter is drawn from the delivery id
and attempt number, not a random source: two instances, or a replay of the log, compute the same
time, and still different deliveries failing together spread out instead of retrying in step."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from .delivery import Outcome, OutcomeKind


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    first_delay: timedelta = timedelta(seconds=30)
    multiplier: float = 2.0
    max_delay: timedelta = timedelta(hours=1)
    jitter: float = 0.2  # ± this share of the delay

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.first_delay <= timedelta(0) or self.max_delay < self.first_delay:
            raise ValueError("delays must be positive, max_delay no less than first_delay")
        if self.multiplier < 1:
            raise ValueError("multiplier must be at least 1")
        if not 0 <= self.jitter < 1:
            raise ValueError("jitter must be in [0, 1)")


@dataclass(frozen=True)
class Delivered:
    pass


@dataclass(frozen=True)
class RetryAt:
    at: datetime
    attempt: int  # the number the next attempt will carry


@dataclass(frozen=True)
class DeadLetter:
    reason: str  # Chinese, shown on the dead-letter list


Decision = Delivered | RetryAt | DeadLetter


def jitter_unit(delivery_id: str, attempt: int) -> float:
    """A number in [0, 1) fixed by the delivery and attempt."""
    seed = hashlib.sha256(f"{delivery_id}:{attempt}".encode()).digest()
    return int.from_bytes(seed[:8], "big") / 2**64


def backoff(policy: RetryPolicy, attempt: int, unit: float) -> timedelta:
    """The wait after failed attempt number `attempt` (1-based): first_delay × multiplier^(n-1),
    capped, then spread by ± jitter and capped again."""
    raw = policy.first_delay.total_seconds() * policy.multiplier ** (attempt - 1)
    capped = min(raw, policy.max_delay.total_seconds())
    spread = capped * (1 + policy.jitter * (2 * unit - 1))
    return timedelta(seconds=min(spread, policy.max_delay.total_seconds()))


def after_attempt(policy: RetryPolicy, delivery_id: str, attempt: int, outcome: Outcome,
                  failed_at: datetime) -> Decision:
    if outcome.kind is OutcomeKind.OK:
        return Delivered()
    if outcome.kind is OutcomeKind.PERMANENT:
        return DeadLetter(f"平台拒绝（{outcome.code}：{outcome.message}），重试无益")
    if attempt >= policy.max_attempts:
        return DeadLetter(f"已尝试 {attempt} 次仍未成功（最后一次：{outcome.code}：{outcome.message}）")
    wait = backoff(policy, attempt, jitter_unit(delivery_id, attempt))
    if outcome.retry_after_seconds is not None:
        # The platform said how long to wait: wait at least that, but never past the cap.
        asked = min(timedelta(seconds=outcome.retry_after_seconds), policy.max_delay)
        wait = max(wait, asked)
    return RetryAt(failed_at + wait, attempt + 1)
