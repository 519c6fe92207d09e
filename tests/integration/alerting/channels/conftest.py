"""A real receiving server per test, on the test's clock; no database or broker needed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from libs.clock import FixedClock
from tests.integration.alerting.channels.receivers import Receivers, serving


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 12, 3, 10, 0, tzinfo=UTC))


@pytest.fixture
async def receivers(clock):
    found = Receivers(now_ms=lambda: int(clock.now().timestamp() * 1000))
    async with serving(found.app()) as url:
        found.url = url
        yield found
        found.released.set()
