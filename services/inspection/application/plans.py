"""Inspection plans' handlers (排查计划): load, decide, save — and, on the same unit of work, what a
plan's change means for its check tasks. Publishing draws up one task per post with the plan's cycle
(its catch-up starts then: application/occurrences.py), a checklist change on a published plan gives
its tasks the new troubleshootContent, retiring it retires them. All or nothing: a plan is never
published without its tasks, nor retired with a task still running."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from libs.events import DomainEvent
from libs.pagination import PageParams
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork
from services.inspection.application import plan_commands as c
from services.inspection.application.occurrences import Occurrences
from services.inspection.domain import plan_events as ev
from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.codes import PlanKind
from services.inspection.domain.cycles import TaskCycle
from services.inspection.domain.plan import Plan
from services.inspection.domain.plan_state import PlanState
from services.inspection.domain.plan_values import PlanAssignment
from services.inspection.domain.task import CheckTask

Row = dict[str, Any]
WHAT = "排查计划"


class PlanQueries(Protocol):
    """The plan read model (projections/plans.py, or in_memory_plans.py)."""

    async def plan(self, enterprise_id: str, plan_id: str) -> Row | None: ...

    async def plans(self, enterprise_id: str, p: PageParams, *, kind: PlanKind | None = None,
                    state: PlanState | None = None) -> tuple[list[Row], int]: ...


@dataclass
class Plans:
    plans: Repository[Plan]
    tasks: Repository[CheckTask]
    queries: PlanQueries
    occurrences: Occurrences  # the store, the clock and the tasks' catch-up
    calendar: Callable[[], Awaitable[WorkingCalendar]]


def _header(cmd: c.PlanHeader) -> dict[str, Any]:
    return {"kind": cmd.kind, "title": cmd.title, "period_start": cmd.period_start, "period_end": cmd.period_end,
            "cycle": TaskCycle.of(**cmd.cycle.model_dump()),
            "assignments": [PlanAssignment(**a.model_dump()) for a in cmd.assignments]}


async def draw_up_plan(cmd: c.DrawUpPlan, deps: Plans, ctx: CommandContext) -> str:
    plan = Plan.draw_up(uuid.uuid4().hex, cmd.enterprise_id, items=[i.fields() for i in cmd.items], **_header(cmd))
    await deps.plans.save(plan, ctx)
    return plan.id


async def _load(cmd: c.Guarded, deps: Plans) -> Plan:
    return await deps.plans.load(cmd.id, cmd.expected_version, what=WHAT, enterprise_id=cmd.enterprise_id,
                                 field="plan_id")


async def revise_plan(cmd: c.RevisePlan, deps: Plans, ctx: CommandContext) -> None:
    plan = await _load(cmd, deps)
    plan.revise(**_header(cmd))
    await _save(plan, deps, ctx)


async def add_item(cmd: c.AddChecklistItem, deps: Plans, ctx: CommandContext) -> int:
    plan = await _load(cmd, deps)
    no = plan.add_item(**cmd.fields())
    await _save(plan, deps, ctx)
    return no


async def revise_item(cmd: c.ReviseChecklistItem, no: int, deps: Plans, ctx: CommandContext) -> None:
    plan = await _load(cmd, deps)
    plan.revise_item(no, **cmd.fields())
    await _save(plan, deps, ctx)


async def remove_item(cmd: c.PlanVersion, no: int, deps: Plans, ctx: CommandContext) -> None:
    plan = await _load(cmd, deps)
    plan.remove_item(no)
    await _save(plan, deps, ctx)


async def publish_plan(cmd: c.PlanVersion, deps: Plans, ctx: CommandContext) -> None:
    plan = await _load(cmd, deps)
    plan.publish(deps.occurrences.clock.now(), await deps.calendar())
    await _save(plan, deps, ctx)


async def retire_plan(cmd: c.RetirePlan, deps: Plans, ctx: CommandContext) -> None:
    plan = await _load(cmd, deps)
    plan.retire(cmd.reason)
    await _save(plan, deps, ctx)


async def _save(plan: Plan, deps: Plans, ctx: CommandContext) -> None:
    """The plan and what its new events mean for its tasks, in one unit of work."""
    uow = UnitOfWork(deps.occurrences.store, ctx)
    for event in plan.pending():
        for task in await _tasks_after(plan, event, deps):
            deps.occurrences.follow_task(task, uow)
            uow.save(deps.tasks, task)
    uow.save(deps.plans, plan)
    await uow.commit()


async def _tasks_after(plan: Plan, event: DomainEvent, deps: Plans) -> list[CheckTask]:
    changed = []
    if isinstance(event, ev.PlanPublished):
        for planned in event.tasks:
            task = await deps.tasks.find(planned.task_id) or CheckTask(planned.task_id)
            task.draw_up_for_plan(plan.enterprise_id, plan.id, event.kind, planned, event.cycle,
                                  event.troubleshoot_content, event.published_at, event.period_end)
            changed.append(task)
    elif isinstance(event, ev.PlanRetired):
        for task_id in event.task_ids:
            if (task := await deps.tasks.find(task_id)) is not None:
                task.retire_with_plan()
                changed.append(task)
    elif isinstance(event, ev.ChecklistItemAdded | ev.ChecklistItemRevised | ev.ChecklistItemRemoved):
        if event.troubleshoot_content is not None:
            for planned in plan.tasks:
                if (task := await deps.tasks.find(planned.task_id)) is not None:
                    task.take_content(event.troubleshoot_content)
                    changed.append(task)
    return [t for t in changed if t.pending()]


def today(deps: Plans) -> date:  # for the tests' readability: the plan's day on the service's clock
    return deps.occurrences.clock.now().date()
