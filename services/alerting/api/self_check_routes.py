"""HTTP for the self-check report's reminder part, under `/enterprises/{enterprise_id}`: the
reminder statistics of a period (JSON, CSV, XLSX) and the quarterly self-check records that keep
them with the officer's conclusions. The inspection coverage report is inspection's route; a record
names it by `coverage_report_at`."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg
from fastapi import APIRouter, Depends, Query, Request
from fastapi.encoders import jsonable_encoder

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.clock import CHINA_TIME, Clock
from libs.errors import found
from libs.eventstore.port import EventStore
from libs.export import MEDIA, Column, download
from libs.openapi import WRITE, errors, file_responses
from libs.pagination import PageParams, page, page_params
from libs.periods import Period
from libs.repository import CommandContext, Repository
from services.alerting.api import effectiveness_models as em
from services.alerting.api import self_check_models as m
from services.alerting.api.effectiveness_routes import Format
from services.alerting.application import self_check as sc
from services.alerting.domain.events import registry
from services.alerting.domain.reminder_stats import ReminderStats, last_complete_quarter, tally
from services.alerting.domain.self_check import SELF_CHECK_WRITERS, SelfCheck
from services.alerting.domain.writers import OFFICERS
from services.alerting.projections import self_checks as rows
from services.alerting.projections.effectiveness import SqlEffectiveness
from services.alerting.projections.reminder_stats import period_alerts

self_check_router = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
TAG = "自查报告"
READ = errors(401, 403, 404, 422)
FILES = file_responses("text/csv", MEDIA["xlsx"], description="表格文件")
officer = acting(*OFFICERS)


class SqlReports:
    """The reads a self-check snapshots: the alert ledger's tally and the effectiveness weeks."""

    def __init__(self, pool: asyncpg.Pool, effectiveness: SqlEffectiveness) -> None:
        self.pool, self.effectiveness = pool, effectiveness

    async def reminder_stats(self, enterprise_id: str, period: Period) -> ReminderStats:
        alerts, channels = await period_alerts(self.pool, enterprise_id, period.start, period.end)
        return tally(alerts, channels)

    async def effectiveness_weeks(self, enterprise_id: str, period: Period) -> list[dict[str, Any]]:
        """Every ISO week the period touches, oldest first, as the effectiveness route answers it."""
        scored, names = await self.effectiveness.weeks(enterprise_id, period.weeks())
        return jsonable_encoder([em.answer(s, names) for s in scored])


def self_checks_on(pool: asyncpg.Pool, store: EventStore, effectiveness: SqlEffectiveness,
                   clock: Clock) -> sc.SelfChecks:
    # `selfcheck-<id>` is part of every stored stream id: never renamed.
    return sc.SelfChecks(Repository(store, registry, SelfCheck, "selfcheck", "alerting"),
                         SqlReports(pool, effectiveness), clock)


async def self_checks(request: Request) -> sc.SelfChecks:
    return request.app.state.self_checks


def period_of(request: Request, first: date | None, last: date | None, first_field: str = "from",
              last_field: str = "to") -> Period:
    today = request.app.state.clock.now().astimezone(CHINA_TIME).date()
    if first is None and last is None:
        return Period(*last_complete_quarter(today))
    return Period.of(first, last, today, first_field=first_field, last_field=last_field)


def _hours(v: float | None) -> Any:
    return "" if v is None else v


COLUMNS = [Column("group", "类别", width=10), Column("item", "项目", width=20), Column("raised", "产生", width=8),
           Column("acknowledged", "已处置", width=8), Column("cleared", "已销警", width=8),
           Column("self_resolved", "自动解除", width=10), Column("open", "未结束", width=8),
           Column("ack_median", "处置用时中位数(小时)", _hours, width=14),
           Column("ack_p90", "处置用时P90(小时)", _hours, width=14),
           Column("clear_median", "销警用时中位数(小时)", _hours, width=14),
           Column("clear_p90", "销警用时P90(小时)", _hours, width=14),
           Column("attempts", "通知次数", width=10), Column("succeeded", "成功", width=8),
           Column("failed", "失败", width=8), Column("dead_lettered", "转入死信", width=10)]


def table(stats: ReminderStats) -> list[dict[str, Any]]:
    """One table for the export: per kind, per level (with the times), per channel, then the total."""
    out: list[dict[str, Any]] = [{"group": "按提醒类型", "item": k.kind_label, **k.model_dump()} for k in stats.kinds]
    for lv in stats.levels:
        out.append({"group": "按提醒级别", "item": lv.level_label, **lv.model_dump(),
                    "ack_median": lv.to_acknowledge.median_hours, "ack_p90": lv.to_acknowledge.p90_hours,
                    "clear_median": lv.to_clear.median_hours, "clear_p90": lv.to_clear.p90_hours})
    out += [{"group": "按通知渠道", "item": c.channel_label, **c.model_dump()} for c in stats.channels]
    out.append({"group": "合计", "item": "全部提醒", **stats.total.model_dump()})
    return out


@self_check_router.get(
    "/reminder-stats", tags=[TAG], summary="提醒处置统计 (JSON、CSV、XLSX)", response_model=m.ReminderStatsAnswer,
    responses={**FILES, **READ},
    description="统计时段 (北京时间, 含首尾日, 默认上一个完整的季度, 至多 366 天) 内产生的提醒: 产生、处置、销警、"
                "自动解除、未结束, 按类型和所达级别; 各级别从产生到处置、到销警用时的中位数和 P90 "
                "(按提醒事件自身的时间); 各通知渠道的通知次数、成功、失败与转入死信。自动解除的不计为处置。")
async def reminder_stats(request: Request, enterprise_id: str,
                         from_: date | None = Query(None, alias="from", description="起始日 (含)"),
                         to: date | None = Query(None, description="截止日 (含)"),
                         format: Format = Query(Format.JSON, description="格式"), _: CommandContext = officer,
                         deps: sc.SelfChecks = Depends(self_checks)):
    period = period_of(request, from_, to)
    stats = await deps.reports.reminder_stats(enterprise_id, period)
    if format is Format.JSON:
        return {"enterprise_id": enterprise_id, "first_day": period.first, "last_day": period.last,
                **stats.model_dump()}
    return await download(f"提醒处置统计{period.first:%Y%m%d}-{period.last:%Y%m%d}", format.value, "提醒处置统计",
                          COLUMNS, table(stats),
                          caption=f"提醒处置统计（{period.first.isoformat()} 至 {period.last.isoformat()}）")


@self_check_router.post(
    "/self-checks", tags=[TAG], summary="记录季度自查", response_model=m.SelfCheckRecord, status_code=201,
    responses=WRITE, description="保存自查时段、当时的提醒处置统计和逐周运行效果评分 (快照), 以及自查结论; "
                                 "排查覆盖情况报告在 inspection, 此处只记其生成时间 coverage_report_at。")
async def record_self_check(request: Request, enterprise_id: str, cmd: sc.RecordSelfCheck,
                            ctx: CommandContext = acting(*SELF_CHECK_WRITERS),
                            deps: sc.SelfChecks = Depends(self_checks)):
    cmd = cmd.for_(enterprise_id)
    period = period_of(request, cmd.first_day, cmd.last_day, "first_day", "last_day")
    check_id = await sc.record(cmd, period, deps, ctx)
    return await rows.self_check(request.app.state.pool, enterprise_id, check_id)


@self_check_router.get("/self-checks", tags=[TAG], summary="季度自查记录", response_model=m.SelfCheckPage,
                       responses=READ, description="新的在前, 分页。")
async def list_self_checks(request: Request, enterprise_id: str, p: PageParams = Depends(page_params),
                           _: CommandContext = officer):
    items, total = await rows.self_checks(request.app.state.pool, enterprise_id, p)
    return page(items, total, p)


@self_check_router.get("/self-checks/{self_check_id}", tags=[TAG], summary="一条季度自查记录",
                       response_model=m.SelfCheckRecord, responses=READ)
async def get_self_check(request: Request, enterprise_id: str, self_check_id: str, _: CommandContext = officer):
    return found(await rows.self_check(request.app.state.pool, enterprise_id, self_check_id), "自查记录",
                 "self_check_id")
