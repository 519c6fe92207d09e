"""Valid plans and checklist rows for the plan tests, so each test states only what it is about."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from services.inspection.domain.cycles import SHANGHAI, TaskCycle
from services.inspection.domain.plan import Plan
from services.inspection.domain.plan_values import PlanAssignment
from tests.unit.inspection.domain.calendars import calendar_2025

ENTERPRISE = "ent-1"
NOW = datetime(2025, 3, 1, 9, tzinfo=SHANGHAI)  # 9:00 on 1 March 2025, the plans' first day
CALENDAR = calendar_2025()  # the statutory 2025, every other year unknown


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """An instant in Shanghai, as the clock gives it (aware)."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def row(item: str = "储罐液位", content: str = "现场查看液位计读数", **fields: Any) -> dict[str, Any]:
    return {"check_type": "现场检查", "item": item, "content": content, **fields}


def level_row(low: float | None = 20, high: float | None = 80, **fields: Any) -> dict[str, Any]:
    return row(**{"unit": "%", "low": low, "high": high, **fields})


def daily(start: datetime = datetime(2025, 3, 1, 8)) -> TaskCycle:
    return TaskCycle.of(check_cycle=1, check_cycle_unit="天", task_start_time=start)


def posts(*post_ids: str) -> list[PlanAssignment]:
    return [PlanAssignment(post_id=p) for p in post_ids]


def header(**fields: Any) -> dict[str, Any]:
    return {"kind": 1, "title": "罐区日常巡检", "period_start": date(2025, 3, 1), "period_end": date(2025, 12, 31),
            "cycle": daily(), "assignments": posts("post-1"), **fields}


def draft(plan_id: str = "plan-1", items: list[dict[str, Any]] | None = None, **fields: Any) -> Plan:
    plan = Plan.draw_up(plan_id, ENTERPRISE, items=[row(), level_row(item="储罐压力")] if items is None else items,
                        **header(**fields))
    plan.mark_saved()
    return plan


def published(plan_id: str = "plan-1", **fields: Any) -> Plan:
    plan = draft(plan_id, **fields)
    plan.publish(NOW, CALENDAR)
    plan.mark_saved()
    return plan


def recorded(plan: Plan) -> list[type]:
    return [type(e) for e in plan.pending()]
