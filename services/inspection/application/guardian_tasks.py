"""包保 tasks' handlers: draw one up for the guardian the registry names, revise it, withdraw it —
each the task with its catch-up (application/occurrences.py) in one unit of work.

The guardians come from inspection's replica of the registry (`inspection_directory.guardians`,
MajorHazardGuardiansAssigned): an object it has no guardians for is not a 重大危险源 of this
enterprise as far as inspection knows — maybe not yet (the replica follows the registry) — so
drawing up is refused naming `object_id`, and may be tried again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from libs.aggregate import DomainConflict
from libs.errors import NotFound
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork
from services.inspection.application import guardian_commands as c
from services.inspection.application.occurrences import Occurrences
from services.inspection.domain.codes import GuardianRetiredBecause
from services.inspection.domain.cycles import TaskCycle
from services.inspection.domain.guardian_task import GUARDIAN, Duty, Guardians
from services.inspection.domain.plan_fields import checked_id
from services.inspection.domain.rules import checked_content
from services.inspection.domain.task import CheckTask

WHAT = "包保任务"


class GuardianDirectory(Protocol):
    """The 包保责任人 of an enterprise's 重大危险源 as the replica has them (None: not known)."""

    async def guardians(self, enterprise_id: str, object_id: str) -> Guardians | None: ...


class OpenOccurrences(Protocol):
    """The open occurrences (待排查, 临期) of some tasks: what a hand-over moves."""

    async def open_of(self, enterprise_id: str, task_ids: list[str]) -> list[str]: ...


@dataclass
class GuardianTasks:
    tasks: Repository[CheckTask]
    occurrences: Occurrences  # the store, the clock and the tasks' catch-up
    guardians: GuardianDirectory
    open: OpenOccurrences


async def draw_up_guardian_task(cmd: c.DrawUpGuardianTask, deps: GuardianTasks, ctx: CommandContext) -> str:
    duty = Duty.of(checked_id(cmd.object_id, "object_id", "重大危险源"), cmd.work_type, cmd.task_num)
    content = checked_content(cmd.troubleshoot_content)
    cycle = TaskCycle.of(**cmd.cycle.model_dump())
    holder = _holder(await deps.guardians.guardians(cmd.enterprise_id, cmd.object_id), duty)
    task = await deps.tasks.find(duty.task_id) or CheckTask(duty.task_id)
    if not task.is_new and task.enterprise_id != cmd.enterprise_id:  # an object id is one enterprise's
        raise NotFound(f"重大危险源不存在: {cmd.object_id}", field="object_id")
    task.draw_up_for_guardian(cmd.enterprise_id, duty, holder, content, cycle, deps.occurrences.clock.now())
    await _save(task, deps, ctx)
    return task.id


def _holder(guardians: Guardians | None, duty: Duty) -> str:
    if guardians is None:
        raise DomainConflict(f"尚未获知 {duty.object_id} 的包保责任人：它不是本企业已指定包保责任人的"
                             "重大危险源，或风险辨识登记尚未同步到隐患排查（请稍后重试）", field="object_id",
                             code="guardians_unknown")
    if guardians.retired:
        raise DomainConflict("该重大危险源已停用，不能制定包保任务", field="object_id", code="object_retired")
    holder = guardians.of_role(duty.work_type)
    if not holder:
        raise DomainConflict(f"该重大危险源尚未指定{duty.work_type.label}", field="object_id", code="guardians_unknown")
    return holder


async def _load(cmd: c.Guarded, deps: GuardianTasks) -> CheckTask:
    task = await deps.tasks.load(cmd.id, cmd.expected_version, what=WHAT, enterprise_id=cmd.enterprise_id,
                                 field="task_id")
    if task.origin != GUARDIAN:
        raise NotFound(f"{WHAT}不存在: {cmd.id}", field="task_id")
    return task


async def revise_guardian_task(cmd: c.ReviseGuardianTask, deps: GuardianTasks, ctx: CommandContext) -> None:
    task = await _load(cmd, deps)
    task.revise_guardian_task(checked_content(cmd.troubleshoot_content), TaskCycle.of(**cmd.cycle.model_dump()),
                              deps.occurrences.clock.now())
    await _save(task, deps, ctx)


async def withdraw_guardian_task(cmd: c.GuardianTaskVersion, deps: GuardianTasks, ctx: CommandContext) -> None:
    task = await _load(cmd, deps)
    task.retire_guardian_task(GuardianRetiredBecause.WITHDRAWN)
    await _save(task, deps, ctx)


async def _save(task: CheckTask, deps: GuardianTasks, ctx: CommandContext) -> None:
    if not task.pending():
        return
    uow = UnitOfWork(deps.occurrences.store, ctx)
    deps.occurrences.follow_task(task, uow)  # its catch-up starts, restarts or stops with it
    uow.save(deps.tasks, task)
    await uow.commit()
