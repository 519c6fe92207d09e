"""Inspection's command handlers: load, decide, save — one small function each. What they need
is one dataclass (`Inspection`), composed in bootstrap.py, real or fake."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from libs.clock import Clock
from libs.pagination import PageParams
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork
from services.inspection.application import commands as c
from services.inspection.application.occurrences import Occurrences
from services.inspection.domain.codes import TaskState, WorkType
from services.inspection.domain.cycles import TaskCycle
from services.inspection.domain.task import CheckTask

Row = dict[str, Any]


class TaskQueries(Protocol):
    """The check-task read model, as the routes read it (projections/queries.py, or in_memory.py)."""

    async def task(self, enterprise_id: str, task_id: str) -> Row | None: ...

    async def tasks(self, enterprise_id: str, p: PageParams, *, post_id: str | None = None,
                    state: TaskState | None = None, measure_id: str | None = None, origin: str | None = None,
                    object_id: str | None = None, work_type: WorkType | None = None) -> tuple[list[Row], int]: ...


@dataclass
class Inspection:
    tasks: Repository[CheckTask]
    queries: TaskQueries
    clock: Clock
    occurrences: Occurrences  # the tasks' clock: catch-up, 临期, 超期 (application/occurrences.py)


async def schedule_task(cmd: c.ScheduleCheckTask, deps: Inspection, ctx: CommandContext) -> None:
    task = await deps.tasks.load(cmd.id, cmd.expected_version, what="排查任务", enterprise_id=cmd.enterprise_id,
                                 field="task_id")
    task.schedule(TaskCycle.of(check_cycle=cmd.check_cycle, check_cycle_unit=cmd.check_cycle_unit,
                               task_start_time=cmd.task_start_time, work_day_type=cmd.work_day_type,
                               work_start_time=cmd.work_start_time, work_end_time=cmd.work_end_time))
    uow = UnitOfWork(deps.occurrences.store, ctx)
    deps.occurrences.follow_task(task, uow)  # its catch-up starts with the cycle, in the same transaction
    uow.save(deps.tasks, task)
    await uow.commit()
