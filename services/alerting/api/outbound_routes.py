"""HTTP for an enterprise's outbound channels: its channel book (admin; secrets write-only), the
deliveries and their dead letters (officers), a manual replay."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request

from libs.acting import acting
from libs.auth import Role, enterprise_scope
from libs.errors import found
from libs.openapi import READ, WRITE
from libs.pagination import PageParams, page, page_params
from libs.repository import CommandContext
from services.alerting.api import outbound_models as m
from services.alerting.application import channel_config as cc
from services.alerting.application.handlers import Alerting
from services.alerting.domain.channel_book import ChannelBook
from services.alerting.domain.writers import OFFICERS
from services.alerting.projections import queries as q

outbound = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
TAG = "提醒推送渠道"
DeliveryState = Literal["pending", "delivered", "dead", "withdrawn"]


async def alerting(request: Request) -> Alerting:
    return request.app.state.alerting


@outbound.get("/alert-channels", tags=[TAG], summary="推送渠道配置", response_model=m.ChannelBook, responses=READ,
              description="钉钉/企业微信群机器人、Webhook 订阅、邮件收件人与免打扰时段; "
                          "地址与密钥只显示是否已设置及末 4 位。")
async def get_channels(enterprise_id: str, _ctx: CommandContext = acting(*OFFICERS),
                       deps: Alerting = Depends(alerting)):
    book = await deps.outbound.books.find(enterprise_id) or ChannelBook(enterprise_id)
    return cc.shown(book)


@outbound.put("/alert-channels", tags=[TAG], summary="设置推送渠道", response_model=m.ChannelBook, responses=WRITE,
              description="整体替换; 某渠道不填 url 或 secret 时保留原值。地址与密钥加密保存, 不进入事件明文。")
async def put_channels(enterprise_id: str, cmd: cc.ConfigureChannels,
                       ctx: CommandContext = acting(Role.ENTERPRISE_ADMIN), deps: Alerting = Depends(alerting)):
    return cc.shown(await cc.configure(cmd.for_(enterprise_id), deps.outbound, ctx))


@outbound.get("/deliveries", tags=[TAG], summary="推送记录与死信", response_model=m.DeliveryPage, responses=READ,
              description="每条提醒每一级每个渠道一条; state=dead 为已放弃的 (死信), 可手动重发。")
async def deliveries(enterprise_id: str,
                     state: DeliveryState | None = Query(None, description="状态"),
                     alert_id: str | None = Query(None, max_length=64, description="提醒"),
                     channel: Literal["dingtalk", "wecom", "webhook", "email"] | None = Query(None, description="渠道"),
                     p: PageParams = Depends(page_params), _ctx: CommandContext = acting(*OFFICERS),
                     deps: Alerting = Depends(alerting)):
    items, total = await q.deliveries(deps.queries.pool, enterprise_id, q.DeliveryFilter(state, alert_id, channel), p)
    return page(items, total, p)


@outbound.post("/deliveries/{delivery_id}/replay", tags=[TAG], summary="手动重发", response_model=m.Replayed,
               responses=WRITE, description="再发送一次 (记为新的一次尝试); 正在发送或等待重试的不能重发。")
async def replay(enterprise_id: str, delivery_id: str, ctx: CommandContext = acting(*OFFICERS),
                 deps: Alerting = Depends(alerting)):
    dispatch = await deps.outbound.replay(deps.store, enterprise_id, delivery_id, ctx)
    row = found(await q.delivery(deps.queries.pool, enterprise_id, delivery_id), "消息", "delivery_id")
    return {"id": dispatch.id, "state": row["state"], "attempts": row["attempts"]}
