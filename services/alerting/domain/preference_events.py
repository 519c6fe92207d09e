"""A person's own reminder preferences (issue 14, "No reminder fatigue"): their quiet hours and
whether their non-urgent alerts come as one daily digest, and at what hour."""

from __future__ import annotations

from libs.events import DomainEvent
from services.alerting.domain.outbound_events import QuietWindow

P = "shuangkong.alerting."


class AlertPreferencesSet(DomainEvent):
    """Replaced as a whole by the person themself."""

    TYPE = P + "AlertPreferencesSet"
    enterprise_id: str
    person_id: str
    quiet_hours: QuietWindow | None = None  # Beijing HH:MM, may cross midnight; None: no quiet hours
    digest: bool = False  # non-urgent alerts as one message a day
    digest_at: str = "08:00"  # HH:MM Beijing time, when that message goes out


PREFERENCE_EVENTS: list[type[DomainEvent]] = [AlertPreferencesSet]
