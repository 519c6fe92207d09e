"""Time as a dependency (ARCHITECTURE invariant 7): every rule that depends on "now" reads a Clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Protocol

CHINA_TIME = timezone(timedelta(hours=8), "北京时间")  # what users read; China keeps no summer time


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock tests set and move by hand. Whoever waits on it (the deadline scheduler) may ask
    to be told when it moves, so a test that advances it needs no wall-clock sleep."""

    def __init__(self, at: datetime) -> None:
        self._at = at
        self._moved: list[Callable[[], None]] = []

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at
        self._tell()

    def advance(self, delta: timedelta) -> None:
        self._at += delta
        self._tell()

    def on_move(self, callback: Callable[[], None]) -> None:
        self._moved.append(callback)

    def _tell(self) -> None:
        for callback in self._moved:
            callback()


class AcceleratedClock:
    """Runs `speed` times faster than real time from `origin`, so a demo shows a week in an hour."""

    def __init__(self, speed: float, origin: datetime | None = None) -> None:
        self._speed = speed
        self._origin = origin or datetime.now(UTC)
        self._start = time.monotonic()

    def now(self) -> datetime:
        return self._origin + timedelta(seconds=(time.monotonic() - self._start) * self._speed)


def clock_for(speed: float) -> Clock:
    return SystemClock() if speed == 1.0 else AcceleratedClock(speed)
