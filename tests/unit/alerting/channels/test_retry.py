"""The retry schedule and the dead-letter decision, on a clock the test holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.alerting.channels.domain.delivery import Outcome, OutcomeKind
from services.alerting.channels.domain.retry import (
    DeadLetter,
    Delivered,
    RetryAt,
    RetryPolicy,
    after_attempt,
    backoff,
    jitter_unit,
)

AT = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
BUSY = Outcome(OutcomeKind.TRANSIENT, "http_503", "HTTP 503", "d")
NO_JITTER = RetryPolicy(max_attempts=5, first_delay=timedelta(seconds=30), multiplier=2,
                        max_delay=timedelta(minutes=3), jitter=0)


def test_the_delay_doubles_up_to_the_cap():
    waits = [backoff(NO_JITTER, attempt, 0.5) for attempt in range(1, 6)]
    assert waits == [timedelta(seconds=s) for s in (30, 60, 120, 180, 180)]


def test_jitter_spreads_within_its_share_and_never_past_the_cap():
    policy = RetryPolicy(first_delay=timedelta(seconds=100), max_delay=timedelta(seconds=150), jitter=0.2)
    assert backoff(policy, 1, 0.0) == timedelta(seconds=80)
    assert backoff(policy, 1, 0.999999) < timedelta(seconds=120)
    assert backoff(policy, 1, 0.999999) > timedelta(seconds=119.99)
    assert backoff(policy, 3, 0.999999) == timedelta(seconds=150)


def test_the_jitter_is_the_same_for_the_same_delivery_and_attempt_and_spreads_others():
    assert jitter_unit("d1", 1) == jitter_unit("d1", 1)
    units = {jitter_unit(f"d{i}", 1) for i in range(50)}
    assert len(units) == 50
    assert all(0 <= unit < 1 for unit in units)
    assert min(units) < 0.2 and max(units) > 0.8


def test_a_transient_failure_is_retried_with_the_next_attempt_number():
    decision = after_attempt(NO_JITTER, "d1", 2, BUSY, AT)
    assert decision == RetryAt(AT + timedelta(seconds=60), 3)


def test_the_platforms_retry_after_is_waited_at_least_but_not_past_the_cap():
    asked = Outcome(OutcomeKind.TRANSIENT, "130101", "send too fast", "d", retry_after_seconds=90)
    assert after_attempt(NO_JITTER, "d1", 1, asked, AT) == RetryAt(AT + timedelta(seconds=90), 2)
    longer = Outcome(OutcomeKind.TRANSIENT, "http_429", "", "d", retry_after_seconds=3600)
    assert after_attempt(NO_JITTER, "d1", 1, longer, AT) == RetryAt(AT + timedelta(minutes=3), 2)


def test_the_last_attempt_goes_to_the_dead_letter_list():
    decision = after_attempt(NO_JITTER, "d1", 5, BUSY, AT)
    assert isinstance(decision, DeadLetter)
    assert "已尝试 5 次" in decision.reason and "http_503" in decision.reason


def test_a_permanent_refusal_is_dead_at_once():
    refused = Outcome(OutcomeKind.PERMANENT, "310000", "sign not match", "d")
    decision = after_attempt(NO_JITTER, "d1", 1, refused, AT)
    assert isinstance(decision, DeadLetter)
    assert "310000" in decision.reason


def test_success_ends_it():
    assert after_attempt(NO_JITTER, "d1", 3, Outcome(OutcomeKind.OK, "0", "ok", "d"), AT) == Delivered()


def test_a_whole_schedule_with_default_policy_stays_bounded():
    policy = RetryPolicy()
    at, attempt, seen = AT, 1, []
    while True:
        decision = after_attempt(policy, "d-long", attempt, BUSY, at)
        if isinstance(decision, DeadLetter):
            break
        assert isinstance(decision, RetryAt)
        seen.append(decision.at - at)
        at, attempt = decision.at, decision.attempt
    assert attempt == policy.max_attempts
    assert len(seen) == policy.max_attempts - 1
    assert all(timedelta(seconds=24) <= wait <= policy.max_delay for wait in seen)


@pytest.mark.parametrize("bad", [dict(max_attempts=0), dict(first_delay=timedelta(0)), dict(multiplier=0.5),
                                 dict(jitter=1.0), dict(max_delay=timedelta(seconds=1))])
def test_a_policy_that_makes_no_sense_is_refused(bad):
    with pytest.raises(ValueError):
        RetryPolicy(**bad)
