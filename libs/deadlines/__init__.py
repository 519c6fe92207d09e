"""Deadlines: one mechanism for every clock-driven transition (ARCHITECTURE invariant 7) —
task windows, 临期 and 超期, escalation steps, certificate expiry.

A command schedules (or cancels) a deadline through its unit of work, in the transaction of the
append that causes it; the scheduler claims what is due by the injected clock and fires it by
appending the resulting event under its expected version in the claim's own transaction.

    port.py       Deadline, the book's contract, a handler's signature
    schema.py     the indexed table, for a service's migration
    postgres.py   the book on PostgreSQL (FOR UPDATE SKIP LOCKED claims, a savepoint per deadline)
    memory.py     the fake for unit tests
    scheduler.py  claim → fire → retry with back-off → park; the run loop
"""

from libs.deadlines.memory import InMemoryDeadlines
from libs.deadlines.port import Claim, Deadline, DeadlineBook, DeadlineHandler
from libs.deadlines.postgres import PostgresDeadlines
from libs.deadlines.scheduler import SCHEDULER_ACTOR, DeadlineScheduler, Pass, RetryPolicy

__all__ = [
    "SCHEDULER_ACTOR", "Claim", "Deadline", "DeadlineBook", "DeadlineHandler", "DeadlineScheduler",
    "InMemoryDeadlines", "Pass", "PostgresDeadlines", "RetryPolicy",
]
