"""Inspection on fakes (bootstrap.in_memory()) with a driven clock: the registry's measure events
as the reactor receives them, and the people who set cycles."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from libs.clock import FixedClock
from libs.cloudevent import InboundEvent
from libs.repository import CommandContext
from services.inspection import bootstrap
from services.inspection.application.reactions import task_reactor

R = "shuangkong.risk_registry."
T0 = datetime(2026, 12, 1, 0, tzinfo=UTC)
OFFICER = CommandContext("officer-1", "ent-1", "corr-officer")
MEASURE = {"measure_id": "m-1", "enterprise_id": "ent-1", "description": "储罐设温度高高联锁", "classify1": "1",
           "classify2": "1-4", "classify3": None, "data_source": "2", "inspection_content": "检查温度联锁投用状态",
           "responsible_post_id": "post-1"}


def measure_event(event_name: str, version: int, enterprise_id: str = "ent-1", **data) -> InboundEvent:
    body = {"measure_id": "m-1", "enterprise_id": enterprise_id, **data}
    return InboundEvent(event_id=uuid.uuid4(), type=R + event_name, source="/shuangkong/risk_registry",
                        subject=f"measure-{body['measure_id']}", time=T0, schema_version=1, stream_version=version,
                        enterprise_id=enterprise_id, actor="officer-1", correlation_id="corr-reg", causation_id=None,
                        traceparent=None, data=body)


def defined(**changes) -> InboundEvent:
    return measure_event("ControlMeasureDefined", 1, **{**MEASURE, "risk_event_id": "risk-1", **changes})


def revised(version: int = 2, **changes) -> InboundEvent:
    return measure_event("ControlMeasureRevised", version, **{**MEASURE, **changes})


def wired():
    w = bootstrap.in_memory(clock=FixedClock(T0))
    staffed(w)
    return w, task_reactor(w.tasks, w.store, "", "inspection")


def staffed(w, enterprise_id: str = "ent-1", post_id: str = "post-1", people=("worker-1", "leader-1")) -> None:
    """The people who record checks on the post the tests issue to, as the registry's replica would
    know them (only an occurrence's people may record it)."""
    for person in people:
        w.my_tasks.directory.person(enterprise_id, person, post_id)
