"""Plans on fakes (bootstrap.in_memory()) with a driven clock: the bodies an officer sends, and the
scheduler that fires the tasks' catch-up."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from libs.clock import FixedClock
from libs.deadlines import DeadlineScheduler
from libs.repository import CommandContext
from services.inspection import bootstrap
from services.inspection.application import plan_commands as c
from services.inspection.application import plans as h
from services.inspection.application.occurrence_deadlines import deadline_handlers
from tests.unit.inspection.application.flows import staffed

T0 = datetime(2026, 12, 1, 0, tzinfo=UTC)  # 08:00 on 1 December in Shanghai: the first window opens
OFFICER = CommandContext("officer-1", "ent-1", "corr-officer")


def level_item(**changes: Any) -> dict[str, Any]:
    return {"check_type": "现场检查", "item": "储罐液位", "content": "查看液位计读数", "unit": "%", "low": 20,
            "high": 80, **changes}


def plain_item(**changes: Any) -> dict[str, Any]:
    return {"check_type": "现场检查", "item": "消防器材", "content": "灭火器在位、压力正常", **changes}


def plan_body(**changes: Any) -> dict[str, Any]:
    return {"kind": 1, "title": "罐区日常巡检", "period_start": "2026-12-01", "period_end": "2026-12-31",
            "cycle": {"check_cycle": 1, "check_cycle_unit": "天", "task_start_time": "2026-12-01T08:00:00"},
            "assignments": [{"post_id": "post-1", "person_ids": ["person-1"]}, {"post_id": "post-2"}],
            "items": [level_item(), plain_item()], **changes}


def wired():
    w = bootstrap.in_memory(clock=FixedClock(T0))
    staffed(w)
    scheduler = DeadlineScheduler(w.occurrences.deadlines, w.store, deadline_handlers(w.occurrences), w.clock)
    return w, scheduler


async def published(w, **changes: Any) -> str:
    plan_id = await h.draw_up_plan(c.DrawUpPlan(**plan_body(**changes)).for_("ent-1"), w.plans, OFFICER)
    await h.publish_plan(c.PlanVersion().for_("ent-1", plan_id), w.plans, OFFICER)
    return plan_id


async def events_of(w, stream_id: str) -> list[str]:
    return [r.type.rsplit(".", 1)[-1] for r in await w.store.load(stream_id)]
