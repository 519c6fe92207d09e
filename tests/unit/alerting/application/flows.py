"""Alerting on fakes: the in-memory store and deadline book, a directory in plain Python (a plant of
two departments, teams and posts), a driven clock, source events built by hand."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from libs.clock import FixedClock
from libs.cloudevent import InboundEvent
from libs.deadlines import DeadlineScheduler
from services.alerting import bootstrap
from services.alerting.application.handlers import Alerting
from services.alerting.application.reactions import source_reactor
from services.alerting.projections.memory import InMemoryDirectory, InMemoryFacts, Person

EID = "ent-1"
T0 = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
H = timedelta(hours=1)
INS, HZ = "shuangkong.inspection.", "shuangkong.hazard."


def plant() -> InMemoryDirectory:
    return InMemoryDirectory(
        units={"d-1": ("department", None), "t-1": ("team", "d-1"), "post-1": ("post", "t-1"),
               "post-lead": ("post", "t-1"), "post-head": ("post", "d-1"), "post-boss": ("post", None)},
        people={"p-worker": Person("post-1", {"worker"}), "p-leader": Person("post-lead", {"team_leader"}),
                "p-head": Person("post-head", {"department_head"}), "p-boss": Person("post-boss", {"principal"})})


def wired(facts: InMemoryFacts | None = None) -> Alerting:
    return bootstrap.in_memory(clock=FixedClock(T0), directory=plant(), facts=facts)


def event(type_: str, **data: Any) -> InboundEvent:
    return InboundEvent(event_id=uuid.uuid4(), type=type_, source="/shuangkong/x", subject="s", time=T0,
                        schema_version=1, stream_version=1, enterprise_id=EID, actor="system", correlation_id="c-1",
                        causation_id=None, traceparent=None, data={"enterprise_id": EID, **data})


def missed(occurrence_id: str = "occ-1", window_end: datetime = T0) -> InboundEvent:
    return event(INS + "OccurrenceMissed", occurrence_id=occurrence_id, task_id="task-1",
                 window_start=(window_end - 8 * H).isoformat(), window_end=window_end.isoformat(),
                 planned_on_assumed_calendar=False, post_ids=["post-1"], person_ids=[], never_issued=False,
                 at=window_end.isoformat())


async def react(w: Alerting, ev: InboundEvent) -> None:
    await source_reactor(w.sources, w.store, "", "alerting").apply(None, ev)


async def fire(w: Alerting) -> int:
    scheduler = DeadlineScheduler(w.escalation.book, w.store, w.escalation.handlers(), w.clock)
    fired = 0
    for _ in range(10):
        done = await scheduler.fire_due()
        fired += done.fired
        if not done.claimed:
            break
    return fired


async def told(w: Alerting) -> list[tuple[str, str]]:
    """(level reached, recipient) of every attempt, in order."""
    out, level = [], ""
    for r in await w.store.read_all():
        if r.type.endswith("AlertEscalated"):
            level = r.data["reached"]
        if r.type.endswith("NotificationAttempted"):
            out.append((level, r.data["recipient_id"]))
    return out


async def types(w: Alerting) -> list[str]:
    return [r.type.rsplit(".", 1)[-1] for r in await w.store.read_all()]
