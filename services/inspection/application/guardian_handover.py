"""What inspection does about the registry's 包保责任人 (libs/reactor.py, on the task reactor's unit of
work, so a redelivery changes nothing): a change of guardian hands each live 包保 task of that role
over, and its open occurrences with it; a retired 重大危险源 retires its 包保 tasks.

The tasks are found by their ids, every id the object's tasks can have (domain/guardian_task.py
`every_task_id`, 28): no read model is asked which exist. The open occurrences are the read model's
(inline, so as current as the store); each follows its task's holder, whoever it was issued to, so
an occurrence issued to the old guardian while the hand-over was being decided follows at the next."""

from __future__ import annotations

from collections.abc import Callable

from libs.cloudevent import InboundEvent
from libs.reactor import Reactor
from libs.unit_of_work import UnitOfWork
from services.inspection.application.guardian_tasks import GuardianTasks
from services.inspection.domain.codes import GuardianRetiredBecause
from services.inspection.domain.guardian_task import GUARDIAN, Guardians, every_task_id
from services.inspection.domain.task import CheckTask

R = "shuangkong.risk_registry."
OBJECT_RETIRED = GuardianRetiredBecause.OBJECT_RETIRED


def react_to_guardians(reactor: Reactor, deps: GuardianTasks) -> Reactor:
    @reactor.on(R + "MajorHazardGuardiansAssigned")
    async def hand_over(event: InboundEvent, uow: UnitOfWork) -> None:
        guardians = Guardians.of(event.data)
        live = await _each_task(event, deps, uow, lambda task: task.hand_over_to(guardians.of_role(task.work_type)))
        await _occurrences_follow(guardians.enterprise_id, live, deps, uow)

    @reactor.on(R + "RiskObjectRetired")
    async def retire_with_the_object(event: InboundEvent, uow: UnitOfWork) -> None:
        await _each_task(event, deps, uow, lambda task: task.retire_guardian_task(OBJECT_RETIRED))

    return reactor


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


async def _occurrences_follow(enterprise_id: str, tasks: list[CheckTask], deps: GuardianTasks, uow: UnitOfWork) -> None:
    holders = {task.id: task.holder for task in tasks}
    repo, now = deps.occurrences.occurrences, deps.occurrences.clock.now()
    for occurrence_id in await deps.open.open_of(enterprise_id, list(holders)):
        occurrence = await repo.find(occurrence_id)
        if occurrence is not None:
            occurrence.follow_holder(holders[occurrence.task_id], now)
            if occurrence.pending():
                uow.save(repo, occurrence)
