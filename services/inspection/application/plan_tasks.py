"""What a plan's change means for its check tasks, saved with the plan in one unit of work: publishing
draws up one task per post with the plan's cycle (its catch-up starts then: application/occurrences.py),
a checklist change on a published plan gives its tasks the new troubleshootContent, retiring it
retires them. All or nothing: a plan is never published without its tasks, nor retired with a task
still running. A task's id is the plan's and the post's, so a retry draws up nothing twice."""

from __future__ import annotations

from libs.events import DomainEvent
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork
from services.inspection.application.occurrences import Occurrences
from services.inspection.domain import plan_events as ev
from services.inspection.domain.plan import Plan
from services.inspection.domain.task import CheckTask


async def save_with_tasks(plan: Plan, plans: Repository[Plan], tasks: Repository[CheckTask],
                          occurrences: Occurrences, ctx: CommandContext) -> None:
    uow = UnitOfWork(occurrences.store, ctx)
    for event in plan.pending():
        for task in await _tasks_after(plan, event, tasks):
            occurrences.follow_task(task, uow)
            uow.save(tasks, task)
    uow.save(plans, plan)
    await uow.commit()


async def _tasks_after(plan: Plan, event: DomainEvent, tasks: Repository[CheckTask]) -> list[CheckTask]:
    changed = []
    if isinstance(event, ev.PlanPublished):
        for planned in event.tasks:
            task = await tasks.find(planned.task_id) or CheckTask(planned.task_id)
            task.draw_up_for_plan(plan.enterprise_id, plan.id, event.kind, planned, event.cycle,
                                  event.troubleshoot_content, event.published_at, event.period_end)
            changed.append(task)
    elif isinstance(event, ev.PlanRetired):
        for task_id in event.task_ids:
            if (task := await tasks.find(task_id)) is not None:
                task.retire_with_plan()
                changed.append(task)
    elif isinstance(event, ev.ChecklistChange):
        if event.troubleshoot_content is not None:
            for planned in plan.tasks:
                if (task := await tasks.find(planned.task_id)) is not None:
                    task.take_content(event.troubleshoot_content)
                    changed.append(task)
    return [t for t in changed if t.pending()]
