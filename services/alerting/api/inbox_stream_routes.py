"""`GET /enterprises/{eid}/inbox/stream`: the signed-in person's inbox as Server-Sent Events
(application/inbox_stream.py says how and what it costs)."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.openapi import errors
from libs.repository import CommandContext
from services.alerting.api import models as m
from services.alerting.application.inbox_stream import InboxCursor, inbox_stream
from services.alerting.domain.writers import READERS

live = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])

_EVENTS: dict[int | str, dict[str, Any]] = {200: {
    "description": "text/event-stream: `event: inbox`, `id:` 游标 (重连时作为 Last-Event-ID 发回), "
                   "`data:` JSON {items: 收件箱中新增或变化的提醒, unread: 未读条数}; 另有 `retry:` 与心跳注释",
    "content": {"text/event-stream": {"schema": {"type": "string"}}}}}


def _item(row: dict) -> dict:
    return m.InboxItem.model_validate(row).model_dump(mode="json", exclude={"cursor_tx", "cursor_position"})


@live.get("/inbox/stream", tags=["逐级提醒"], summary="我的提醒 (实时推送)", response_class=StreamingResponse,
          responses={**_EVENTS, **errors(401, 403, 404, 422)},
          description="Server-Sent Events: 连接时先发当前未读条数; 此后每有新提醒或已读变化即推送。"
                      "断线重连时带上 Last-Event-ID 只补发错过的内容。")
async def stream(enterprise_id: str, request: Request,
                 last_event_id: str | None = Header(None, alias="Last-Event-ID", max_length=64,
                                                    description="上次收到的事件编号"),
                 after: str | None = Query(None, max_length=64,
                                           description="同 Last-Event-ID (EventSource 首次连接无法设请求头时用)"),
                 ctx: CommandContext = acting(*READERS)):
    state = request.app.state
    cursor = (InboxCursor.parse(last_event_id) if last_event_id
              else InboxCursor.parse(after, "after") if after else None)
    body = inbox_stream(state.inbox_feed, enterprise_id, ctx.actor, cursor, state.inbox_stream_settings,
                        state.inbox_streams.pause, time.monotonic, _item)
    return StreamingResponse(body, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
