"""HTTP for inspection's reports (查询与报表), under `/enterprises/{enterprise_id}`: the check-task
list as a download, and the completion and on-time rates of the occurrences. Everyone of the
enterprise reads them, as they read the lists. This router goes before the task routes, so
`/check-tasks/export` is not taken for a task's id."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from libs.auth import enterprise_scope
from libs.clock import CHINA_TIME
from libs.export import MEDIA, download
from libs.openapi import READ, file_responses
from libs.pagination import PageParams
from services.inspection.api import report_models as m
from services.inspection.api.task_columns import TASK_COLUMNS, TITLE
from services.inspection.application import handlers as h
from services.inspection.application.my_tasks import Directory
from services.inspection.application.rates import Rates
from services.inspection.domain.codes import TaskState
from services.inspection.domain.report_period import RatesBy

# The CSV's and the XLSX's types, declared as the 200's content (the route answers no JSON).
TASK_FILES = file_responses("text/csv", MEDIA["xlsx"], description="任务清单文件")
reports = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
EVERYTHING = PageParams(limit=10_000_000, offset=0)


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


async def inspection(request: Request) -> h.Inspection:
    return request.app.state.inspection


async def rates(request: Request) -> Rates:
    return request.app.state.inspection.rates


async def directory(request: Request) -> Directory:
    return request.app.state.inspection.my_tasks.directory


@reports.get("/check-tasks/export", tags=["排查任务"], summary="导出隐患排查任务清单 (CSV, XLSX)",
             response_class=Response, responses={**TASK_FILES, **READ},
             description="筛选条件同任务清单; XLSX 带标题行、序号与自动换行, CSV 为 UTF-8 (带 BOM) 的纯表格。"
                         "负责岗位旁列出岗位名称及其所属部门 (尚未收到岗位信息时为空)。")
async def export_tasks(enterprise_id: str, format: ExportFormat = Query(ExportFormat.XLSX, description="文件格式"),
                       post_id: str | None = Query(None, max_length=64, description="负责排查的岗位"),
                       state: TaskState | None = None,
                       measure_id: str | None = Query(None, max_length=64, description="管控措施"),
                       deps: h.Inspection = Depends(inspection), units: Directory = Depends(directory)):
    rows, _ = await deps.queries.tasks(enterprise_id, EVERYTHING, post_id=post_id, state=state, measure_id=measure_id)
    posts = sorted({row["post_id"] for row in rows if row["post_id"]})
    names, departments = await units.post_names(posts), await units.departments(enterprise_id, posts)
    rows = [{**row, "post_name": names.get(row["post_id"]),
             "department_name": (d := departments.get(row["post_id"])) and d.name} for row in rows]
    today = deps.clock.now().astimezone(CHINA_TIME).date()
    title = TITLE if state is None else f"{TITLE}（{state.label}）"
    return await download(f"{title}{today:%Y%m%d}", format.value, title, TASK_COLUMNS, rows,
                          caption=f"{title}　{today.isoformat()}")


@reports.get("/occurrence-rates", tags=["排查执行"], summary="排查完成率与及时率 (按岗位、部门、包保角色、日、周)",
             response_model=m.OccurrenceRates, responses=READ,
             description="按本次排查开始时间 (北京时间) 归入时段与分组; 默认截止今天的 7 天, 至多 366 天。"
                         "超期后才收到的时段内记录计为按时完成, 超期仍计; 「未排查」记录单独计数。"
                         "按部门: 岗位所属的最近一级部门 (按当前组织架构); 按包保角色: 任务类型 workType。")
async def occurrence_rates(enterprise_id: str, by: RatesBy = Query(RatesBy.DAY, description="分组方式"),
                           from_: date | None = Query(None, alias="from", description="起始日 (含)"),
                           to: date | None = Query(None, description="截止日 (含)"),
                           deps: Rates = Depends(rates)):
    return await deps.report(enterprise_id, by, deps.period(from_, to))
