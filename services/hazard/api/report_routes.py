"""HTTP for hazard governance's reports, under `/enterprises/{enterprise_id}`: the 公示 table (JSON,
CSV, XLSX), the ledger as a download, a person's own hazards and the 重大 hazards with their five.
Everyone of the enterprise reads them; this router goes before the hazard routes, so
`/hazards/export` is not taken for a hazard's id."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from libs.auth import Principal, current_principal, enterprise_scope
from libs.clock import CHINA_TIME
from libs.export import MEDIA, Column, download
from libs.openapi import READ, file_responses
from libs.pagination import PageParams, page, page_params
from libs.periods import Period
from libs.sorting import Direction, Sort
from services.hazard.api import models as m
from services.hazard.api import report_models as rm
from services.hazard.api.labels import LEVEL, MANAGE_TYPE, SOURCE, STEP, TYPE
from services.hazard.application.handlers import Hazards
from services.hazard.application.ports import LedgerFilter
from services.hazard.application.rules import may_accept
from services.hazard.domain.codes import HazardLevel
from services.hazard.domain.publicity import Judged, table

reports = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
TAG = "隐患治理"
FILES = file_responses("text/csv", MEDIA["xlsx"], description="表格文件")
EVERYTHING = PageParams(limit=10_000_000, offset=0)
NEWEST = Sort("reported_at", Direction.DESC, "id")


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class Mine(StrEnum):
    REPORTED = "reported"  # 我上报的
    ASSIGNED = "assigned"  # 待我整改的
    TO_ACCEPT = "to_accept"  # 待我验收的
    COPIED = "copied"  # 抄送我的


async def hazards(request: Request) -> Hazards:
    return request.app.state.hazard


def _label(table_, value) -> str:
    return "" if value is None else (table_.label(value) or str(value))


PUBLICITY_COLUMNS = [Column("department_name", "部门", width=20), Column("found", "发现隐患", width=10),
                     Column("rectified", "已整改", width=10), Column("on_time", "按期整改", width=10),
                     Column("overdue", "超期未整改", width=12), Column("open", "未整改", width=10),
                     Column("rate", "整改率(%)", lambda v: "" if v is None else float(v), width=12)]
LEDGER_COLUMNS = [
    Column("name", "隐患名称", width=30), Column("level", "隐患等级", lambda v: _label(LEVEL, v), width=10),
    Column("hazard_type", "隐患类型", lambda v: _label(TYPE, v), width=8),
    Column("source", "隐患来源", lambda v: _label(SOURCE, v), width=14),
    Column("manage_type", "治理类型", lambda v: _label(MANAGE_TYPE, v), width=10),
    Column("description", "隐患描述", width=40), Column("reported_at", "登记时间", width=18),
    Column("department_name", "责任部门", width=14), Column("liable_person_name", "整改责任人", width=10),
    Column("deadline", "整改期限", width=12), Column("step", "办理环节", lambda v: _label(STEP, v), width=12),
    Column("overdue", "超期未整改", lambda v: "是" if v else "", width=10),
    Column("accepted_by_name", "验收人", width=10), Column("accepted_at", "验收时间", width=18),
    Column("accept_comment", "验收意见", width=30)]


@reports.get("/hazards/publicity", tags=[TAG], summary="隐患排查治理公示表 (按部门; JSON、CSV、XLSX)",
             response_model=rm.Publicity, responses={**FILES, **READ},
             description="统计时段内 (北京时间, 含首尾日, 默认截止今天的 7 天, 至多 366 天) 登记的隐患, "
                         "按期末状态统计; 部门为整改责任部门 (未评估的按发现部门)。")
async def publicity(enterprise_id: str, format: Format = Query(Format.JSON, description="格式"),
                    from_: date | None = Query(None, alias="from", description="起始日 (含)"),
                    to: date | None = Query(None, description="截止日 (含)"), deps: Hazards = Depends(hazards)):
    period = Period.of(from_, to, deps.today())
    rows = await deps.ledger.cohort(enterprise_id, period.start, period.end)
    names = {r["department_id"]: r["department_name"] for r in rows}
    groups, total = table([Judged(r["department_id"], r["closed_at"], r["deadline"], r["was_overdue_at"])
                           for r in rows], period.end)
    listed = [{"department_id": d, "department_name": names.get(d), **t.row()}
              for d, t in sorted(groups.items(), key=lambda kv: (kv[0] is None, names.get(kv[0]) or kv[0] or ""))]
    answer = {"first_day": period.first, "last_day": period.last, "rows": listed,
              "total": {"department_id": None, "department_name": "合计", **total.row()}}
    if format is Format.JSON:
        return answer
    title = f"隐患排查治理公示表（{period.first.isoformat()} 至 {period.last.isoformat()}）"
    shown = [{**row, "department_name": row["department_name"] or row["department_id"] or "未指定部门"}
             for row in listed] + [answer["total"]]
    return await download(f"隐患公示{period.first:%Y%m%d}-{period.last:%Y%m%d}", format.value, "隐患公示",
                          PUBLICITY_COLUMNS, shown, caption=title)


@reports.get("/hazards/export", tags=[TAG], summary="导出隐患台账 (CSV, XLSX)", response_class=Response,
             responses={**FILES, **READ},
             description="XLSX 带标题行、序号与自动换行, 可直接报送; CSV 为 UTF-8 (带 BOM)。")
async def export_ledger(enterprise_id: str, format: FileFormat = Query(FileFormat.XLSX, description="文件格式"),
                        major: bool | None = Query(None, description="true: 只导出重大隐患"),
                        deps: Hazards = Depends(hazards)):
    rows, _ = await deps.ledger.ledger(enterprise_id, LedgerFilter(level=HazardLevel.MAJOR if major else None),
                                        NEWEST, EVERYTHING)
    today = deps.clock.now().astimezone(CHINA_TIME).date()
    title = "重大隐患台账" if major else "隐患台账"
    return await download(f"{title}{today:%Y%m%d}", format.value, title, LEDGER_COLUMNS, rows,
                          caption=f"{title}　{today.isoformat()}")


@reports.get("/my-hazards", tags=[TAG], summary="我的隐患 (我上报的、待我整改的、待我验收的、抄送我的)",
             response_model=m.HazardPage, responses=READ)
async def my_hazards(enterprise_id: str, which: Mine = Query(Mine.ASSIGNED, description="哪一类"),
                     p: PageParams = Depends(page_params), me: Principal = Depends(current_principal),
                     deps: Hazards = Depends(hazards)):
    majors = True
    if which is Mine.TO_ACCEPT:  # only what this person may accept: a role that may, 重大 by the enterprise's rules
        may, majors = await may_accept(deps, enterprise_id, frozenset(str(r) for r in me.roles))
        if not may:
            return page([], 0, p)
    items, total = await deps.ledger.mine(enterprise_id, me.person_id, which.value, p, majors)
    return page(items, total, p)


@reports.get("/major-hazards", tags=[TAG], summary="重大隐患及其治理方案 (五落实情况)", response_model=m.HazardPage,
             responses=READ)
async def major_hazards(enterprise_id: str, p: PageParams = Depends(page_params), deps: Hazards = Depends(hazards)):
    items, total = await deps.ledger.ledger(enterprise_id, LedgerFilter(level=HazardLevel.MAJOR), NEWEST, p)
    return page(items, total, p)
