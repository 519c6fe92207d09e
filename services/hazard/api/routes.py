"""HTTP for an enterprise's hazards, under `/enterprises/{enterprise_id}` (the tenant guard once, at
router level): how hazards enter, the ledger, one hazard and its history. The steps of the loop
are step_routes.py."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.errors import found
from libs.history import HistoryItem
from libs.openapi import READ, WRITE
from libs.pagination import PageParams, page, page_params
from libs.repository import CommandContext
from libs.sorting import Sort, sort_params
from services.hazard.api import models as m
from services.hazard.application import commands as c
from services.hazard.application import reports as r
from services.hazard.application.handlers import Hazards
from services.hazard.application.ports import LedgerFilter
from services.hazard.domain.codes import DangerSource, HazardLevel, HazardType
from services.hazard.domain.steps import Step
from services.hazard.domain.writers import OFFICERS, REPORTERS
from services.hazard.projections.queries import SORT_KEYS, TIEBREAK

scoped = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
TAG = "隐患治理"


async def hazards(request: Request) -> Hazards:
    return request.app.state.hazard


async def answer(deps: Hazards, enterprise_id: str, hazard_id: str):
    return found(await deps.ledger.hazard(enterprise_id, hazard_id), "隐患", "hazard_id")


@scoped.post("/hazards/snapshots", status_code=201, tags=[TAG], summary="随手拍上报隐患",
             response_model=m.Hazard, responses=WRITE,
             description="任何员工可用手机上报; 离线时先保存, 联网后发送。同一 client_id 重复提交得到同一条隐患。"
                         "照片须先上传 (POST …/photos)。")
async def report_snapshot(enterprise_id: str, cmd: c.ReportSnapshot, ctx: CommandContext = acting(*REPORTERS),
                          deps: Hazards = Depends(hazards)):
    return await answer(deps, enterprise_id, await r.report_snapshot(cmd.for_(enterprise_id), deps, ctx))


@scoped.post("/hazards/outside", status_code=201, tags=[TAG], summary="登记政府检查或专家服务发现的隐患",
             response_model=m.Hazard, responses=WRITE,
             description="须填执法编号或服务报告编号与发现日期; "
                         "超过 7 天登记的照常登记并标记为逾期登记 (entered_late)。")
async def report_outside(enterprise_id: str, cmd: c.ReportOutside, ctx: CommandContext = acting(*OFFICERS),
                         deps: Hazards = Depends(hazards)):
    return await answer(deps, enterprise_id, await r.report_outside(cmd.for_(enterprise_id), deps, ctx))


@scoped.post("/hazards", status_code=201, tags=[TAG], summary="人工登记隐患", response_model=m.Hazard,
             responses=WRITE)
async def report_manual(enterprise_id: str, cmd: c.ReportManual, ctx: CommandContext = acting(*OFFICERS),
                        deps: Hazards = Depends(hazards)):
    return await answer(deps, enterprise_id, await r.report_manual(cmd.for_(enterprise_id), deps, ctx))


@scoped.get("/hazards", tags=[TAG], summary="隐患台账", response_model=m.HazardPage, responses=READ)
async def ledger(enterprise_id: str, step: Step | None = None, level: HazardLevel | None = None,
                 hazard_type: HazardType | None = None, source: DangerSource | None = None,
                 department_id: str | None = Query(None, max_length=64, description="整改责任部门"),
                 reported_from: date | None = Query(None, description="登记日期起 (含)"),
                 reported_to: date | None = Query(None, description="登记日期止 (含)"),
                 overdue: bool | None = Query(None, description="true: 只看超期未整改的"),
                 major: bool | None = Query(None, description="true: 只看重大隐患 (同 level=1)"),
                 q: str | None = Query(None, max_length=100, description="在名称和描述中搜索"),
                 sort: Sort = Depends(sort_params(SORT_KEYS, "reported_at", TIEBREAK)),
                 p: PageParams = Depends(page_params), deps: Hazards = Depends(hazards)):
    if major:
        level = HazardLevel.MAJOR
    f = LedgerFilter(step, level, hazard_type, source, department_id, reported_from, reported_to, overdue, q)
    items, total = await deps.ledger.ledger(enterprise_id, f, sort, p)
    return page(items, total, p)


@scoped.get("/hazards/{hazard_id}", tags=[TAG], summary="隐患详情", response_model=m.Hazard, responses=READ)
async def get_hazard(enterprise_id: str, hazard_id: str, deps: Hazards = Depends(hazards)):
    return await answer(deps, enterprise_id, hazard_id)


@scoped.get("/hazards/{hazard_id}/history", tags=[TAG], summary="隐患办理过程 (每一步的中文说明、办理人与时间)",
            response_model=list[HistoryItem], responses=READ)
async def history(enterprise_id: str, hazard_id: str, deps: Hazards = Depends(hazards)):
    await answer(deps, enterprise_id, hazard_id)  # 404 for another enterprise's hazard
    return await deps.hazards.history(hazard_id, enterprise_id)
