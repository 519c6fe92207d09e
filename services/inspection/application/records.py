"""Recording a check from the field (排查记录): the handler and what it needs.

A phone may send one record twice (it never heard the answer), even twice at once: the record's id
is derived from its client id, so the second finds the first and answers with it. Two sends racing
both find nothing and both try to append the record's first event; the store lets one through and
refuses the other (ConcurrencyError), which tries again and finds the record. A refusal of the
occurrence's version (a deadline firing 临期 meanwhile, another person's record) is tried again the
same way, on fresh state. A send of a record already kept is answered before anything else is
asked — even if its reporter has since moved post: the record was accepted when it came, and the
phone only never heard so (refusing it now would tell it that a kept record is not). Only the
occurrence's people make a record (record_reporter.py). The photos are checked before anything is
decided or written, and the record and its occurrence are saved in one unit of work: never a record
without its occurrence completed, or the other way round."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from libs.aggregate import DomainError
from libs.blobs import BlobStore, refuse_missing
from libs.clock import Clock
from libs.eventstore.port import ConcurrencyError, EventStore
from libs.pagination import PageParams
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork
from services.inspection.application.my_tasks import Directory
from services.inspection.application.record_commands import RecordCheck
from services.inspection.application.record_reporter import reporter_of
from services.inspection.application.record_target import Checklists, MeasureChecklists, target_of
from services.inspection.domain.codes import CheckStatus
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.record import CheckRecord, record_id
from services.inspection.domain.task import CheckTask

Row = dict[str, Any]
ATTEMPTS = 3  # a race lost is tried again on fresh state; more than this is a conflict (409)


class RecordQueries(Protocol):
    """The check-record read model (projections/records.py, or in_memory.py)."""

    async def record(self, enterprise_id: str, record_id: str) -> Row | None: ...

    async def records(self, enterprise_id: str, p: PageParams, *, occurrence_id: str | None = None,
                      task_id: str | None = None, status: CheckStatus | None = None, reporter_id: str | None = None,
                      made_from: datetime | None = None, made_to: datetime | None = None) -> tuple[list[Row], int]: ...


@dataclass
class CheckRecords:
    store: EventStore
    records: Repository[CheckRecord]
    occurrences: Repository[Occurrence]
    tasks: Repository[CheckTask]
    queries: RecordQueries
    blobs: BlobStore
    clock: Clock
    directory: Directory  # who is on which post: only the occurrence's people record it
    checklists: Checklists = field(default_factory=MeasureChecklists)


async def record_check(cmd: RecordCheck, deps: CheckRecords, ctx: CommandContext, *,
                       may_act_for_others: bool = False) -> str:
    """The record's id: the one made now, or the one this client id made before. Its reporter is
    the signed-in person, or (`may_act_for_others`: a safety officer) the one they name."""
    await refuse_missing(deps.blobs, cmd.enterprise_id, cmd.all_photo_ids())
    made = record_id(cmd.enterprise_id, str(cmd.client_id))
    for attempt in range(1, ATTEMPTS + 1):
        if await deps.records.find(made) is not None:
            return made
        try:
            await _record(cmd, deps, ctx, may_act_for_others)
            return made
        except ConcurrencyError:
            if attempt == ATTEMPTS:
                raise
    return made


async def _record(cmd: RecordCheck, deps: CheckRecords, ctx: CommandContext, may_act_for_others: bool) -> None:
    occurrence = await deps.occurrences.load(cmd.occurrence_id, what="本次排查", enterprise_id=cmd.enterprise_id,
                                             field="occurrence_id")
    reporter = await reporter_of(occurrence, ctx.actor, cmd.on_behalf_of, may_act_for_others=may_act_for_others,
                                 directory=deps.directory)
    task = await deps.tasks.load(occurrence.task_id, what="排查任务", enterprise_id=cmd.enterprise_id,
                                 field="occurrence_id")
    target = await target_of(occurrence, task, deps.checklists)
    if cmd.is_defend is not None and cmd.is_defend != target.is_defend:
        raise DomainError("包保标记与任务不符：" + ("该任务是包保任务" if target.is_defend else "该任务不是包保任务"),
                          field="is_defend")
    record = CheckRecord.make(
        target, received_at=deps.clock.now(), client_id=str(cmd.client_id), made_at=cmd.made_at,
        reporter_id=reporter.person_id, recorded_by=reporter.recorded_by,
        create_by_mobile=cmd.create_by_mobile, items=[i.model_dump() for i in cmd.items],
        status=cmd.status, note=cmd.note, late=cmd.late, mobile_me=cmd.mobile_me,
        location=cmd.location.model_dump() if cmd.location else None, photo_ids=cmd.photo_ids)
    occurrence.complete(record_id=record.id, status=record.status, made_at=record.made_at,
                        received_at=record.received_at)
    uow = UnitOfWork(deps.store, ctx)
    uow.save(deps.records, record)
    uow.save(deps.occurrences, occurrence)
    await uow.commit()
