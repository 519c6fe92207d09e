"""`GET/PUT /enterprises/{eid}/me/alert-preferences`: the signed-in person's quiet hours and daily
digest for non-urgent alerts (urgent ones, 超期 of a 重大 hazard, are never held or collected)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.openapi import READ, WRITE, Record
from libs.repository import CommandContext
from services.alerting.application import preferences as p
from services.alerting.domain.alert_preferences import AlertPreferences
from services.alerting.domain.writers import READERS

mine = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
reader = acting(*READERS)


class QuietHours(Record):
    start: str
    end: str


class Preferences(Record):
    person_id: str
    quiet_hours: QuietHours | None = Field(description="免打扰时段 (北京时间), 非紧急提醒推迟到结束时发送")
    digest: bool = Field(description="非紧急提醒每天汇总为一条")
    digest_at: str = Field(description="每日汇总的发送时间 (北京时间 HH:MM)")
    version: int = Field(description="0: 从未设置 (默认)")


def _answer(prefs: AlertPreferences, person_id: str) -> dict:
    quiet = prefs.quiet_window
    return {"person_id": person_id, "quiet_hours": quiet.model_dump() if quiet else None, "digest": prefs.digest,
            "digest_at": prefs.digest_at, "version": prefs.version}


@mine.get("/me/alert-preferences", tags=["逐级提醒"], summary="我的提醒偏好", response_model=Preferences,
          responses=READ)
async def get_preferences(enterprise_id: str, request: Request, ctx: CommandContext = reader):
    return _answer(await p.preferences(request.app.state.store, enterprise_id, ctx.actor), ctx.actor)


@mine.put("/me/alert-preferences", tags=["逐级提醒"], summary="设置我的提醒偏好", response_model=Preferences,
          responses=WRITE, description="整体替换; 只对非紧急提醒生效, 重大隐患超期提醒照常立即发送。")
async def put_preferences(enterprise_id: str, cmd: p.SetPreferences, request: Request,
                          ctx: CommandContext = reader):
    prefs = await p.set_preferences(request.app.state.store, enterprise_id, cmd, ctx)
    return _answer(prefs, ctx.actor)
