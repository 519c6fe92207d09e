"""The handlers of alerting's commands: load, decide, save — the escalation clock told on the same
unit of work (a handled alert's next rung is cancelled)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from libs.clock import Clock
from libs.errors import Forbidden, NotFound
from libs.eventstore.port import EventStore
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork
from services.alerting.application import commands as c
from services.alerting.application.escalation import Escalation
from services.alerting.application.reactions import Sources
from services.alerting.domain.alert import Alert
from services.alerting.domain.policy import EscalationPolicy
from services.alerting.domain.policy_book import PolicyBook
from services.alerting.domain.writers import OFFICERS


@dataclass
class Alerting:
    store: EventStore
    alerts: Repository[Alert]
    policies: Repository[PolicyBook]
    escalation: Escalation
    sources: Sources
    clock: Clock
    clearers: frozenset[str]
    queries: Any = None  # projections/queries.SqlAlerts on PostgreSQL
    outbound: Any = None  # application/outbound.Outbound: the enterprise's channels and deliveries


async def _load(deps: Alerting, cmd: c.AggregateCommand) -> Alert:
    return await deps.alerts.load(cmd.id, what="提醒", enterprise_id=cmd.enterprise_id, field="alert_id")


async def _save(deps: Alerting, alert: Alert, ctx: CommandContext) -> None:
    uow = UnitOfWork(deps.store, ctx)
    deps.escalation.follow(alert, uow)
    uow.save(deps.alerts, alert)
    await uow.commit()


def _officer(ctx: CommandContext) -> bool:
    return bool(ctx.roles & {str(r) for r in OFFICERS})


async def acknowledge(cmd: c.Acknowledge, deps: Alerting, ctx: CommandContext) -> None:
    alert = await _load(deps, cmd)
    if not (alert.is_told(ctx.actor) or _officer(ctx)):
        raise Forbidden("只有被提醒人、责任人或安全管理人员可以处置这条提醒")
    alert.acknowledge(ctx.actor, cmd.note, deps.clock.now())
    await _save(deps, alert, ctx)


async def clear(cmd: c.Clear, deps: Alerting, ctx: CommandContext) -> None:
    alert = await _load(deps, cmd)
    if not ctx.roles & deps.clearers:
        raise Forbidden("您无权销警 (须为: " + "、".join(sorted(deps.clearers)) + ")")
    alert.clear(ctx.actor, cmd.reason, deps.clock.now())
    await _save(deps, alert, ctx)


async def mark_read(enterprise_id: str, alert_id: str, deps: Alerting, ctx: CommandContext) -> None:
    alert = await deps.alerts.load(alert_id, what="提醒", enterprise_id=enterprise_id, field="alert_id")
    if ctx.actor not in alert.recipients:
        raise NotFound(f"收件箱中没有这条提醒: {alert_id}", field="alert_id")
    if alert.read(ctx.actor, deps.clock.now()):
        await deps.alerts.save(alert, ctx)


async def set_policy(cmd: c.SetPolicy, deps: Alerting, ctx: CommandContext) -> EscalationPolicy:
    book = await deps.policies.find(cmd.enterprise_id) or PolicyBook(cmd.enterprise_id)
    book.set(EscalationPolicy(imminent=cmd.imminent, overdue=cmd.overdue), ctx.actor)
    await deps.policies.save(book, ctx)
    return book.policy


async def policy(enterprise_id: str, deps: Alerting) -> tuple[EscalationPolicy, str | None]:
    book = await deps.policies.find(enterprise_id) or PolicyBook(enterprise_id)
    return book.policy, book.set_by
