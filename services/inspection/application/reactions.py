"""What inspection does about the risk registry's control measures (libs/reactor.py): a measure
controlled by inspection (dataSrc 2) gets its check task; a revision revises, retires or
reinstates it; a retired measure retires it — each in the transaction that remembers the event,
so a redelivery changes nothing. The task decides (domain/task.py); a reaction only loads and saves."""

from __future__ import annotations

from collections.abc import Callable

from libs.cloudevent import InboundEvent, topic_for
from libs.eventstore.port import EventStore
from libs.reactor import Reactor
from libs.repository import Repository
from libs.unit_of_work import UnitOfWork
from services.inspection.domain.task import CheckTask, MeasureFacts, task_id_for

R = "shuangkong.risk_registry."
NAME = "inspection-tasks"


def task_reactor(tasks: Repository[CheckTask], store: EventStore, topic_prefix: str, schema: str,
                 follow: Callable[[CheckTask, UnitOfWork], None] = lambda _task, _uow: None) -> Reactor:
    """`follow`: what else a task's change starts or stops on the same unit of work (its catch-up,
    application/occurrences.py)."""
    reactor = Reactor(NAME, store, [topic_for("risk_registry", topic_prefix)], schema=schema)

    async def task_of(measure_id: str) -> CheckTask:
        task_id = task_id_for(measure_id)
        return await tasks.find(task_id) or CheckTask(task_id)

    @reactor.on(R + "ControlMeasureDefined", R + "ControlMeasureRevised")
    async def follow_the_measure(event: InboundEvent, uow: UnitOfWork) -> None:
        measure = MeasureFacts.of(event.data)
        task = await task_of(measure.measure_id)
        task.follow(measure)
        follow(task, uow)
        uow.save(tasks, task)

    @reactor.on(R + "ControlMeasureRetired")
    async def retire_with_the_measure(event: InboundEvent, uow: UnitOfWork) -> None:
        task = await task_of(event.data["measure_id"])
        task.measure_retired()
        follow(task, uow)
        uow.save(tasks, task)

    return reactor
