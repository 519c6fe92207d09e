"""Hand-over (职责移交): one command moves every duty a person holds to a successor, each move an
event on the aggregate it changes (the risk object's 包保 assignment, the risk unit's 责任人), all
in one transaction. After it the person can leave."""

from __future__ import annotations

from pydantic import Field

from libs.aggregate import DomainError
from libs.commands import AggregateCommand
from libs.errors import NotFound
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from services.risk_registry.directory.lookups import GUARDIAN_SLOTS, Duty, DutyKind, PersonRole, check_successor
from services.risk_registry.risk_chain.application.handlers import RiskChain


class HandOverDuties(AggregateCommand):  # `id`: the person whose duties move
    successor_id: str = Field(..., min_length=1, max_length=64, description="接任人: 本企业在职人员")


async def hand_over_duties(cmd: HandOverDuties, ch: RiskChain, ctx: CommandContext) -> list[Duty]:
    """Move all of the person's duties to the successor; return what moved."""
    eid, person_id = cmd.enterprise_id, cmd.id
    if await ch.directory.person(eid, person_id) is None:
        raise NotFound(f"人员不存在: {person_id}")
    if cmd.successor_id == person_id:
        raise DomainError("接任人不能是本人", field="successor_id")
    successor = await ch.directory.person(eid, cmd.successor_id)
    if successor is None or successor["left_at"] is not None:
        raise DomainError(f"接任人不存在或已离职: {cmd.successor_id}", field="successor_id", code="unknown_reference")
    duties = await ch.directory.person_duties(person_id)
    check_successor(successor["name"], [PersonRole(r) for r in successor["roles"]], duties)

    uow = UnitOfWork(ch.store, ctx)
    for object_id in dict.fromkeys(d.thing_id for d in duties if d.kind in GUARDIAN_SLOTS):
        obj = await ch.objects.get(object_id, "风险分析对象")
        obj.hand_over_guardian(person_id, successor["id"])
        uow.save(ch.objects, obj)
    for unit_id in dict.fromkeys(d.thing_id for d in duties if d.kind is DutyKind.UNIT_LIABLE):
        unit = await ch.units.get(unit_id, "风险分析单元")
        unit.hand_over(person_id, successor["id"])
        uow.save(ch.units, unit)
    await uow.commit()
    return duties
