"""Events of an alert (and of an enterprise's escalation policy). Every step is an event, so who was
told what, and when, is provable: each notification attempt is one (channel, recipient, digest of
the content, outcome, attempt number)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from libs.events import DomainEvent, EventRegistry
from services.alerting.domain.codes import Level, Stage
from services.alerting.domain.policy import EscalationPolicy

P = "shuangkong.alerting."


class Step(BaseModel):
    """One rung as the alert was raised with it: its level and when it falls due."""

    model_config = ConfigDict(frozen=True)
    level: Level
    due_at: datetime


class Cause(BaseModel):
    """What the alert is about, as the source's event said it."""

    model_config = ConfigDict(frozen=True)
    cause_type: str  # occurrence, hazard, or a configured source's
    cause_id: str
    title: str | None = None  # what the source calls it, for the message
    person_ids: list[str] = []  # the assignees: an occurrence's people, a hazard's liable person
    post_ids: list[str] = []
    department_id: str | None = None  # a hazard's answerable department


class AlertFact(DomainEvent):
    """What every alert event carries (no TYPE: not an event itself)."""

    alert_id: str
    enterprise_id: str


class AlertRaised(AlertFact):
    """提醒产生: the cause is 临期 or 超期; the ladder's due times are fixed here, from the original deadline."""

    TYPE = P + "AlertRaised"
    source_type: str  # the event type that raised it
    source_event_id: str
    cause: Cause
    stage: Stage
    deadline: datetime  # the cause's original deadline
    urgent: bool  # 超期 of a 重大 hazard: never quiet
    ladder: list[Step]
    at: datetime


class AlertEscalated(AlertFact):
    """逐级提醒: a rung fell due and these people were chosen for it. `reached` is the level whose
    people they are: a rung with nobody (a post under no team) goes up to the next that has someone."""

    TYPE = P + "AlertEscalated"
    step: int
    level: Level
    reached: Level | None  # None: nobody at or above the level (recorded, so the gap is visible)
    recipient_ids: list[str]
    at: datetime


class NotificationAttempted(AlertFact):
    """One attempt to tell one person on one channel."""

    TYPE = P + "NotificationAttempted"
    step: int
    channel: str  # inbox (this slice's only channel)
    recipient_id: str
    digest: str  # sha256 of the content sent
    outcome: str  # delivered, failed
    attempt: int
    at: datetime


class AlertReassigned(AlertFact):
    """The cause changed hands (a 包保 occurrence handed over): the assignees now."""

    TYPE = P + "AlertReassigned"
    person_ids: list[str]
    at: datetime


class AlertRead(AlertFact):
    """A person opened it in their inbox."""

    TYPE = P + "AlertRead"
    person_id: str
    at: datetime


class AlertAcknowledged(AlertFact):
    """处置: someone said what was done; no further rung is told."""

    TYPE = P + "AlertAcknowledged"
    by: str
    note: str
    at: datetime


class AlertCleared(AlertFact):
    """销警 by an entitled person, with the reason."""

    TYPE = P + "AlertCleared"
    by: str
    reason: str
    at: datetime


class AlertResolved(AlertFact):
    """自动解除: the cause is done (completed, accepted, voided, its deadline extended)."""

    TYPE = P + "AlertResolved"
    because: str  # the event type that resolved it
    source_event_id: str
    at: datetime


class EscalationPolicySet(DomainEvent):
    """An enterprise's escalation policy, for alerts raised from now on."""

    TYPE = P + "EscalationPolicySet"
    enterprise_id: str
    policy: EscalationPolicy
    set_by: str


ALERT_EVENTS: list[type[DomainEvent]] = [AlertRaised, AlertEscalated, NotificationAttempted, AlertReassigned,
                                         AlertRead, AlertAcknowledged, AlertCleared, AlertResolved]
from services.alerting.domain.outbound_events import OUTBOUND_EVENTS  # noqa: E402 - they share the registry
from services.alerting.domain.preference_events import PREFERENCE_EVENTS  # noqa: E402 - they share the registry
from services.alerting.domain.self_check import SELF_CHECK_EVENTS  # noqa: E402 - they share the registry

registry = EventRegistry().register_all([*ALERT_EVENTS, EscalationPolicySet, *OUTBOUND_EVENTS, *SELF_CHECK_EVENTS,
                                         *PREFERENCE_EVENTS])
