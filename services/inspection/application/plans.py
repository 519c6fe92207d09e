"""Inspection plans' handlers (排查计划): load, decide, save — the plan with what its change means
for its check tasks, in one unit of work (application/plan_tasks.py)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from libs.pagination import PageParams
from libs.repository import CommandContext, Repository
from services.inspection.application import plan_commands as c
from services.inspection.application.occurrences import Occurrences
from services.inspection.application.plan_tasks import save_with_tasks
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


async def _save(plan: Plan, deps: Plans, ctx: CommandContext) -> None:
    await save_with_tasks(plan, deps.plans, deps.tasks, deps.occurrences, ctx)


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
