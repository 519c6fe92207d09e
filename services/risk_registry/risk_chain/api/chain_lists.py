"""The risk events and control measures of an enterprise as lists: narrowed by object, unit,
level, department, post and a name search, paginated, sorted by a whitelisted key; and the risk
events overdue for re-assessment (复评逾期), counted per department."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from libs.auth import enterprise_scope
from libs.openapi import READ, errors
from libs.pagination import PageParams, page, page_params
from libs.sorting import Sort, sort_params
from services.risk_registry.risk_chain.api import models as m
from services.risk_registry.risk_chain.api.routes import chain
from services.risk_registry.risk_chain.application.handlers import RiskChain
from services.risk_registry.risk_chain.domain.codes import ControlLevel, RiskLevel
from services.risk_registry.risk_chain.projections.chain_rows import CURRENT_LEVEL
from services.risk_registry.risk_chain.projections.queries import ChainFilter

router = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])

_ID = {"max_length": 64}
LIST_ERRORS = {**READ, **errors(422)}  # 422: an unknown sort key, a bad filter value
RISK_SORT = {"level": CURRENT_LEVEL, "name": "re.name", "reassess_on": "re.reassess_on",
             "updated_at": "re.updated_at", "object_name": "ro.name", "unit_name": "ru.name",
             "department_name": "d.name", "inherent_value": "re.inherent_value",
             "residual_value": "re.residual_value"}
MEASURE_SORT = {"level": CURRENT_LEVEL, "description": "cm.description", "classify": "cm.classify2",
                "risk_event_name": "re.name", "object_name": "ro.name", "unit_name": "ru.name",
                "department_name": "d.name", "responsible_post_name": "post.name", "updated_at": "cm.updated_at"}


OVERDUE = Query(None, description="复评逾期: true 只列复评日期已过的, false 只列未逾期的 (含未评价的)")


async def chain_filter(
        object_id: str | None = Query(None, **_ID, description="风险分析对象"),
        unit_id: str | None = Query(None, **_ID, description="风险分析单元"),
        department_id: str | None = Query(None, **_ID, description="责任部门"),
        post_id: str | None = Query(None, **_ID, description="责任岗位"),
        level: RiskLevel | None = Query(None, description="当前风险等级 1 重大 … 4 低"),
        control_level: ControlLevel | None = Query(None, description="管控层级"),
        q: str | None = Query(None, max_length=50, description="名称搜索 (包含)")) -> ChainFilter:
    return ChainFilter(object_id=object_id, unit_id=unit_id, department_id=department_id, post_id=post_id,
                       level=int(level) if level is not None else None,
                       control_level=control_level.value if control_level else None,
                       q=q.strip() or None if q else None)


@router.get("/risk-events", tags=["风险事件"], summary="风险事件列表 (筛选、分页、排序)",
            response_model=m.RiskEventPage, responses=LIST_ERRORS)
async def list_risk_events(enterprise_id: str, f: ChainFilter = Depends(chain_filter),
                           overdue: bool | None = OVERDUE,
                           sort: Sort = Depends(sort_params(RISK_SORT, "level", "re.id")),
                           p: PageParams = Depends(page_params), ch: RiskChain = Depends(chain)):
    items, total = await ch.queries.risk_events(enterprise_id, ChainFilter(**{**vars(f), "overdue": overdue}),
                                                sort.sql(), p)
    return page(items, total, p)


@router.get("/control-measures", tags=["管控措施"], summary="管控措施列表 (筛选、分页、排序)",
            response_model=m.ControlMeasurePage, responses=LIST_ERRORS)
async def list_control_measures(enterprise_id: str, f: ChainFilter = Depends(chain_filter),
                                risk_event_id: str | None = Query(None, **_ID, description="风险事件"),
                                sort: Sort = Depends(sort_params(MEASURE_SORT, "object_name", "cm.id")),
                                p: PageParams = Depends(page_params), ch: RiskChain = Depends(chain)):
    items, total = await ch.queries.control_measures(
        enterprise_id, ChainFilter(**{**vars(f), "risk_event_id": risk_event_id}), sort.sql(), p)
    return page(items, total, p)


@router.get("/overdue-reassessments", tags=["风险事件"], summary="复评逾期: 各部门复评日期已过的风险事件数",
            response_model=m.OverdueReassessments, responses=READ)
async def overdue_reassessments(enterprise_id: str, ch: RiskChain = Depends(chain)):
    day = ch.queries.today()
    departments = await ch.queries.overdue_by_department(enterprise_id, day)
    return {"as_of": day, "total": sum(d["overdue"] for d in departments), "departments": departments}
