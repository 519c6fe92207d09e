"""The one event every measurement writes: an org unit created, ~200 bytes of JSON.

Our store keeps `data` and `metadata` as two jsonb columns; the `eventsourcing` baseline keeps
one bytea `state`, which gets the same two objects serialised together, so both write the same
number of payload bytes.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from libs.events import NewEvent
from libs.eventstore import PostgresEventStore

EVENT_TYPE = "shuangkong.risk_registry.OrgUnitCreated"
ENTERPRISES = 10  # metadata spreads the seeded events over this many tenants


def enterprise_of(stream: int) -> str:
    return f"ent-{stream % ENTERPRISES:04d}"


def event_data(stream: int, version: int) -> dict[str, Any]:
    return {"unit_id": f"u{stream:06d}", "enterprise_id": enterprise_of(stream), "kind": "department",
            "name": f"生产部-{stream:06d}-{version:05d}", "parent_id": None}


def event_metadata(stream: int) -> dict[str, Any]:
    return {"actor": "bench-officer", "enterprise_id": enterprise_of(stream),
            "correlation_id": "0f8fad5b-d9cb-469f-a165-70867728950e"}


def new_event(stream: int, version: int) -> NewEvent:
    return NewEvent(type=EVENT_TYPE, data=event_data(stream, version), metadata=event_metadata(stream))


def to_json(value: Any) -> str:
    """As the store's jsonb codec writes it (`libs.db`)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def payload_bytes() -> int:
    return len(to_json(event_data(0, 1)).encode()) + len(to_json(event_metadata(0)).encode())


async def seed_store(store: PostgresEventStore, total: int, *, streams: int = 1000, per_append: int = 50,
                     writers: int = 8, on_progress: Callable[[int], None] = lambda _n: None) -> int:
    """Append `total` events over `streams` streams (`orgunit-u<n>`), `per_append` at a time:
    the fast way to fill a store before a read-side measurement."""
    per_stream = max(1, total // streams)
    written = 0

    async def fill(stream: int) -> None:
        nonlocal written
        for version in range(0, per_stream, per_append):
            count = min(per_append, per_stream - version)
            events = [new_event(stream, version + n + 1) for n in range(count)]
            await store.append(f"orgunit-u{stream:06d}", version, events)
            written += count
            on_progress(written)

    async def writer(first: int) -> None:
        for stream in range(first, streams, writers):
            await fill(stream)

    await asyncio.gather(*(writer(w) for w in range(writers)))
    return written
