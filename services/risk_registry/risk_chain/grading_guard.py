"""The grading guard (decision 30): an assessment and a change of the grading policy of one
enterprise cannot both commit on a stale view of each other.

`assess_risk` grades under the policy version it read; `change_grading_policy` re-grades the
assessed risks it read. Either read can be overtaken by the other command's commit, and then a
risk stays graded under the old policy for good. So each registers a check on its unit of work
(`uow.also`, run in the commit's transaction before the appends):
- `assessing(eid, policy_version)`: the policy stream is still at the version graded with;
- `regrading(eid, regraded)`: the enterprise's assessed risks are still exactly `regraded`,
  each at the version it was re-graded from (a re-assessment of a risk the new policy left alone
  keeps the set of ids and would slip through a check of ids alone).
A failed check is a ConcurrencyError: 409, nothing written, the client retries on what is stored.

On PostgreSQL the checks are serialised by an advisory transaction lock on the enterprise's
grading: shared for assessments (they do not wait for each other), exclusive for a policy change.
Whichever takes it second checks after the first committed: under READ COMMITTED (the pool's
default) the check is a statement after the lock, so it sees that commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from libs.eventstore.port import ConcurrencyError, EventStore, Transaction
from libs.unit_of_work import Work
from services.risk_registry.risk_chain.domain.risk_event import RiskEvent
from services.risk_registry.risk_chain.projections.queries import ASSESSED

if TYPE_CHECKING:
    from services.risk_registry.in_memory import InMemoryReadModel

StreamOf = Callable[[str], str]  # aggregate id → stream id (a repository's `stream_id`)


class GradingGuard(Protocol):
    def assessing(self, enterprise_id: str, policy_version: int) -> Work:
        """An assessment graded under the policy at `policy_version`."""
        ...

    def regrading(self, enterprise_id: str, regraded: Mapping[str, int]) -> Work:
        """A policy change that re-graded these risks (risk id → version it loaded)."""
        ...


def grading_lock_key(enterprise_id: str) -> int:
    """The advisory lock of one enterprise's grading: a stable signed 64-bit key, so that two
    enterprises practically never share one (they would only wait for each other)."""
    digest = hashlib.blake2b(f"shuangkong-grading:{enterprise_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _first_moved(risk_stream: StreamOf, regraded: Mapping[str, int], now: Mapping[str, int]) -> ConcurrencyError:
    """Name one risk the re-grade did not see as it is now."""
    moved = min(set(regraded.items()) ^ set(now.items()))[0]
    return ConcurrencyError(risk_stream(moved), regraded.get(moved, 0))


_POLICY_VERSION = "SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1"
_ASSESSED_VERSIONS = f"SELECT id, version FROM risk_events re WHERE re.enterprise_id = $1 AND {ASSESSED}"


class PostgresGradingGuard:
    def __init__(self, policy_stream: StreamOf, risk_stream: StreamOf) -> None:
        self._policy_stream, self._risk_stream = policy_stream, risk_stream

    def assessing(self, enterprise_id: str, policy_version: int) -> Work:
        async def check(tx: Transaction) -> None:
            conn, stream = tx.connection, self._policy_stream(enterprise_id)
            await conn.execute("SELECT pg_advisory_xact_lock_shared($1)", grading_lock_key(enterprise_id))
            if await conn.fetchval(_POLICY_VERSION, stream) != policy_version:
                raise ConcurrencyError(stream, policy_version)
        return check

    def regrading(self, enterprise_id: str, regraded: Mapping[str, int]) -> Work:
        async def check(tx: Transaction) -> None:
            conn = tx.connection
            await conn.execute("SELECT pg_advisory_xact_lock($1)", grading_lock_key(enterprise_id))
            now = {r["id"]: r["version"] for r in await conn.fetch(_ASSESSED_VERSIONS, enterprise_id)}
            if now != dict(regraded):
                raise _first_moved(self._risk_stream, regraded, now)
        return check


class InMemoryGradingGuard:
    """The same checks on the fakes: the store's policy stream and the in-memory read model. No
    lock: the in-memory store commits without yielding to another task."""

    def __init__(self, store: EventStore, read_model: InMemoryReadModel, policy_stream: StreamOf,
                 risk_stream: StreamOf) -> None:
        self._store, self._read_model = store, read_model
        self._policy_stream, self._risk_stream = policy_stream, risk_stream

    def assessing(self, enterprise_id: str, policy_version: int) -> Work:
        async def check(tx: Transaction) -> None:
            stream = self._policy_stream(enterprise_id)
            if len(await self._store.load(stream)) != policy_version:
                raise ConcurrencyError(stream, policy_version)
        return check

    def regrading(self, enterprise_id: str, regraded: Mapping[str, int]) -> Work:
        async def check(tx: Transaction) -> None:
            model = self._read_model
            now = {rid: model.find(RiskEvent, rid).version for rid in await model.assessed_risk_ids(enterprise_id)}
            if now != dict(regraded):
                raise _first_moved(self._risk_stream, regraded, now)
        return check
