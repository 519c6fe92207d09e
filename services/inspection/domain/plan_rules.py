"""Rules of a plan's header (pure): its kind, title, period, the posts it sends, how its cycle sits in
its period, and the ids of the tasks it yields. Each refusal a DomainError naming the field."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from libs.aggregate import DomainError
from libs.names import checked_name
from services.inspection.domain import plan_limits as limits
from services.inspection.domain.codes import PLAN_KIND_LABELS, PlanKind
from services.inspection.domain.cycles import TaskCycle
from services.inspection.domain.plan_fields import checked_id
from services.inspection.domain.plan_values import PlanAssignment, PlanCycle, PlanTask

# Fixed for ever: a task's id is derived from it, so the same plan and post give the same task on
# every replica and every redelivery.
PLAN_TASK_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://shuangkong/inspection/plan-task")


def plan_task_id(plan_id: str, post_id: str) -> str:
    """The id of the check task plan `plan_id` yields for post `post_id`."""
    return uuid.uuid5(PLAN_TASK_NAMESPACE, f"{plan_id}\n{post_id}").hex


def plan_tasks(plan_id: str, assignments: Sequence[PlanAssignment]) -> list[PlanTask]:
    return [PlanTask(task_id=plan_task_id(plan_id, a.post_id), post_id=a.post_id, person_ids=list(a.person_ids))
            for a in assignments]


def checked_kind(value: Any) -> PlanKind:
    """排查计划类型, 1–8 (a PlanKind or its code)."""
    if not isinstance(value, bool) and isinstance(value, int):
        try:
            return PlanKind(value)
        except ValueError:
            pass
    shown = "、".join(f"{kind.value}（{label}）" for kind, label in PLAN_KIND_LABELS.items())
    raise DomainError(f"计划类型须为以下取值之一: {shown}", field="kind")


def checked_title(value: Any) -> str:
    if not isinstance(value, str):
        raise DomainError("计划名称须为文字", field="title")
    return checked_name(value, "title", limits.TITLE)


def checked_period(start: Any, end: Any) -> tuple[date, date | None]:
    """计划期间: a first day and, unless the plan stands until retired, a last day not before it."""
    # A datetime is a date to Python, but a period is whole days.
    if not isinstance(start, date) or isinstance(start, datetime):
        raise DomainError("计划开始日期须为日期", field="period_start")
    if end is not None and (not isinstance(end, date) or isinstance(end, datetime)):
        raise DomainError("计划结束日期须为日期", field="period_end")
    if end is not None and end < start:
        raise DomainError(f"计划结束日期 {end} 早于开始日期 {start}", field="period_end")
    return start, end


def check_cycle_in_period(cycle: TaskCycle, start: date, end: date | None) -> None:
    """The first check (taskStartTime) falls within the plan's period, so no window opens before the
    plan begins (whether one is still owed is asked when it is published)."""
    first = cycle.anchor.date()
    if first < start or (end is not None and first > end):
        shown = f"{start} 至 {end}" if end is not None else f"{start} 起"
        raise DomainError(f"首次排查时间 {first} 不在计划期间（{shown}）内", field="task_start_time")


def checked_assignments(given: Sequence[PlanAssignment]) -> list[PlanAssignment]:
    """The posts the plan sends, each once, with the people it names on them, each once."""
    if len(given) > limits.ASSIGNMENTS:
        raise DomainError(f"一个计划最多派{limits.ASSIGNMENTS}个岗位", field="assignments")
    seen: set[str] = set()
    checked = []
    for i, assignment in enumerate(given):
        post = checked_id(assignment.post_id, f"assignments[{i}].post_id", "岗位")
        if post in seen:
            raise DomainError("同一岗位重复派出", field=f"assignments[{i}].post_id")
        seen.add(post)
        at = f"assignments[{i}].person_ids"
        people = [checked_id(p, f"{at}[{j}]", "人员") for j, p in enumerate(assignment.person_ids)]
        if len(people) > limits.PEOPLE_PER_POST:
            raise DomainError(f"一个岗位最多指派{limits.PEOPLE_PER_POST}人", field=at)
        if len(set(people)) != len(people):
            raise DomainError("同一岗位重复指派同一人", field=at)
        checked.append(PlanAssignment(post_id=post, person_ids=people))
    return checked


def checked_header(kind: Any, title: Any, period_start: Any, period_end: Any, cycle: TaskCycle,
                   assignments: Sequence[PlanAssignment]) -> dict[str, Any]:
    """A plan's header as its events carry it, every field checked."""
    start, end = checked_period(period_start, period_end)
    check_cycle_in_period(cycle, start, end)
    return {"kind": checked_kind(kind), "title": checked_title(title), "period_start": start, "period_end": end,
            "cycle": PlanCycle.of(cycle), "assignments": checked_assignments(assignments)}
