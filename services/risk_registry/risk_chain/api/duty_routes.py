"""HTTP ↔ duties: what a person or an org unit still holds, and the hand-over to a successor."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.errors import NotFound
from libs.openapi import READ, WRITE
from libs.repository import CommandContext
from services.risk_registry.directory.lookups import DIRECTORY_WRITERS, Duty
from services.risk_registry.risk_chain.api.models import DepartedHolder, DepartedHolderList, DutyList, HandOverResult
from services.risk_registry.risk_chain.api.models import Duty as DutyItem
from services.risk_registry.risk_chain.api.routes import chain
from services.risk_registry.risk_chain.application import hand_over as h
from services.risk_registry.risk_chain.application.handlers import RiskChain

router = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)], tags=["职责移交"])


def _items(duties: list[Duty]) -> list[DutyItem]:
    return [DutyItem(kind=d.kind.value, thing_id=d.thing_id, thing_name=d.thing_name, context=d.context,
                     description=d.describe()) for d in duties]


@router.get("/people/{person_id}/duties", response_model=DutyList, responses=READ,
            summary="人员的职责 (离职前须移交)")
async def person_duties(enterprise_id: str, person_id: str, ch: RiskChain = Depends(chain)):
    if await ch.directory.person(enterprise_id, person_id) is None:
        raise NotFound(f"人员不存在: {person_id}")
    items = _items(await ch.directory.person_duties(person_id))
    return DutyList(items=items, total=len(items))


@router.get("/org-units/{unit_id}/holdings", response_model=DutyList, responses=READ,
            summary="单位尚有的下级、人员与职责 (撤销前须移交)")
async def unit_holdings(enterprise_id: str, unit_id: str, ch: RiskChain = Depends(chain)):
    if await ch.directory.unit(enterprise_id, unit_id) is None:
        raise NotFound(f"单位不存在: {unit_id}")
    items = _items(await ch.directory.unit_holdings(unit_id))
    return DutyList(items=items, total=len(items))


@router.get("/departed-duty-holders", response_model=DepartedHolderList, responses=READ,
            summary="已离职但仍有职责未移交的人员 (须移交给接任人)")
async def departed_duty_holders(enterprise_id: str, ch: RiskChain = Depends(chain)):
    items = [DepartedHolder(id=d.person_id, name=d.name, left_at=d.left_at, duties=_items(d.duties))
             for d in await ch.directory.departed_holders(enterprise_id)]
    return DepartedHolderList(items=items, total=len(items))


@router.post("/people/{person_id}/hand-over", response_model=HandOverResult,
             responses=WRITE, summary="职责移交: 全部职责移交给接任人")
async def hand_over_duties(enterprise_id: str, person_id: str, cmd: h.HandOverDuties,
                           ctx: CommandContext = acting(*DIRECTORY_WRITERS), ch: RiskChain = Depends(chain)):
    moved = await h.hand_over_duties(cmd.for_(enterprise_id, person_id), ch, ctx)
    return HandOverResult(person_id=person_id, successor_id=cmd.successor_id, moved=_items(moved))
