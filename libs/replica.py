"""Local replicas: the rows of another service's facts a service keeps for itself (inspection
keeps the registry's measures, posts and people; alerting the org tree), since it never reads
another service's tables (ARCHITECTURE: a service learns about others only from their events).

One mechanism, declared: which versions of which event types change which rows of which local
table.

    Replica(name="inspection-directory", schema="inspection_directory", topics=[registry_topic],
            migrations=HERE / "replica_migrations", keeps={
        UNIT_CREATED: [Upsert("units", key={"unit_id": "unit_id"},
                              columns={"enterprise_id": "enterprise_id", "name": "name"})],
        UNIT_RENAMED: [Upsert("units", key={"unit_id": "unit_id"}, columns={"name": "name"})],
        (UNIT_RENAMED, 2): [Upsert("units", key={"unit_id": "unit_id"}, columns={"name": "new_name"})],
        UNIT_RETIRED: [Retire("units", key={"unit_id": "unit_id"})],
    })

A key is an event type (meaning its version 1, the `schema_version` of libs/cloudevent.InboundEvent)
or `(type, version)`. A replica reads another service's payloads without its classes or upcasters,
so it says which versions it understands: an event of a kept type in a version it does not declare
raises `UnknownVersion` — retried, then dead-lettered where it is seen, never misread (a v2 whose
field kept its name but changed its meaning would be written without a sound; one that renamed a
field would fail only where a column names it). Declare the new version first, then let the other
service publish it. Events of types it does not keep are only remembered in the inbox.

A column's value is a field of the event's data (`"a.b"` for a nested one) or a function of the
event. Every row remembers the stream version of the fact it holds (`fact_version`), and a
write happens only with a newer one: an older event arriving late never overwrites a newer fact.
One row follows one stream of the other service (a unit's row, its unit's stream), so versions
compare. A retired row stays (`retired` true), which keeps the version that guards it; a deleted
row goes, guard and all (for facts that must not be kept).

A replica table therefore has its key, `fact_version integer NOT NULL`, `retired boolean NOT NULL
DEFAULT false`, and nullable fact columns (a retirement or a partial fact may come first). The
replica lives in a schema of its own, with its inbox, and is a Projection like any other: the
consumer keeps it, `libs/rebuild.py` rebuilds it beside the live one and swaps it in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import asyncpg

from libs.cloudevent import InboundEvent

Value = str | Callable[[InboundEvent], Any]  # a field of the data, or a function of the event
Kept = str | tuple[str, int]  # an event type (version 1), or a type and the version understood
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def _name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"replica: {name!r} is not a plain lower-case SQL name")
    return f'"{name}"'


def _value(source: Value, event: InboundEvent) -> Any:
    if callable(source):
        return source(event)
    value: Any = event.data
    for part in source.split("."):
        value = value[part]
    return value


@dataclass(frozen=True)
class Upsert:
    """Write `columns` of the row at `key` (creating it), if the event is newer than its fact."""

    table: str
    key: Mapping[str, Value]
    columns: Mapping[str, Value] = field(default_factory=dict)

    @cached_property
    def sql(self) -> str:
        names = [*self.key, *self.columns]
        table = _name(self.table)
        keys = ", ".join(_name(k) for k in self.key)
        updates = [f"{_name(c)} = excluded.{_name(c)}" for c in self.columns] + ["fact_version = excluded.fact_version"]
        return (f"INSERT INTO {table} ({', '.join(map(_name, names))}, fact_version) "
                f"VALUES ({', '.join(f'${i}' for i in range(1, len(names) + 2))}) "
                f"ON CONFLICT ({keys}) DO UPDATE SET {', '.join(updates)} "
                f"WHERE {table}.fact_version < excluded.fact_version")

    async def write(self, conn: asyncpg.Connection, event: InboundEvent) -> None:
        values = [_value(v, event) for v in (*self.key.values(), *self.columns.values())]
        await conn.execute(self.sql, *values, event.stream_version)


def Retire(table: str, key: Mapping[str, Value]) -> Upsert:  # noqa: N802 - reads as a declaration
    """Mark the row at `key` retired; it stays, so no older fact can bring it back."""
    return Upsert(table, key, {"retired": lambda _event: True})


@dataclass(frozen=True)
class Delete:
    """Remove the row at `key`, unless it holds a newer fact."""

    table: str
    key: Mapping[str, Value]

    @cached_property
    def sql(self) -> str:
        match = " AND ".join(f"{_name(k)} = ${i}" for i, k in enumerate(self.key, start=1))
        return f"DELETE FROM {_name(self.table)} WHERE {match} AND fact_version < ${len(self.key) + 1}"

    async def write(self, conn: asyncpg.Connection, event: InboundEvent) -> None:
        await conn.execute(self.sql, *(_value(v, event) for v in self.key.values()), event.stream_version)


Rows = Upsert | Delete


class NotReplicatedYet(LookupError):
    """A reaction needs a fact of another service that its replica does not hold yet (the replica
    is a consumer group of its own, and may be behind or rebuilding). Raised by the reaction; the
    consumer tries the event again, within the same budget as a lost race (libs/consumer.py),
    before it counts as a failure: the fact usually arrives within seconds."""

    def __init__(self, what: str) -> None:
        super().__init__(f"not in the replica yet: {what}")
        self.what = what


class UnknownVersion(LookupError):
    """An event of a type the replica keeps, in a version it was not told how to read."""

    def __init__(self, event_type: str, version: int) -> None:
        super().__init__(f"replica does not know version {version} of {event_type}")
        self.event_type, self.version = event_type, version


def _versioned(keeps: Mapping[Kept, Sequence[Rows]]) -> dict[tuple[str, int], Sequence[Rows]]:
    writes: dict[tuple[str, int], Sequence[Rows]] = {}
    for kept, rows in keeps.items():
        key = (kept, 1) if isinstance(kept, str) else kept
        if key in writes:
            raise ValueError(f"replica: {key[0]} v{key[1]} is declared twice")
        writes[key] = rows
    return writes


@dataclass
class Replica:
    """A projection of `topics` into local tables, as `keeps` declares (event type, or type and
    version → its writes)."""

    name: str
    schema: str
    topics: list[str]
    migrations: Path
    keeps: Mapping[Kept, Sequence[Rows]]

    def __post_init__(self) -> None:
        self._writes = _versioned(self.keeps)
        self._types = {event_type for event_type, _ in self._writes}
        for writes in self._writes.values():  # refuse a bad declaration at start, not at the first event
            for rows in writes:
                _ = rows.sql

    async def apply(self, conn: asyncpg.Connection, event: InboundEvent) -> None:
        writes = self._writes.get((event.type, event.schema_version))
        if writes is None:
            if event.type in self._types:
                raise UnknownVersion(event.type, event.schema_version)
            return
        for rows in writes:
            await rows.write(conn, event)
