"""HTTP ↔ the risk chain: objects, units, risk events, assessments, control measures, the
grading policy. Under `/enterprises/{enterprise_id}`, guarded once at router level."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from libs.acting import acting
from libs.auth import Role, enterprise_scope
from libs.errors import found
from libs.openapi import READ, WRITE
from libs.pagination import PageParams, page, page_params
from libs.repository import CommandContext
from services.risk_registry.risk_chain.api import models as m
from services.risk_registry.risk_chain.application import commands as c
from services.risk_registry.risk_chain.application import handlers as h
from services.risk_registry.risk_chain.domain.codes import RiskObjectKind
from services.risk_registry.risk_chain.domain.grading import DEFAULT_CONTROL_LEVELS, GradingPolicy

RISK_WRITERS = (Role.ENTERPRISE_ADMIN, Role.SAFETY_OFFICER)

router = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
writer = acting(*RISK_WRITERS)


async def chain(request: Request) -> h.RiskChain:
    return request.app.state.risk_chain




# ---- 风险分析对象 --------------------------------------------------------------------------------

@router.post("/risk-objects", status_code=201, tags=["风险分析对象"], summary="登记风险分析对象",
             response_model=m.RiskObject, responses=WRITE)
async def register_object(enterprise_id: str, cmd: c.RegisterRiskObject,
                          ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    object_id = await h.register_object(cmd.for_(enterprise_id), ch, ctx)
    return await ch.queries.object(enterprise_id, object_id)


@router.get("/risk-objects", tags=["风险分析对象"], summary="风险分析对象列表",
            response_model=m.RiskObjectPage, responses=READ)
async def list_objects(enterprise_id: str, kind: RiskObjectKind | None = None, include_retired: bool = False,
                       p: PageParams = Depends(page_params), ch: h.RiskChain = Depends(chain)):
    items, total = await ch.queries.objects(enterprise_id, kind.value if kind else None, include_retired, p)
    return page(items, total, p)


@router.get("/risk-objects/{object_id}", tags=["风险分析对象"], summary="风险分析对象详情",
            response_model=m.RiskObject, responses=READ)
async def get_object(enterprise_id: str, object_id: str, ch: h.RiskChain = Depends(chain)):
    return found(await ch.queries.object(enterprise_id, object_id), "风险分析对象")


@router.get("/risk-objects/{object_id}/history", tags=["风险分析对象"], summary="变更历史",
            response_model=list[m.HistoryItem], responses=READ)
async def object_history(enterprise_id: str, object_id: str, ch: h.RiskChain = Depends(chain)):
    found(await ch.queries.object(enterprise_id, object_id), "风险分析对象")
    return await ch.objects.history(object_id, enterprise_id)


@router.put("/risk-objects/{object_id}", tags=["风险分析对象"], summary="修订风险分析对象",
            response_model=m.RiskObject, responses=WRITE)
async def revise_object(enterprise_id: str, object_id: str, cmd: c.ReviseRiskObject,
                        ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    await h.revise_object(cmd.for_(enterprise_id, object_id), ch, ctx)
    return await ch.queries.object(enterprise_id, object_id)


@router.post("/risk-objects/{object_id}/rating", tags=["风险分析对象"], summary="重大危险源辨识分级 (R值)",
             response_model=m.RiskObject, responses=WRITE)
async def rate_major_hazard(enterprise_id: str, object_id: str, cmd: c.RateMajorHazard,
                            ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    await h.rate_major_hazard(cmd.for_(enterprise_id, object_id), ch, ctx)
    return await ch.queries.object(enterprise_id, object_id)


@router.post("/risk-objects/{object_id}/guardians", tags=["风险分析对象"], summary="设置重大危险源包保责任人",
             response_model=m.RiskObject, responses=WRITE)
async def assign_guardians(enterprise_id: str, object_id: str, cmd: c.AssignGuardians,
                           ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    await h.assign_guardians(cmd.for_(enterprise_id, object_id), ch, ctx)
    return await ch.queries.object(enterprise_id, object_id)


@router.post("/risk-objects/{object_id}/retire", tags=["风险分析对象"], summary="停用",
             response_model=m.RiskObject, responses=WRITE)
async def retire_object(enterprise_id: str, object_id: str, cmd: c.Retire,
                        ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    await h.retire_object(cmd.for_(enterprise_id, object_id), ch, ctx)
    return await ch.queries.object(enterprise_id, object_id)


# ---- 安全风险分析单元 ------------------------------------------------------------------------------

@router.post("/risk-units", status_code=201, tags=["风险分析单元"], summary="新建风险分析单元",
             response_model=m.RiskUnit, responses=WRITE)
async def create_unit(enterprise_id: str, cmd: c.CreateRiskUnit,
                      ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    unit_id = await h.create_unit(cmd.for_(enterprise_id), ch, ctx)
    return await ch.queries.unit(enterprise_id, unit_id)


@router.get("/risk-units", tags=["风险分析单元"], summary="风险分析单元列表",
            response_model=m.RiskUnitPage, responses=READ)
async def list_units(enterprise_id: str, object_id: str | None = Query(None, max_length=64),
                     include_retired: bool = False, p: PageParams = Depends(page_params),
                     ch: h.RiskChain = Depends(chain)):
    items, total = await ch.queries.units(enterprise_id, object_id, include_retired, p)
    return page(items, total, p)


@router.get("/risk-units/{unit_id}", tags=["风险分析单元"], summary="风险分析单元详情",
            response_model=m.RiskUnit, responses=READ)
async def get_unit(enterprise_id: str, unit_id: str, ch: h.RiskChain = Depends(chain)):
    return found(await ch.queries.unit(enterprise_id, unit_id), "风险分析单元")


@router.get("/risk-units/{unit_id}/history", tags=["风险分析单元"], summary="变更历史",
            response_model=list[m.HistoryItem], responses=READ)
async def unit_history(enterprise_id: str, unit_id: str, ch: h.RiskChain = Depends(chain)):
    found(await ch.queries.unit(enterprise_id, unit_id), "风险分析单元")
    return await ch.units.history(unit_id, enterprise_id)


@router.put("/risk-units/{unit_id}", tags=["风险分析单元"], summary="修订风险分析单元",
            response_model=m.RiskUnit, responses=WRITE)
async def revise_unit(enterprise_id: str, unit_id: str, cmd: c.ReviseRiskUnit,
                      ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    await h.revise_unit(cmd.for_(enterprise_id, unit_id), ch, ctx)
    return await ch.queries.unit(enterprise_id, unit_id)


@router.post("/risk-units/{unit_id}/retire", tags=["风险分析单元"], summary="停用",
             response_model=m.RiskUnit, responses=WRITE)
async def retire_unit(enterprise_id: str, unit_id: str, cmd: c.Retire,
                      ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    await h.retire_unit(cmd.for_(enterprise_id, unit_id), ch, ctx)
    return await ch.queries.unit(enterprise_id, unit_id)


# ---- 安全风险事件 and assessments -------------------------------------------------------------------

@router.post("/risk-events", status_code=201, tags=["风险事件"], summary="辨识风险事件",
             response_model=m.RiskEvent, responses=WRITE)
async def identify_risk(enterprise_id: str, cmd: c.IdentifyRiskEvent,
                        ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    risk_id = await h.identify_risk(cmd.for_(enterprise_id), ch, ctx)
    return await ch.queries.risk(enterprise_id, risk_id)


@router.get("/risk-events/{risk_id}", tags=["风险事件"], summary="风险事件详情 (含全部评价记录)",
            response_model=m.RiskEvent, responses=READ)
async def get_risk(enterprise_id: str, risk_id: str, ch: h.RiskChain = Depends(chain)):
    return found(await ch.queries.risk(enterprise_id, risk_id), "风险事件")


@router.get("/risk-events/{risk_id}/history", tags=["风险事件"], summary="变更历史",
            response_model=list[m.HistoryItem], responses=READ)
async def risk_history(enterprise_id: str, risk_id: str, ch: h.RiskChain = Depends(chain)):
    found(await ch.queries.risk(enterprise_id, risk_id), "风险事件")
    return await ch.risks.history(risk_id, enterprise_id)


@router.put("/risk-events/{risk_id}", tags=["风险事件"], summary="修订风险事件",
            response_model=m.RiskEvent, responses=WRITE)
async def revise_risk(enterprise_id: str, risk_id: str, cmd: c.ReviseRiskEvent,
                      ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    await h.revise_risk(cmd.for_(enterprise_id, risk_id), ch, ctx)
    return await ch.queries.risk(enterprise_id, risk_id)


@router.post("/risk-events/{risk_id}/assessments", status_code=201, tags=["风险事件"],
             summary="风险评价 (LEC / LS; 固有或剩余风险)",
             response_model=m.RiskEvent, responses=WRITE)
async def assess_risk(enterprise_id: str, risk_id: str, cmd: c.AssessRisk,
                      ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    await h.assess_risk(cmd.for_(enterprise_id, risk_id), ch, ctx)
    return await ch.queries.risk(enterprise_id, risk_id)


@router.post("/risk-events/{risk_id}/retire", tags=["风险事件"], summary="停用",
             response_model=m.RiskEvent, responses=WRITE)
async def retire_risk(enterprise_id: str, risk_id: str, cmd: c.Retire,
                      ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    await h.retire_risk(cmd.for_(enterprise_id, risk_id), ch, ctx)
    return await ch.queries.risk(enterprise_id, risk_id)


# ---- 管控措施 ------------------------------------------------------------------------------------

@router.post("/control-measures", status_code=201, tags=["管控措施"], summary="制定管控措施",
             response_model=m.ControlMeasureRow, responses=WRITE)
async def define_measure(enterprise_id: str, cmd: c.DefineControlMeasure,
                         ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    measure_id = await h.define_measure(cmd.for_(enterprise_id), ch, ctx)
    return await ch.queries.measure(enterprise_id, measure_id)


@router.get("/control-measures/{measure_id}", tags=["管控措施"], summary="管控措施详情",
            response_model=m.ControlMeasureRow, responses=READ)
async def get_measure(enterprise_id: str, measure_id: str, ch: h.RiskChain = Depends(chain)):
    return found(await ch.queries.measure(enterprise_id, measure_id), "管控措施")


@router.get("/control-measures/{measure_id}/history", tags=["管控措施"], summary="变更历史",
            response_model=list[m.HistoryItem], responses=READ)
async def measure_history(enterprise_id: str, measure_id: str, ch: h.RiskChain = Depends(chain)):
    found(await ch.queries.measure(enterprise_id, measure_id), "管控措施")
    return await ch.measures.history(measure_id, enterprise_id)


@router.put("/control-measures/{measure_id}", tags=["管控措施"], summary="修订管控措施",
            response_model=m.ControlMeasureRow, responses=WRITE)
async def revise_measure(enterprise_id: str, measure_id: str, cmd: c.ReviseControlMeasure,
                         ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    await h.revise_measure(cmd.for_(enterprise_id, measure_id), ch, ctx)
    return await ch.queries.measure(enterprise_id, measure_id)


@router.post("/control-measures/{measure_id}/retire", tags=["管控措施"], summary="停用",
             response_model=m.ControlMeasureRow, responses=WRITE)
async def retire_measure(enterprise_id: str, measure_id: str, cmd: c.Retire,
                         ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    await h.retire_measure(cmd.for_(enterprise_id, measure_id), ch, ctx)
    return await ch.queries.measure(enterprise_id, measure_id)


# ---- 分级标准 ------------------------------------------------------------------------------------

def _policy_body(row: dict | None) -> dict:
    if row is None:
        d = GradingPolicy()
        return {"lec": vars(d.lec), "ls": vars(d.ls),
                "control_levels": {str(int(k)): v.value for k, v in DEFAULT_CONTROL_LEVELS.items()},
                "version": 0, "default": True}
    return {"lec": row["lec"], "ls": row["ls"], "control_levels": row["control_levels"],
            "version": row["version"], "default": False}


@router.get("/grading-policy", tags=["分级标准"], summary="风险分级标准与管控层级",
            response_model=m.GradingPolicy, responses=READ)
async def get_policy(enterprise_id: str, ch: h.RiskChain = Depends(chain)):
    return _policy_body(await ch.queries.policy(enterprise_id))


@router.put("/grading-policy", tags=["分级标准"], summary="修改分级标准 (已评价的风险随之重新分级)",
            response_model=m.GradingPolicyChanged, responses=WRITE)
async def change_policy(enterprise_id: str, cmd: c.ChangeGradingPolicy,
                        ctx: CommandContext = writer, ch: h.RiskChain = Depends(chain)):
    moved = await h.change_grading_policy(cmd.for_(enterprise_id), ch, ctx)
    return {**_policy_body(await ch.queries.policy(enterprise_id)), "regraded": moved}
