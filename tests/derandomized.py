"""Values drawn from a hypothesis strategy up front, the same ones every run: for tests that replay
generated requests through an event loop (hypothesis runs its own synchronous loop)."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings


def draw(strategy, examples: int) -> list:
    """`examples` values of `strategy`, derandomized (call it in a worker thread from async code)."""
    drawn: list = []

    @hsettings(max_examples=examples, database=None, derandomize=True, deadline=None,
               phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(value):
        drawn.append(value)

    collect()
    return drawn
