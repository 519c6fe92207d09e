"""HTTP for an enterprise's occurrences (一次排查), under `/enterprises/{enterprise_id}`: everyone
of the enterprise reads them; the clock, not a person, moves them (deadlines)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Query, Request

from libs.aggregate import DomainError
from libs.auth import enterprise_scope
from libs.errors import found
from libs.openapi import READ
from libs.pagination import PageParams, page, page_params
from services.inspection.api import occurrence_models as m
from services.inspection.application.occurrences import Occurrences
from services.inspection.domain.codes import OccurrenceState
from services.inspection.domain.occurrence_ids import aware

scoped = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
TAG = "排查执行"


async def occurrences(request: Request) -> Occurrences:
    return request.app.state.inspection.occurrences


@scoped.get("/occurrences", tags=[TAG], summary="排查执行情况 (按任务、岗位、部门、状态、开始时间)",
            response_model=m.OccurrencePage, responses=READ,
            description="按本次排查开始时间排序; from 含, to 不含; 不带时区即北京时间。")
async def list_occurrences(enterprise_id: str,
                           task_id: str | None = Query(None, max_length=64, description="排查任务"),
                           post_id: str | None = Query(None, max_length=64, description="下发到的岗位"),
                           department_id: str | None = Query(None, max_length=64,
                                                             description="部门: 下发到其下属岗位的 (按当前组织架构)"),
                           state: OccurrenceState | None = None,
                           from_: datetime | None = Query(None, alias="from", description="开始时间不早于"),
                           to: datetime | None = Query(None, description="开始时间早于"),
                           p: PageParams = Depends(page_params), deps: Occurrences = Depends(occurrences)):
    low, high = from_ and aware(from_), to and aware(to)
    if low is not None and high is not None and high <= low:
        raise DomainError("结束时间须晚于起始时间", field="to")
    items, total = await deps.queries.occurrences(enterprise_id, p, task_id=task_id, post_id=post_id, state=state,
                                                  from_=low, to=high, department_id=department_id)
    return page(items, total, p)


@scoped.get("/occurrences/{occurrence_id}", tags=[TAG], summary="一次排查详情",
            response_model=m.Occurrence, responses=READ)
async def get_occurrence(enterprise_id: str, occurrence_id: str, deps: Occurrences = Depends(occurrences)):
    return found(await deps.queries.occurrence(enterprise_id, occurrence_id), "该次排查", "occurrence_id")
