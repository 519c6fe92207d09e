"""Values drawn from a hypothesis strategy up front, the same ones every run: for tests that replay
generated requests through an event loop (hypothesis runs its own synchronous loop); and the
requests of an OpenAPI operation so drawn (the fuzz test and the whole system's conformance)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode


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


def operation_cases(operation, positive: int, negative: int) -> Iterator[tuple[GenerationMode, Any]]:
    """A schemathesis operation's cases, derandomized: `positive` schema-valid ones, then `negative`
    invalid ones where it has a body or query to get wrong (none where nothing can be made invalid)."""
    modes = [(GenerationMode.POSITIVE, positive)]
    if operation.body or operation.query:
        modes.append((GenerationMode.NEGATIVE, negative))
    for mode, examples in modes:
        try:
            cases = draw(operation.as_strategy(generation_mode=mode), examples)
        except Unsatisfiable:  # nothing in this operation can be made invalid
            continue
        for case in cases:
            yield mode, case
