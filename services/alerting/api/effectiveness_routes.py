"""HTTP for the weekly effectiveness score (运行效果评分), under `/enterprises/{enterprise_id}`: one
week (by default the last complete one) and the history week by week, each as JSON, CSV or XLSX.
For the enterprise's officers and admins."""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum

from fastapi import APIRouter, Depends, Query, Request

from libs.acting import acting
from libs.aggregate import DomainError
from libs.auth import enterprise_scope
from libs.export import MEDIA, Column, download
from libs.openapi import READ, file_responses
from libs.pagination import PageParams, page, page_params
from libs.periods import MAX_DAYS
from libs.repository import CommandContext
from services.alerting.api import effectiveness_models as m
from services.alerting.domain.effectiveness_facts import NaturalWeek
from services.alerting.domain.writers import OFFICERS
from services.alerting.projections.effectiveness import SqlEffectiveness

effectiveness_router = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
TAG = "运行效果评分"
FILES = file_responses("text/csv", MEDIA["xlsx"], description="表格文件")
officer = acting(*OFFICERS)
ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
MAX_WEEKS = MAX_DAYS // 7 + 1
YEARS = range(2000, 2100)  # a week far out of it could not even be stepped back from (date's range)


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


def _decimal(v):
    return "" if v is None else float(v)


SCORE_COLUMNS = [
    Column("week", "统计周", width=10), Column("first_day", "起始日", width=12), Column("last_day", "截止日", width=12),
    Column("score", "运行效果得分", _decimal, width=12), Column("run_level_label", "运行等级", width=8),
    Column("rateCheck", "任务完成率(%)", _decimal, width=12), Column("rateDanger", "隐患整改率(%)", _decimal, width=12),
    Column("screeTaskScore", "排查任务得分", _decimal, width=12), Column("coverageScore", "包保扣分", _decimal),
    Column("hiddenGovernScore", "治理扣分", _decimal, width=10),
    Column("hiddenFewScore", "隐患过少扣分", _decimal, width=12), Column("vetoItem", "否决项", width=20),
    Column("planned", "应排查", width=8), Column("completed", "已排查", width=8),
    Column("missed", "超期未排查", width=10), Column("found", "发现隐患", width=8), Column("due", "应整改", width=8),
    Column("accepted", "已整改", width=8), Column("overdue_open", "超期未整改", width=10)]
DEPARTMENT_COLUMNS = [
    Column("department_name", "部门", lambda v: v or "未归属部门", width=20), Column("planned", "应排查", width=8),
    Column("completed", "已排查", width=8), Column("missed", "超期未排查", width=10),
    Column("rateCheck", "任务完成率(%)", _decimal, width=12), Column("found", "发现隐患", width=8),
    Column("due", "应整改", width=8), Column("accepted", "已整改", width=8),
    Column("rateDanger", "隐患整改率(%)", _decimal, width=12), Column("coverageScore", "包保扣分", _decimal, width=10),
    Column("hiddenGovernScore", "治理扣分", _decimal, width=10), Column("subtotal", "部门得分", _decimal, width=10)]


def parse_week(value: str, name: str = "week") -> date:
    match = ISO_WEEK.match(value.strip())
    try:
        if match is None or int(match[1]) not in YEARS:
            raise ValueError(value)
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise DomainError(f"统计周应为 {YEARS.start}–{YEARS.stop - 1} 年的 ISO 周, 如 2026-W48: {value}",
                          field=name, code="invalid_week") from None


async def scores(request: Request) -> SqlEffectiveness:
    return request.app.state.effectiveness


def _last_complete(request: Request) -> date:
    return NaturalWeek.containing(request.app.state.clock.now()).previous.monday


@effectiveness_router.get(
    "/effectiveness", tags=[TAG], summary="运行效果评分 (一周; JSON、CSV、XLSX)", response_model=m.Effectiveness,
    responses={**FILES, **READ}, description="自然周 (北京时间周一 00:00 至下周一 00:00) 的运行效果得分及监管字段, "
    "包保任务按角色、按部门分解; 默认为上一个完整的周。任务按其时段结束所在周、隐患按整改期限所在周计入。")
async def week(request: Request, enterprise_id: str,
               week: str | None = Query(None, description="ISO 周, 如 2026-W48"),
               format: Format = Query(Format.JSON, description="格式"), _: CommandContext = officer,
               deps: SqlEffectiveness = Depends(scores)):
    monday = parse_week(week) if week is not None else _last_complete(request)
    [score], names = await deps.weeks(enterprise_id, [monday])
    body = m.answer(score, names)
    if format is Format.JSON:
        return body
    return await download(f"运行效果评分{body['week']}", format.value, "运行效果评分", DEPARTMENT_COLUMNS,
                          [*body["departments"], {**body, "department_name": "合计", "subtotal": body["score"]}],
                          caption=f"运行效果评分　{body['week']}（{body['first_day']} 至 {body['last_day']}）"
                                  f"　得分 {body['score']}")


@effectiveness_router.get(
    "/effectiveness/history", tags=[TAG], summary="运行效果评分历史 (逐周; JSON、CSV、XLSX)",
    response_model=m.EffectivenessPage, responses={**FILES, **READ},
    description=f"from 至 to (ISO 周, 含首尾, 至多 {MAX_WEEKS} 周; 默认截止上一个完整的周的 8 周), 新的在前, 分页; "
                "CSV、XLSX 为全部周。")
async def history(request: Request, enterprise_id: str,
                  from_: str | None = Query(None, alias="from", description="起始周, 如 2026-W40"),
                  to: str | None = Query(None, description="截止周 (含), 如 2026-W48"),
                  format: Format = Query(Format.JSON, description="格式"),
                  p: PageParams = Depends(page_params), _: CommandContext = officer,
                  deps: SqlEffectiveness = Depends(scores)):
    last = parse_week(to, "to") if to is not None else _last_complete(request)
    first = parse_week(from_, "from") if from_ is not None else last - timedelta(weeks=7)
    if last < first:
        raise DomainError("截止周不能早于起始周", field="to")
    count = (last - first).days // 7 + 1
    if count > MAX_WEEKS:
        raise DomainError(f"统计时段不能超过 {MAX_WEEKS} 周", field="from")
    mondays = [last - timedelta(weeks=n) for n in range(count)]
    if format is not Format.JSON:
        scored, names = await deps.weeks(enterprise_id, mondays)
        rows = [m.answer(s, names) for s in scored]
        return await download(f"运行效果评分{m.iso_week(first)}-{m.iso_week(last)}", format.value, "运行效果评分",
                              SCORE_COLUMNS, rows,
                              caption=f"运行效果评分　{m.iso_week(first)} 至 {m.iso_week(last)}")
    scored, names = await deps.weeks(enterprise_id, mondays[p.offset:p.offset + p.limit])
    return page([m.answer(s, names) for s in scored], count, p)
