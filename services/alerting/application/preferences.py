"""The signed-in person's own reminder preferences: read (defaults when never set) and replaced."""

from __future__ import annotations

from pydantic import BaseModel, Field

from libs.commands import Command
from libs.eventstore.port import EventStore
from libs.repository import CommandContext, Repository
from services.alerting.domain.alert_preferences import AlertPreferences, preferences_id
from services.alerting.domain.events import registry
from services.alerting.domain.outbound_events import QuietWindow

HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"
STREAM = "alertprefs"  # part of every stored stream id: never renamed


class QuietHoursBody(BaseModel):
    start: str = Field(..., pattern=HHMM, description="开始 (北京时间 HH:MM)")
    end: str = Field(..., pattern=HHMM, description="结束 (北京时间 HH:MM), 可跨零点, 如 22:00–07:00")


class SetPreferences(Command):
    """免打扰时段与每日汇总, 只对非紧急提醒生效 (重大隐患超期不受限制)。"""

    quiet_hours: QuietHoursBody | None = Field(None, description="免打扰时段; 不填: 不设")
    digest: bool = Field(False, description="非紧急提醒每天汇总为一条")
    digest_at: str = Field("08:00", pattern=HHMM, description="每日汇总的发送时间 (北京时间 HH:MM)")


def repository(store: EventStore) -> Repository[AlertPreferences]:
    return Repository(store, registry, AlertPreferences, STREAM, "alerting")


async def preferences(store: EventStore, enterprise_id: str, person_id: str) -> AlertPreferences:
    pid = preferences_id(enterprise_id, person_id)
    return await repository(store).find(pid) or AlertPreferences(pid)


async def set_preferences(store: EventStore, enterprise_id: str, cmd: SetPreferences,
                          ctx: CommandContext) -> AlertPreferences:
    repo = repository(store)
    pid = preferences_id(enterprise_id, ctx.actor)
    prefs = await repo.find(pid) or AlertPreferences(pid)
    quiet = QuietWindow(start=cmd.quiet_hours.start, end=cmd.quiet_hours.end) if cmd.quiet_hours else None
    prefs.set(enterprise_id, ctx.actor, quiet, cmd.digest, cmd.digest_at)
    await repo.save(prefs, ctx)
    return prefs
