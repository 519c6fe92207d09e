"""Hand-over (职责移交): one command moves every duty a person holds to a successor, each move an
event on the aggregate it changes (the risk object's 包保 assignment, the risk unit's 责任人), all
in one transaction. After it the person can leave."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from libs.aggregate import DomainError
from libs.commands import Command
from libs.repository import CommandContext, save_together
from services.risk_registry.application.handlers import Directory, Duties, _person_in
from services.risk_registry.application.risk_handlers import RiskChain
from services.risk_registry.domain.duties import GUARDIAN_SLOTS, Duty, DutyKind, check_successor


class HandOverDuties(Command):
    successor_id: str = Field(..., min_length=1, max_length=64, description="接任人: 本企业在职人员")


@dataclass
class HandOver:
    directory: Directory
    chain: RiskChain
    duties: Duties


async def hand_over_duties(eid: str, person_id: str, cmd: HandOverDuties, ho: HandOver,
                           ctx: CommandContext) -> list[Duty]:
    """Move all of `person_id`'s duties to the successor; return what moved."""
    await _person_in(ho.directory, eid, person_id)
    if cmd.successor_id == person_id:
        raise DomainError("接任人不能是本人", field="successor_id")
    successor = await ho.directory.people.find(cmd.successor_id)
    if successor is None or successor.enterprise_id != eid or successor.left:
        raise DomainError(f"接任人不存在或已离职: {cmd.successor_id}", field="successor_id", code="unknown_reference")
    duties = await ho.duties.person_duties(person_id)
    check_successor(successor.name, successor.roles, duties)

    changes = []
    for object_id in dict.fromkeys(d.thing_id for d in duties if d.kind in GUARDIAN_SLOTS):
        obj = await ho.chain.objects.get(object_id, "风险分析对象")
        obj.hand_over_guardian(person_id, successor.id)
        changes.append((ho.chain.objects, obj))
    for unit_id in dict.fromkeys(d.thing_id for d in duties if d.kind is DutyKind.UNIT_LIABLE):
        unit = await ho.chain.units.get(unit_id, "风险分析单元")
        unit.hand_over(person_id, successor.id)
        changes.append((ho.chain.units, unit))
    await save_together(ctx, changes)
    return duties
