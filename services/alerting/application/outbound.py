"""Alerts out through the enterprise's channels (issue 14): when a rung is told, each configured
target for that level and stage gets ONE delivery (its own stream, its id the channels'
DeliveryKey), recorded as due and scheduled as a deadline in the escalation's unit of work —
held to the end of quiet hours when the alert is not urgent. The deadline's handler sends, OUTSIDE
the escalation's transaction, then records the attempt and, on a transient outcome, schedules the
retry at the policy's time, or the dead letter. Each delivery is its own deadline: a failing
channel blocks neither the ladder nor another channel. Rebuilding read models sends nothing: a
send is a deadline firing, never a projection's side effect (decisions: 62)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from libs.clock import Clock
from libs.deadlines import Deadline, DeadlineBook, DeadlineHandler
from libs.eventstore.port import EventStore
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork
from services.alerting.application.sealing import Sealer
from services.alerting.channels.domain.compose import compose
from services.alerting.channels.domain.delivery import ChannelKind, Outcome, OutcomeKind, Urgency
from services.alerting.channels.domain.once_per_level import DeliveryKey
from services.alerting.channels.domain.quiet_hours import send_at
from services.alerting.channels.domain.rendering import AlertKind, AlertNotice
from services.alerting.channels.domain.rendering import Level as Rung
from services.alerting.channels.domain.retry import RetryAt, RetryPolicy, after_attempt
from services.alerting.channels.port import Channel, Channels, OpenTarget
from services.alerting.domain.alert import Alert
from services.alerting.domain.channel_book import ChannelBook
from services.alerting.domain.codes import STATE_LABELS, Level, Stage, State, kind_label
from services.alerting.domain.dispatch import Dispatch
from services.alerting.domain.outbound_events import DeliveryDue, Target

SEND = "alert-delivery"
_KINDS = {("occurrence", Stage.IMMINENT): AlertKind.TASK_IMMINENT,
          ("occurrence", Stage.OVERDUE): AlertKind.TASK_OVERDUE,
          ("hazard", Stage.IMMINENT): AlertKind.HAZARD_IMMINENT, ("hazard", Stage.OVERDUE): AlertKind.HAZARD_OVERDUE}


# The channel that sends to one opened target (channels/wiring.py builds the real ones; a unit test
# hands back FakeChannels); None when that kind is not available (no SMTP relay configured).
Connector = Callable[[OpenTarget], Channel | None]


def rung(level: Level) -> Rung:
    return Rung(level.rank + 1)


def notice_of(alert: Alert, level: Level) -> AlertNotice:
    raised = alert.raised
    assert raised is not None
    cause = raised.cause
    kind = _KINDS.get((cause.cause_type, raised.stage))
    return AlertNotice(alert_id=alert.id, kind=kind, level=rung(level), cause=cause.title or cause.cause_id,
                       deadline=raised.deadline, link_path=f"/alerts/{alert.id}",
                       major_hazard=raised.urgent and cause.cause_type == "hazard",
                       kind_label=None if kind else kind_label(cause.cause_type, raised.stage),
                       overdue_kind=None if kind else raised.stage is Stage.OVERDUE)


def recipients(target: Target) -> list[tuple[str, str]]:
    """(recipient as the audit trail names it, target as the adapter resolves it)."""
    if target.channel == "email":
        return [(address, address) for address in target.addresses]
    prefix = "webhook" if target.channel == "webhook" else "group"
    return [(f"{prefix}:{target.name}", target.name)]


@dataclass
class Outbound:
    dispatches: Repository[Dispatch]
    books: Repository[ChannelBook]
    alerts: Repository[Alert]
    book: DeadlineBook
    clock: Clock
    connect: Connector
    sealer: Sealer
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    base_url: str = ""

    def key(self, delivery_id: str) -> str:
        return f"{self.dispatches.stream_id(delivery_id)}:{SEND}"

    async def plan(self, alert: Alert, level: Level, uow: UnitOfWork) -> None:
        """In the escalation's unit of work: one delivery per configured target of this level."""
        raised = alert.raised
        assert raised is not None
        channels = await self.books.find(raised.enterprise_id)
        if channels is None:
            return
        now = self.clock.now()
        quiet = channels.quiet_hours()
        urgency = Urgency.URGENT if raised.urgent else Urgency.NORMAL
        major_overdue = notice_of(alert, level).major_hazard_overdue
        for target in channels.targets_for(level, raised.stage, raised.cause.cause_type):
            kind = ChannelKind(target.channel)
            for recipient, address in recipients(target):
                delivery_id = DeliveryKey(alert.id, int(rung(level)), kind, recipient).delivery_id
                if await self.dispatches.find(delivery_id) is not None:
                    continue  # this level was told on this target: one message per alert and level
                at = send_at(now, quiet, kind, urgency, major_overdue)
                dispatch = Dispatch(delivery_id)
                dispatch.plan(DeliveryDue(delivery_id=delivery_id, alert_id=alert.id,
                                          enterprise_id=raised.enterprise_id, level=level, channel=kind.value,
                                          via=target.name, target=address, recipient=recipient,
                                          urgent=raised.urgent, send_at=at, at=now))
                uow.save(self.dispatches, dispatch)
                self._schedule(uow, delivery_id, at)

    def _schedule(self, uow: UnitOfWork, delivery_id: str, at: datetime) -> None:
        self.book.schedule(uow, self.key(delivery_id), at, SEND, stream_id=self.dispatches.stream_id(delivery_id),
                           data={"delivery_id": delivery_id})

    async def send(self, delivery_id: str, uow: UnitOfWork) -> None:
        """The deadline's work: send once, record the attempt and what follows it."""
        dispatch = await self.dispatches.find(delivery_id)
        if dispatch is None or not dispatch.open or dispatch.due is None:
            return
        due = dispatch.due
        alert = await self.alerts.find(due.alert_id)
        now = self.clock.now()
        if alert is None or alert.raised is None:
            return
        if dispatch.attempts == 0 and alert.state not in (State.RAISED, State.ESCALATED):
            # Held back (quiet hours) while somebody handled it: a reminder now would be noise.
            dispatch.withdraw(f"提醒{STATE_LABELS[alert.state]}，不再发送", now)
            uow.save(self.dispatches, dispatch)
            return
        outcome = await self._attempt(dispatch, alert, now)
        decision = after_attempt(self.policy, delivery_id, dispatch.attempts + 1, outcome, now)
        dispatch.attempted(outcome, decision, now)
        if isinstance(decision, RetryAt):  # at the policy's time, under the same key
            self._schedule(uow, delivery_id, decision.at)
        uow.save(self.dispatches, dispatch)

    async def _attempt(self, dispatch: Dispatch, alert: Alert, now: datetime) -> Outcome:
        due = dispatch.due
        assert due is not None
        channels = await self.books.find(due.enterprise_id)
        target = channels.target(due.via) if channels else None
        if target is None or target.channel != due.channel:
            return Outcome(OutcomeKind.PERMANENT, "target_removed", "该渠道已从配置中删除", "")
        try:
            opened = self._open(target)
        except LookupError:
            return Outcome(OutcomeKind.PERMANENT, "secret_unreadable", "渠道密钥无法解密 (加密密钥已更换?)", "")
        channel = self.connect(opened)
        delivery = compose(notice_of(alert, due.level), opened.channel, due.recipient, due.target, now, self.base_url,
                           dispatch.attempts + 1)
        return await Channels([channel] if channel else []).send(delivery)

    def _open(self, target: Target) -> OpenTarget:
        url = self.sealer.open(target.sealed_url) if target.sealed_url else None
        secret = self.sealer.open(target.sealed_secret) if target.sealed_secret else None
        return OpenTarget(target.name, ChannelKind(target.channel), url, secret, tuple(target.mentions))

    async def replay(self, store: EventStore, enterprise_id: str, delivery_id: str, ctx: CommandContext) -> Dispatch:
        dispatch = await self.dispatches.load(delivery_id, what="消息", enterprise_id=enterprise_id,
                                              field="delivery_id")
        dispatch.replay(ctx.actor, self.clock.now())
        uow = UnitOfWork(store, ctx)
        uow.save(self.dispatches, dispatch)
        self._schedule(uow, delivery_id, self.clock.now())
        await uow.commit()
        return dispatch

    def handlers(self) -> dict[str, DeadlineHandler]:
        async def on_due(deadline: Deadline, uow: UnitOfWork) -> None:
            await self.send(deadline.data["delivery_id"], uow)

        return {SEND: on_due}
