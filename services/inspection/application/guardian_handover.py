"""What inspection does about the registry's 包保责任人 (libs/reactor.py, on the task reactor's unit of
work, so a redelivery changes nothing): a change of guardian hands each live 包保 task of that role
over, and its open occurrences with it; a retired 重大危险源 retires its 包保 tasks.

The tasks are found by their ids, every id the object's tasks can have (domain/guardian_task.py
`every_task_id`, 28): no read model is asked which exist. The open occurrences are the read model's
(inline, so as current as the store); each follows its task's holder, whoever it was issued to, so
an occurrence issued to the old guardian by an earlier race follows at the next.

Each reaction loads the object's roster (domain/guardian_roster.py) first and appends to it: a
draw-up or a catch-up committed after that load moved the roster on, so this reaction's append loses
and the consumer applies the event again (decision 24's retry), now seeing that task or occurrence."""

from __future__ import annotations

from collections.abc import Callable

from libs.cloudevent import InboundEvent
from libs.reactor import Reactor
from libs.unit_of_work import UnitOfWork
from services.inspection.application.guardian_tasks import GuardianTasks
from services.inspection.domain.codes import GuardianRetiredBecause
from services.inspection.domain.guardian_roster import GuardianRoster
from services.inspection.domain.guardian_task import GUARDIAN, Guardians, every_task_id
from services.inspection.domain.task import CheckTask

R = "shuangkong.risk_registry."
OBJECT_RETIRED = GuardianRetiredBecause.OBJECT_RETIRED


def react_to_guardians(reactor: Reactor, deps: GuardianTasks) -> Reactor:
    @reactor.on(R + "MajorHazardGuardiansAssigned")
    async def hand_over(event: InboundEvent, uow: UnitOfWork) -> None:
        guardians = Guardians.of(event.data)
        roster = await _roster(event, deps)
        live = await _each_task(event, deps, uow, lambda task: task.hand_over_to(guardians.of_role(task.work_type)))
        moved = [task.id for task in live if task.pending()]
        moved += await _occurrences_follow(guardians.enterprise_id, live, deps, uow)
        roster.name(guardians, moved)
        uow.save(deps.rosters, roster)

    @reactor.on(R + "RiskObjectRetired")
    async def retire_with_the_object(event: InboundEvent, uow: UnitOfWork) -> None:
        roster = await _roster(event, deps)
        await _each_task(event, deps, uow, lambda task: task.retire_guardian_task(OBJECT_RETIRED))
        roster.retire(event.data["enterprise_id"])
        uow.save(deps.rosters, roster)

    return reactor


async def _roster(event: InboundEvent, deps: GuardianTasks) -> GuardianRoster:
    object_id = event.data["object_id"]
    return await deps.rosters.find(object_id) or GuardianRoster(object_id)


async def _each_task(event: InboundEvent, deps: GuardianTasks, uow: UnitOfWork,
                     decide: Callable[[CheckTask], None]) -> list[CheckTask]:
    """Apply `decide` to each 包保 task of the event's object (of its enterprise); the live ones after."""
    live = []
    for task_id in every_task_id(event.data["object_id"]):
        task = await deps.tasks.find(task_id)
        if task is None or task.origin != GUARDIAN or task.enterprise_id != event.data["enterprise_id"]:
            continue
        decide(task)
        if task.pending():
            deps.occurrences.follow_task(task, uow)
            uow.save(deps.tasks, task)
        if task.retired is None:
            live.append(task)
    return live


async def _occurrences_follow(enterprise_id: str, tasks: list[CheckTask], deps: GuardianTasks,
                              uow: UnitOfWork) -> list[str]:
    """Each open occurrence of `tasks` follows its task's holder; the ids of those that moved."""
    holders = {task.id: task.holder for task in tasks}
    repo, now, moved = deps.occurrences.occurrences, deps.occurrences.clock.now(), []
    for occurrence_id in await deps.open.open_of(enterprise_id, list(holders)):
        occurrence = await repo.find(occurrence_id)
        if occurrence is not None:
            occurrence.follow_holder(holders[occurrence.task_id], now)
            if occurrence.pending():
                uow.save(repo, occurrence)
                moved.append(occurrence.id)
    return moved
