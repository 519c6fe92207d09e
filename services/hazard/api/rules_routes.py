"""HTTP for an enterprise's rules of who accepts a 重大 hazard and who decides an extension, under
`/enterprises/{enterprise_id}`: everyone of the enterprise reads them (a person sees who may sign
off), its admin and safety officer set them; their changes have a history of their own (a hazard's
history is that hazard's)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.history import HistoryItem
from libs.openapi import READ, WRITE
from libs.repository import CommandContext
from services.hazard.api import rules_models as m
from services.hazard.application import rules as r
from services.hazard.application.handlers import Hazards
from services.hazard.domain.writers import RULE_WRITERS

rules = APIRouter(prefix="/enterprises/{enterprise_id}", tags=["隐患治理"], dependencies=[Depends(enterprise_scope)])


async def deps_of(request: Request) -> Hazards:
    return request.app.state.hazard


@rules.get("/hazard-rules", summary="隐患验收与延期审批规则 (哪些角色可验收重大隐患、审批延期)",
           response_model=m.HazardRules, responses=READ,
           description="企业未设定时为系统默认 (source=default)。")
async def get_rules(enterprise_id: str, deps: Hazards = Depends(deps_of)):
    return r.rules_answer(await r.rules_of(deps, enterprise_id), deps.entitled)


@rules.put("/hazard-rules", summary="设定隐患验收与延期审批规则 (企业管理员、安全管理员)",
           response_model=m.HazardRules, responses=WRITE,
           description="整体替换。角色须为可办理验收、审批的角色, 每项至少一个; "
                       "延期申请无论规则如何都不能由申请人本人审批。")
async def set_rules(enterprise_id: str, cmd: r.SetHazardRules, ctx: CommandContext = acting(*RULE_WRITERS),
                    deps: Hazards = Depends(deps_of)):
    return await r.set_rules(cmd.for_(enterprise_id), deps, ctx)


@rules.get("/hazard-rules/history", summary="隐患验收与延期审批规则的变更记录 (中文说明、设定人与时间)",
           response_model=list[HistoryItem], responses=READ)
async def history(enterprise_id: str, deps: Hazards = Depends(deps_of)):
    return await deps.rules.history(enterprise_id, enterprise_id)
