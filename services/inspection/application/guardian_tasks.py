"""包保 tasks' handlers: draw one up for the guardian the registry names, revise it, withdraw it —
each the task with its catch-up (application/occurrences.py) in one unit of work.

The holder comes from the 重大危险源's roster (domain/guardian_roster.py), which the draw-up appends
to with the task: a hand-over committed meanwhile moves the roster on, the draw-up's append loses
and it decides again, now for the new guardian (a few attempts, then 409 version_conflict). A roster
that knows no guardians yet (none assigned since it exists) learns them from inspection's replica of
the registry (`inspection_directory.guardians`); an object neither knows is not a 重大危险源 of this
enterprise as far as inspection knows — maybe not yet (the replica follows the registry) — so
drawing up is refused naming `object_id`, and may be tried again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from libs.errors import NotFound
from libs.eventstore.port import ConcurrencyError
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork
from services.inspection.application import guardian_commands as c
from services.inspection.application.occurrences import Occurrences
from services.inspection.domain.codes import GuardianRetiredBecause
from services.inspection.domain.cycles import TaskCycle
from services.inspection.domain.guardian_roster import GuardianRoster, guardians_unknown, object_retired
from services.inspection.domain.guardian_task import GUARDIAN, Duty, Guardians
from services.inspection.domain.plan_fields import checked_id
from services.inspection.domain.rules import checked_content
from services.inspection.domain.task import CheckTask

WHAT = "包保任务"
ATTEMPTS = 3  # a draw-up that lost its roster to a hand-over decides again, at most this often


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
    rosters: Repository[GuardianRoster]


async def draw_up_guardian_task(cmd: c.DrawUpGuardianTask, deps: GuardianTasks, ctx: CommandContext) -> str:
    duty = Duty.of(checked_id(cmd.object_id, "object_id", "重大危险源"), cmd.work_type, cmd.task_num)
    content = checked_content(cmd.troubleshoot_content)
    cycle = TaskCycle.of(**cmd.cycle.model_dump())
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await _draw_up(cmd, duty, content, cycle, deps, ctx)
        except ConcurrencyError:  # the roster (or the task) moved: decide again on what won
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


async def _draw_up(cmd: c.DrawUpGuardianTask, duty: Duty, content: str, cycle: TaskCycle, deps: GuardianTasks,
                   ctx: CommandContext) -> str:
    roster = await deps.rosters.find(duty.object_id) or GuardianRoster(duty.object_id)
    if roster.guardians is None and not roster.retired:
        roster_learns(roster, await deps.guardians.guardians(cmd.enterprise_id, duty.object_id), duty)
    holder = roster.holder_for(cmd.enterprise_id, duty)
    task = await deps.tasks.find(duty.task_id) or CheckTask(duty.task_id)
    if not task.is_new and task.enterprise_id != cmd.enterprise_id:  # an object id is one enterprise's
        raise NotFound(f"重大危险源不存在: {cmd.object_id}", field="object_id")
    task.draw_up_for_guardian(cmd.enterprise_id, duty, holder, content, cycle, deps.occurrences.clock.now())
    if task.pending():
        roster.drawn_up(duty, holder)
        await _save(task, deps, ctx, roster)
    return task.id


def roster_learns(roster: GuardianRoster, replica: Guardians | None, duty: Duty) -> None:
    """A roster that knows no guardians takes the replica's (none there either: 409 naming object_id)."""
    if replica is None:
        raise guardians_unknown(duty.object_id)
    if replica.retired:
        raise object_retired()
    roster.name(replica)


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


async def _save(task: CheckTask, deps: GuardianTasks, ctx: CommandContext,
                roster: GuardianRoster | None = None) -> None:
    if not task.pending():
        return
    uow = UnitOfWork(deps.occurrences.store, ctx)
    deps.occurrences.follow_task(task, uow)  # its catch-up starts, restarts or stops with it
    uow.save(deps.tasks, task)
    if roster is not None:
        uow.save(deps.rosters, roster)
    await uow.commit()
