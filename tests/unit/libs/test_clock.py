"""Clocks: a fixed one tests move by hand, an accelerated one for demos."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from libs import clock
from libs.clock import AcceleratedClock, FixedClock, SystemClock, clock_for

T0 = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


def test_fixed_clock_stands_still_until_moved():
    fixed = FixedClock(T0)
    assert fixed.now() == fixed.now() == T0


def test_fixed_clock_can_be_set_and_advanced():
    fixed = FixedClock(T0)
    fixed.advance(timedelta(hours=2))
    assert fixed.now() == T0 + timedelta(hours=2)
    fixed.set(T0 - timedelta(days=1))
    assert fixed.now() == T0 - timedelta(days=1)


@pytest.fixture
def monotonic(monkeypatch):
    """A hand-driven `time.monotonic`, so no test sleeps."""
    now = [1000.0]
    monkeypatch.setattr(clock.time, "monotonic", lambda: now[0])
    return now


def test_accelerated_clock_starts_at_its_origin(monotonic):
    assert AcceleratedClock(speed=168, origin=T0).now() == T0


def test_accelerated_clock_runs_speed_times_faster_than_real_time(monotonic):
    fast = AcceleratedClock(speed=168, origin=T0)
    monotonic[0] += 3600  # one real hour
    assert fast.now() == T0 + timedelta(weeks=1)


def test_clock_for_real_time_is_the_system_clock():
    assert isinstance(clock_for(1.0), SystemClock)


def test_clock_for_another_speed_is_accelerated(monotonic):
    assert isinstance(clock_for(60.0), AcceleratedClock)


def test_system_clock_is_timezone_aware():
    assert SystemClock().now().tzinfo is not None
