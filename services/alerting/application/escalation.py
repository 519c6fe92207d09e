"""The escalation clock: each alert's next rung as a deadline (libs/deadlines), keyed on the alert, due
when its ladder says (fixed at raise, from the original deadline). Firing tells every rung due by now
— one message per alert and level, never one per tick — and schedules the next. A rung whose level
has nobody goes up to the next level that has someone, and a rung whose level a lower rung already
reached tells nobody again (decisions: 58)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from libs.clock import Clock
from libs.deadlines import Deadline, DeadlineBook, DeadlineHandler
from libs.repository import Repository
from libs.unit_of_work import UnitOfWork
from services.alerting.application.ports import Directory
from services.alerting.domain.alert import Alert
from services.alerting.domain.codes import LADDER, Level

if TYPE_CHECKING:
    from services.alerting.application.outbound import Outbound

ESCALATE = "alert-escalation"


@dataclass
class Escalation:
    alerts: Repository[Alert]
    book: DeadlineBook
    clock: Clock
    directory: Directory
    outbound: Outbound | None = None  # the enterprise's channels beside the inbox (application/outbound.py)

    def key(self, alert: Alert) -> str:
        return f"{self.alerts.stream_id(alert.id)}:{ESCALATE}"

    async def advance(self, alert: Alert, uow: UnitOfWork) -> None:
        """Tell what is due, schedule the rest, save (the caller's unit of work commits)."""
        now = self.clock.now()
        while (due := alert.due_step(now)) is not None:
            step, level = due
            reached, people = await self.reach(alert, level)
            told = alert.escalate(step, reached, people, now)
            if told and self.outbound is not None and (people or reached is None):
                # Due as deadlines of their own in this unit of work; sent when those fire.
                await self.outbound.plan(alert, reached or level, uow)
        self.follow(alert, uow)
        uow.save(self.alerts, alert)

    def follow(self, alert: Alert, uow: UnitOfWork) -> None:
        stream = self.alerts.stream_id(alert.id)
        if (next_due := alert.next_due_at()) is not None:
            self.book.schedule(uow, self.key(alert), next_due, ESCALATE, stream_id=stream, data={"alert_id": alert.id})
        else:  # handled, closed or at the top: nothing more to fire
            self.book.cancel(uow, self.key(alert))

    async def reach(self, alert: Alert, level: Level) -> tuple[Level | None, list[str]]:
        assert alert.raised is not None
        if alert.last_reached is not None and alert.last_reached.rank >= level.rank:
            return alert.last_reached, []  # a lower rung already reached this level's people: not twice
        cause = alert.raised.cause.model_copy(update={"person_ids": alert.assignees})
        for rung in LADDER[level.rank:]:
            if people := await self.directory.people_at(alert.raised.enterprise_id, rung, cause):
                return rung, sorted(set(people))
        return None, []

    def handlers(self) -> dict[str, DeadlineHandler]:
        async def on_due(deadline: Deadline, uow: UnitOfWork) -> None:
            alert = await self.alerts.get(deadline.data["alert_id"], "提醒")
            if alert.due_step(self.clock.now()) is not None:
                await self.advance(alert, uow)

        return {ESCALATE: on_due, **(self.outbound.handlers() if self.outbound else {})}
