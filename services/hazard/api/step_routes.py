"""HTTP for the steps of a hazard's loop, each a POST on `/hazards/{hazard_id}/…` answering the
hazard as it now is. A step the hazard is not at is a 409 naming the steps allowed from here; one
the person may not take on this hazard (the acceptor is its rectifier, say) a 403 saying why."""

from __future__ import annotations

import uuid

from fastapi import Depends

from libs.acting import acting
from libs.openapi import WRITE
from libs.repository import CommandContext
from services.hazard.api import models as m
from services.hazard.api.routes import TAG, answer, hazards, scoped
from services.hazard.application import commands as c
from services.hazard.application import handlers as h
from services.hazard.application.handlers import Hazards
from services.hazard.domain.writers import DECIDERS, OFFICERS, RECTIFIERS

officer, rectifier, decider = acting(*OFFICERS), acting(*RECTIFIERS), acting(*DECIDERS)
STEP = {"response_model": m.Hazard, "responses": WRITE, "tags": [TAG]}


@scoped.post("/hazards/{hazard_id}/grade", summary="评估定级 (等级、类型、治理类型、整改责任人、整改期限)", **STEP)
async def grade(enterprise_id: str, hazard_id: str, cmd: c.Grade, ctx: CommandContext = officer,
                deps: Hazards = Depends(hazards)):
    await h.grade(cmd.for_(enterprise_id, hazard_id), deps, ctx)
    return await answer(deps, enterprise_id, hazard_id)


@scoped.post("/hazards/{hazard_id}/grading", summary="修改评估信息 (开始整改前; 不改整改期限)", **STEP)
async def revise_grading(enterprise_id: str, hazard_id: str, cmd: c.ReviseGrading, ctx: CommandContext = officer,
                         deps: Hazards = Depends(hazards)):
    await h.revise_grading(cmd.for_(enterprise_id, hazard_id), deps, ctx)
    return await answer(deps, enterprise_id, hazard_id)


@scoped.post("/hazards/{hazard_id}/plan", summary="重大隐患治理方案 (五落实)", **STEP)
async def set_plan(enterprise_id: str, hazard_id: str, cmd: c.SetPlan, ctx: CommandContext = officer,
                   deps: Hazards = Depends(hazards)):
    await h.set_plan(cmd.for_(enterprise_id, hazard_id), deps, ctx)
    return await answer(deps, enterprise_id, hazard_id)


@scoped.post("/hazards/{hazard_id}/start", summary="开始整改 (重大隐患须五落实)", **STEP)
async def start(enterprise_id: str, hazard_id: str, ctx: CommandContext = rectifier,
                deps: Hazards = Depends(hazards)):
    await h.start_rectification(c.StartRectification().for_(enterprise_id, hazard_id), deps, ctx)
    return await answer(deps, enterprise_id, hazard_id)


@scoped.post("/hazards/{hazard_id}/fix-on-the-spot", summary="即查即改 (带整改后照片直接销号)", **STEP)
async def fix_on_the_spot(enterprise_id: str, hazard_id: str, cmd: c.FixOnTheSpot, ctx: CommandContext = rectifier,
                          deps: Hazards = Depends(hazards)):
    await h.fix_on_the_spot(cmd.for_(enterprise_id, hazard_id), deps, ctx)
    return await answer(deps, enterprise_id, hazard_id)


@scoped.post("/hazards/{hazard_id}/submit", summary="整改完成, 提交验收", **STEP)
async def submit(enterprise_id: str, hazard_id: str, cmd: c.SubmitRectification, ctx: CommandContext = rectifier,
                 deps: Hazards = Depends(hazards)):
    await h.submit_rectification(cmd.for_(enterprise_id, hazard_id), deps, ctx)
    return await answer(deps, enterprise_id, hazard_id)


@scoped.post("/hazards/{hazard_id}/accept", summary="验收通过, 销号", **STEP,
             description="验收人不能是整改人或上报人; 重大隐患须由配置的角色 (默认主要负责人或技术负责人) 验收 (403)。")
async def accept(enterprise_id: str, hazard_id: str, cmd: c.Accept, ctx: CommandContext = decider,
                 deps: Hazards = Depends(hazards)):
    await h.accept(cmd.for_(enterprise_id, hazard_id), deps, ctx)
    return await answer(deps, enterprise_id, hazard_id)


@scoped.post("/hazards/{hazard_id}/reject", summary="验收驳回 (退回整改, 须填原因)", **STEP)
async def reject(enterprise_id: str, hazard_id: str, cmd: c.Reject, ctx: CommandContext = decider,
                 deps: Hazards = Depends(hazards)):
    await h.reject(cmd.for_(enterprise_id, hazard_id), deps, ctx)
    return await answer(deps, enterprise_id, hazard_id)


@scoped.post("/hazards/{hazard_id}/void", summary="作废 (误报; 保留记录, 不删除)", **STEP)
async def void(enterprise_id: str, hazard_id: str, cmd: c.Void, ctx: CommandContext = officer,
               deps: Hazards = Depends(hazards)):
    await h.void(cmd.for_(enterprise_id, hazard_id), deps, ctx)
    return await answer(deps, enterprise_id, hazard_id)


@scoped.post("/hazards/{hazard_id}/copies", summary="抄送", **STEP)
async def copy_to(enterprise_id: str, hazard_id: str, cmd: c.CopyTo, ctx: CommandContext = rectifier,
                  deps: Hazards = Depends(hazards)):
    await h.copy_to(cmd.for_(enterprise_id, hazard_id), deps, ctx)
    return await answer(deps, enterprise_id, hazard_id)


@scoped.post("/hazards/{hazard_id}/extensions", status_code=201, summary="申请延期", **STEP)
async def request_extension(enterprise_id: str, hazard_id: str, cmd: c.RequestExtension,
                            ctx: CommandContext = rectifier, deps: Hazards = Depends(hazards)):
    await h.request_extension(cmd.for_(enterprise_id, hazard_id), deps, ctx, uuid.uuid4().hex)
    return await answer(deps, enterprise_id, hazard_id)


@scoped.post("/hazards/{hazard_id}/extension-decision", summary="审批延期申请", **STEP,
             description="同意则整改期限改为申请的新期限 (原期限保留在历史中); 申请人不能审批自己的申请 (403)。")
async def decide_extension(enterprise_id: str, hazard_id: str, cmd: c.DecideExtension, ctx: CommandContext = decider,
                           deps: Hazards = Depends(hazards)):
    await h.decide_extension(cmd.for_(enterprise_id, hazard_id), deps, ctx)
    return await answer(deps, enterprise_id, hazard_id)
