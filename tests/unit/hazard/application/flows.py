"""Hazard governance on fakes: the in-memory store, deadline book and blob store, a driven clock."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from libs.clock import FixedClock
from libs.cloudevent import InboundEvent
from libs.deadlines import DeadlineScheduler
from libs.repository import CommandContext
from services.hazard import bootstrap
from services.hazard.application.handlers import Hazards

EID = "ent-1"
T0 = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # Thursday 10:00 in Beijing
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def wired() -> Hazards:
    return bootstrap.in_memory(clock=FixedClock(T0))


def ctx(person: str, *roles: str) -> CommandContext:
    return CommandContext(person, EID, f"corr-{person}", frozenset(roles))


WORKER, OFFICER = ctx("p-worker", "worker"), ctx("p-officer", "safety_officer")
RECTIFIER, PRINCIPAL = ctx("p-rectifier", "worker"), ctx("p-principal", "principal")


async def photo(w: Hazards) -> str:
    return await w.blobs.put(EID, JPEG + uuid.uuid4().bytes)


async def fire(w: Hazards) -> int:
    """Pass until nothing due is left (a claim leaves a stream's second deadline to the next pass,
    as the running scheduler's next pass at once would take it); how many fired."""
    handlers = w.rectification.handlers()
    scheduler = DeadlineScheduler(w.rectification.book, w.store, handlers, w.clock)
    fired = 0
    for _ in range(10):
        done = await scheduler.fire_due()
        fired += done.fired
        if not done.claimed:
            return fired
    return fired


async def types(w: Hazards, hazard_id: str) -> list[str]:
    return [r.type.rsplit(".", 1)[-1] for r in await w.store.load(w.hazards.stream_id(hazard_id))]


def finding(**data) -> InboundEvent:
    body = {"hazard_id": "hz-found-1", "enterprise_id": EID, "source": 1, "measure_id": "m-1", "task_id": "t-1",
            "occurrence_id": "o-1", "record_id": "r-1", "item_id": "i-1",
            "description": "储罐液位：读数 95 %，超出安全范围 ≤ 85 %", "photo_ids": [], "reporter_id": "p-worker",
            "reporter_mobile": "13800000000", "found_at": "2026-12-03T09:30:00+08:00", "location": None, **data}
    return InboundEvent(event_id=uuid.uuid4(), type="shuangkong.inspection.HazardFound",
                        source="/shuangkong/inspection", subject="checkrecord-r-1", time=T0, schema_version=1,
                        stream_version=1, enterprise_id=EID, actor="p-worker", correlation_id="corr-rec",
                        causation_id=None, traceparent=None, data=body)
