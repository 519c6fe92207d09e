"""HTTP for an enterprise's alerts, under `/enterprises/{enterprise_id}` (the tenant guard once, at
router level): the signed-in person's inbox, 处置 and 销警, the officer's list, the escalation policy."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.errors import found
from libs.openapi import READ, WRITE
from libs.pagination import PageParams, page, page_params
from libs.repository import CommandContext
from services.alerting.api import models as m
from services.alerting.application import commands as c
from services.alerting.application import handlers as h
from services.alerting.domain.codes import Level, Stage, State
from services.alerting.domain.writers import OFFICERS, POLICY_WRITERS, READERS
from services.alerting.projections.queries import AlertFilter

scoped = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
TAG = "逐级提醒"
reader = acting(*READERS)


async def alerting(request: Request) -> h.Alerting:
    return request.app.state.alerting


async def answer(deps: h.Alerting, enterprise_id: str, alert_id: str):
    return found(await deps.queries.alert(enterprise_id, alert_id), "提醒", "alert_id")


@scoped.get("/inbox", tags=[TAG], summary="我的提醒 (收件箱)", response_model=m.Inbox, responses=READ,
            description="当前登录人被通知到的提醒, 最近通知的在前; unread 为全部未读条数。")
async def inbox(enterprise_id: str, unread: bool | None = Query(None, description="true: 只看未读"),
                state: State | None = Query(None, description="提醒状态"),
                stage: Stage | None = Query(None, description="临期或超期"),
                open: bool | None = Query(None, description="true: 只看未结束的"),  # noqa: A002 - the filter's name
                p: PageParams = Depends(page_params), ctx: CommandContext = reader,
                deps: h.Alerting = Depends(alerting)):
    items, total, unread_count = await deps.queries.inbox(enterprise_id, ctx.actor,
                                                          AlertFilter(state=state, stage=stage, open=open), unread, p)
    return {**page(items, total, p), "unread": unread_count}


@scoped.post("/inbox/{alert_id}/read", tags=[TAG], summary="标记已读", response_model=m.ReadMark, responses=WRITE)
async def mark_read(enterprise_id: str, alert_id: str, ctx: CommandContext = reader,
                    deps: h.Alerting = Depends(alerting)):
    await h.mark_read(enterprise_id, alert_id, deps, ctx)
    return {"alert_id": alert_id, "read": True}


@scoped.post("/alerts/{alert_id}/acknowledge", tags=[TAG], summary="处置提醒", response_model=m.Alert,
             responses=WRITE, description="被通知人、责任人或安全管理人员填写处置情况; 处置后不再向上一级提醒。")
async def acknowledge(enterprise_id: str, alert_id: str, cmd: c.Acknowledge, ctx: CommandContext = reader,
                      deps: h.Alerting = Depends(alerting)):
    await h.acknowledge(cmd.for_(enterprise_id, alert_id), deps, ctx)
    return await answer(deps, enterprise_id, alert_id)


@scoped.post("/alerts/{alert_id}/clear", tags=[TAG], summary="销警", response_model=m.Alert, responses=WRITE,
             description="已处置的提醒由有权人员销警, 须说明理由。")
async def clear(enterprise_id: str, alert_id: str, cmd: c.Clear, ctx: CommandContext = reader,
                deps: h.Alerting = Depends(alerting)):
    await h.clear(cmd.for_(enterprise_id, alert_id), deps, ctx)
    return await answer(deps, enterprise_id, alert_id)


@scoped.get("/alerts", tags=[TAG], summary="提醒台账", response_model=m.AlertPage, responses=READ)
async def alerts(enterprise_id: str, state: State | None = Query(None, description="提醒状态"),
                 level: Level | None = Query(None, description="最近通知的级别"),
                 stage: Stage | None = Query(None, description="临期或超期"),
                 cause_type: str | None = Query(None, max_length=64, description="提醒对象类型"),
                 cause_id: str | None = Query(None, max_length=64, description="提醒对象 (排查任务或隐患)"),
                 urgent: bool | None = Query(None, description="true: 只看紧急的"),
                 open: bool | None = Query(None, description="true: 只看未结束的"),  # noqa: A002
                 p: PageParams = Depends(page_params), _ctx: CommandContext = acting(*OFFICERS),
                 deps: h.Alerting = Depends(alerting)):
    f = AlertFilter(state, level, stage, cause_type, cause_id, urgent, open)
    items, total = await deps.queries.alerts(enterprise_id, f, p)
    return page(items, total, p)


@scoped.get("/escalation-policy", tags=[TAG], summary="逐级提醒规则", response_model=m.Policy, responses=READ)
async def get_policy(enterprise_id: str, deps: h.Alerting = Depends(alerting)):
    policy, set_by = await h.policy(enterprise_id, deps)
    return {**policy.model_dump(), "set_by": set_by}


@scoped.put("/escalation-policy", tags=[TAG], summary="设置逐级提醒规则", response_model=m.Policy, responses=WRITE,
            description="对此后产生的提醒生效; 已产生的提醒按产生时的规则计时。")
async def set_policy(enterprise_id: str, cmd: c.SetPolicy, ctx: CommandContext = acting(*POLICY_WRITERS),
                     deps: h.Alerting = Depends(alerting)):
    policy = await h.set_policy(cmd.for_(enterprise_id), deps, ctx)
    return {**policy.model_dump(), "set_by": ctx.actor}
