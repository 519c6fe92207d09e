"""Which failures of an apply are lost races (tried again on fresh state, within a time budget,
counting no attempt), and how the pauses between the tries grow. Pure: no database, no broker."""

from __future__ import annotations

import asyncpg
import pytest

from libs.consumer import ConflictBudget, is_conflict
from libs.eventstore.port import ConcurrencyError, NonFiniteNumber
from libs.replica import NotReplicatedYet, UnknownVersion


@pytest.mark.parametrize("exc", [
    ConcurrencyError("unitlog-u1", 3),
    asyncpg.DeadlockDetectedError("deadlock detected"),
    asyncpg.SerializationError("could not serialize access due to concurrent update"),
    NotReplicatedYet("post p-1"),  # the fact is on its way: the replica is another consumer group
], ids=type)
def test_a_moved_stream_a_deadlock_a_serialization_failure_and_a_fact_not_yet_replicated_are_waited_out(exc):
    assert is_conflict(exc)


@pytest.mark.parametrize("exc", [
    ValueError("this note can never be applied"),  # a refusal, or a bug: the same on every try
    KeyError("name"),
    asyncpg.UniqueViolationError("duplicate key value violates unique constraint"),
    asyncpg.LockNotAvailableError("could not obtain lock"),
    NonFiniteNumber("s-1", "q"),
    UnknownVersion("shuangkong.risk_registry.OrgUnitMoved", 2),
    ConnectionRefusedError(),  # the database away: waited out apart, never an attempt (libs/db.UNAVAILABLE)
], ids=type)
def test_every_other_failure_counts_as_an_attempt(exc):
    assert not is_conflict(exc)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_ceiling_of_the_pauses_doubles_up_to_its_cap_and_each_pause_is_drawn_below_it():
    clock = Clock()
    top = ConflictBudget(30, first=0.01, cap=0.08, clock=clock, draw=lambda: 1.0)
    assert [top.pause() for _ in range(6)] == [0.01, 0.02, 0.04, 0.08, 0.08, 0.08]
    half = ConflictBudget(30, first=0.01, cap=0.08, clock=clock, draw=lambda: 0.5)
    assert [half.pause() for _ in range(3)] == [0.005, 0.01, 0.02]


def test_the_budget_runs_from_the_first_conflict_and_once_spent_every_conflict_is_a_failure():
    clock = Clock()
    budget = ConflictBudget(30, first=1.0, cap=8.0, clock=clock, draw=lambda: 1.0)
    clock.now += 500  # time before the first conflict (applying, failing otherwise) is not spent
    assert budget.pause() == 1.0
    clock.now += 25
    assert budget.pause() == 2.0
    clock.now += 4
    assert budget.pause() == 1.0, "never a pause past the budget's end"
    clock.now += 1
    assert budget.pause() is None
    clock.now += 100
    assert budget.pause() is None, "spent stays spent"


def test_no_budget_means_every_conflict_is_a_failure_at_once():
    assert ConflictBudget(0).pause() is None
