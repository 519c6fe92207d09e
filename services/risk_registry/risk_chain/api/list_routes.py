"""三清单 (the risk list, the control-measure list, the responsibility list) as JSON and as CSV
and XLSX downloads with Chinese headers; the four-level control lists; "my post"; the
four-colour map."""

from __future__ import annotations

from enum import StrEnum

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from libs.auth import Principal, enterprise_scope
from libs.errors import NotFound
from libs.export import Column, download
from libs.openapi import READ, file_responses
from libs.pagination import PageParams, page, page_params
from libs.views import apply_to
from services.risk_registry.risk_chain.api import models as m
from services.risk_registry.risk_chain.api.routes import chain
from services.risk_registry.risk_chain.application.handlers import RiskChain
from services.risk_registry.risk_chain.domain.codes import (
    ACCIDENT_TYPE_LABELS,
    CLASSIFY1_LABELS,
    CLASSIFY2_LABELS,
    CONTROL_LEVEL_LABELS,
    DATA_SOURCE_LABELS,
    RISK_COLOURS,
    RISK_LEVEL_LABELS,
    RISK_OBJECT_KIND_LABELS,
    AccidentType,
    Classify1,
    ControlLevel,
    DataSource,
    RiskLevel,
    RiskObjectKind,
)
from services.risk_registry.risk_chain.domain.four_colour_map import render_map
from services.risk_registry.risk_chain.projections.mine import mine

router = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)],
                   tags=["三清单与四色图"])

EVERYTHING = PageParams(limit=10_000_000, offset=0)
# `format=csv|xlsx`: the same list as a download (the JSON page is the route's response model).
LIST_FILES = file_responses("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            description="JSON 分页, 或 format=csv / xlsx 时的下载文件")


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


def _level(v) -> str | None:
    return RISK_LEVEL_LABELS[RiskLevel(v)] if v is not None else "未评价"


def _control(v) -> str | None:
    return CONTROL_LEVEL_LABELS[ControlLevel(v)] if v else None


def _accidents(v) -> str:
    return "、".join(ACCIDENT_TYPE_LABELS[AccidentType(t)] for t in v or [])


def _names(v) -> str:
    return "、".join(v or [])


def _numbered(lines: list[str]) -> str:
    return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, start=1)) if len(lines) > 1 else "".join(lines)


def _measures(v) -> str:
    return _numbered([m["description"] for m in v or []])


def _duties(v) -> str:
    return "\n".join(f"{d['post_name']}：{'；'.join(d['duties'])}" for d in v or [])


# 四色: the level column of each list is filled with its level's colour.
LEVEL_FILLS = {RISK_LEVEL_LABELS[level]: colour.lstrip("#") for level, (_, colour) in RISK_COLOURS.items()}

RISK_COLUMNS = [
    Column("object_name", "风险分析对象", width=20),
    Column("object_kind", "对象类型", lambda v: RISK_OBJECT_KIND_LABELS[RiskObjectKind(v)], width=12),
    Column("unit_name", "风险分析单元", width=20),
    Column("name", "风险事件", width=26),
    Column("accident_types", "事故类别", _accidents, width=14),
    Column("consequence", "可能后果", width=24),
    Column("inherent_value", "固有风险值", width=10),
    Column("inherent_level", "固有风险等级", _level, width=10, fills=LEVEL_FILLS),
    Column("control_measures", "管控措施", _measures, width=40),
    Column("residual_value", "剩余风险值", width=10),
    Column("residual_level", "剩余风险等级", _level, width=10, fills=LEVEL_FILLS),
    Column("control_level", "管控层级", _control, width=10),
    Column("department_name", "责任部门", width=14),
    Column("liable_person_name", "责任人", width=10),
    Column("reassess_on", "复评日期", width=12),
    Column("reassessment_overdue", "复评逾期", lambda v: "逾期" if v else "", width=8),
]

MEASURE_COLUMNS = [
    Column("object_name", "风险分析对象", width=20),
    Column("unit_name", "风险分析单元", width=20),
    Column("risk_event_name", "风险事件", width=26),
    Column("accident_types", "事故类别", _accidents, width=14),
    Column("consequence", "可能后果", width=24),
    Column("level", "风险等级", _level, width=10, fills=LEVEL_FILLS),
    Column("control_level", "管控层级", _control, width=10),
    Column("classify1", "措施分类1", lambda v: CLASSIFY1_LABELS[Classify1(v)], width=10),
    Column("classify2", "措施分类2", lambda v: CLASSIFY2_LABELS.get(v, v), width=12),
    Column("classify3", "措施分类3", width=10),
    Column("description", "管控措施", width=40),
    Column("data_source", "管控方式", lambda v: DATA_SOURCE_LABELS[DataSource(v)], width=10),
    Column("inspection_content", "排查内容", width=36),
    Column("department_name", "责任部门", width=14),
    Column("responsible_post_name", "责任岗位", width=14),
    Column("responsible_people", "责任人", _names, width=14),
    Column("liable_person_name", "单元责任人", width=10),
]

RESPONSIBILITY_COLUMNS = [
    Column("object_name", "风险分析对象", width=20),
    Column("unit_name", "风险分析单元", width=20),
    Column("level", "最高风险等级", _level, width=10, fills=LEVEL_FILLS),
    Column("control_level", "管控层级", _control, width=10),
    Column("department_name", "责任部门", width=14),
    Column("liable_person_name", "责任人", width=10),
    Column("liable_person_mobile", "联系电话", width=14),
    Column("principal_name", "包保责任人（主要负责人）", width=12),
    Column("technical_name", "包保责任人（技术负责人）", width=12),
    Column("operations_name", "包保责任人（操作负责人）", width=12),
    Column("risk_events", "风险事件数", width=8),
    Column("control_measures", "管控措施数", width=8),
    Column("posts", "责任岗位", _names, width=20),
    Column("post_duties", "岗位职责", _duties, width=48),
    Column("departed_holders", "已离职未移交", _names, width=14),
]

LISTS = {
    "risks": ("风险清单", RISK_COLUMNS),
    "control-measures": ("管控措施清单", MEASURE_COLUMNS),
    "responsibilities": ("责任清单", RESPONSIBILITY_COLUMNS),
}


class ListName(StrEnum):
    RISKS = "risks"
    CONTROL_MEASURES = "control-measures"
    RESPONSIBILITIES = "responsibilities"


async def _rows(ch: RiskChain, name: ListName, eid: str, department_id: str | None, level: RiskLevel | None,
                control_level: ControlLevel | None, overdue: bool | None, p: PageParams):
    lvl = int(level) if level is not None else None
    ctl = control_level.value if control_level else None
    if name is ListName.RISKS:
        return await ch.queries.risk_list(eid, department_id, lvl, ctl, p, overdue=overdue)
    if name is ListName.CONTROL_MEASURES:
        return await ch.queries.measure_list(eid, department_id, lvl, ctl, p, overdue=overdue)
    return await ch.queries.responsibility_list(eid, department_id, lvl, p, control_level=ctl, overdue=overdue)


@router.get("/lists/{name}", summary="三清单: 风险清单 / 管控措施清单 / 责任清单 (json, csv, xlsx)",
            response_model=m.ListPage, responses={**READ, **LIST_FILES})
async def three_lists(enterprise_id: str, name: ListName, request: Request,
                      format: Format = Format.JSON,
                      department_id: str | None = Query(None, max_length=64, description="责任部门"),
                      level: RiskLevel | None = Query(None, description="风险等级 1 重大 … 4 低"),
                      control_level: ControlLevel | None = Query(None, description="管控层级 (四级管控清单)"),
                      overdue: bool | None = Query(None, description=(
                          "复评逾期: true 只列复评日期已过的 (措施清单: 其风险事件; 责任清单: 有此类风险事件的单元), "
                          "false 只列未逾期的")),
                      p: PageParams = Depends(page_params), ch: RiskChain = Depends(chain)):
    if format is Format.JSON:
        items, total = await _rows(ch, name, enterprise_id, department_id, level, control_level, overdue, p)
        return page(items, total, p)
    rows, _ = await _rows(ch, name, enterprise_id, department_id, level, control_level, overdue, EVERYTHING)
    rows = await apply_to(request, rows)  # the views of a JSON answer: phones masked as there
    title, columns = LISTS[name.value]
    if control_level is not None:  # 四级管控清单: 公司级风险清单 …
        title = CONTROL_LEVEL_LABELS[control_level] + title
    enterprise = await ch.directory.enterprise(enterprise_id)
    company = enterprise["name"] if enterprise else ""
    caption = f"{company}　{title}　{ch.queries.today().isoformat()}"
    return await download(f"{company}{title}", format.value, title, columns, rows, caption=caption)


@router.get("/my-post", response_model=m.MyPost, responses=READ,
            summary="我的职责: 本人岗位的风险与管控措施、本人负责的风险分析单元、本人包保的重大危险源 (全员可查)")
async def my_post(enterprise_id: str, request: Request, ch: RiskChain = Depends(chain)):
    principal: Principal = request.state.principal
    person = await ch.directory.person(enterprise_id, principal.person_id)
    if person is None or person["left_at"] is not None:
        raise NotFound("令牌中的人员不在本企业的人员名册中", field="person_id")
    post = await ch.directory.unit(enterprise_id, person["post_id"]) if person["post_id"] else None
    return {"person": person, "post": post,
            **await mine(request.app.state.pool, enterprise_id, person["id"], person["post_id"], ch.queries.today())}


@router.get("/map.svg", summary="四色图 (SVG)", response_class=Response,
            responses={**file_responses("image/svg+xml", description="四色图"), **READ})
async def four_colour_map(enterprise_id: str, ch: RiskChain = Depends(chain)):
    enterprise = await ch.directory.enterprise(enterprise_id)
    svg = render_map(enterprise["name"] if enterprise else "", await ch.queries.map_areas(enterprise_id),
                     ch.plant_extent)
    return Response(svg, media_type="image/svg+xml")
