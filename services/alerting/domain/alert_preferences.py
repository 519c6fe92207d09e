"""A person's reminder preferences as a stream of their own (`alertprefs-<eid>.<person>`): read by
loading it, replaced as a whole by the person. What they mean for one delivery is `delivery_plan`
(pure): now, held to the end of quiet hours, or into the day's digest — never either for an urgent
alert (超期 of a 重大 hazard), which goes now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from libs.aggregate import Aggregate
from libs.clock import CHINA_TIME
from libs.errors import AppError
from services.alerting.channels.domain.delivery import ChannelKind, Urgency
from services.alerting.channels.domain.digest import DigestPolicy, digest_id, goes_to_digest, next_digest_at
from services.alerting.channels.domain.quiet_hours import QuietHours, exempt, send_at
from services.alerting.domain.outbound_events import QuietWindow
from services.alerting.domain.preference_events import AlertPreferencesSet


class InvalidPreferences(AppError):
    status, code = 422, "invalid_input"


def preferences_id(enterprise_id: str, person_id: str) -> str:
    return f"{enterprise_id}.{person_id}"


@dataclass(frozen=True)
class Preferences:
    quiet: QuietHours | None = None
    digest: DigestPolicy | None = None  # None: one message per alert


class AlertPreferences(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = ""
        self.person_id = ""
        self.quiet_window: QuietWindow | None = None
        self.digest = False
        self.digest_at = "08:00"

    def set(self, enterprise_id: str, person_id: str, quiet: QuietWindow | None, digest: bool,
            digest_at: str) -> None:
        if quiet is not None and quiet.start == quiet.end:
            raise InvalidPreferences("免打扰时段的开始与结束不能相同", field="quiet_hours.end")
        self._record(AlertPreferencesSet(enterprise_id=enterprise_id, person_id=person_id, quiet_hours=quiet,
                                         digest=digest, digest_at=digest_at))

    def when_AlertPreferencesSet(self, ev: AlertPreferencesSet) -> None:  # noqa: N802
        self.enterprise_id, self.person_id = ev.enterprise_id, ev.person_id
        self.quiet_window, self.digest, self.digest_at = ev.quiet_hours, ev.digest, ev.digest_at

    def preferences(self) -> Preferences:
        quiet = self.quiet_window
        return Preferences(
            QuietHours(time.fromisoformat(quiet.start), time.fromisoformat(quiet.end)) if quiet else None,
            DigestPolicy(time.fromisoformat(self.digest_at)) if self.digest else None)


@dataclass(frozen=True)
class SendAt:
    at: datetime  # now, or the end of the quiet window


@dataclass(frozen=True)
class IntoDigest:
    at: datetime  # the next digest hour: one deadline per person, channel and day
    digest_id: str


def delivery_plan(prefs: Preferences, person: str, now: datetime, channel: ChannelKind, urgency: Urgency,
                  major_hazard_overdue: bool) -> SendAt | IntoDigest:
    """When and how one delivery to `person` goes. The digest is checked first: a digested alert
    waits for the digest hour whatever the quiet hours (the person chose that hour)."""
    if exempt(channel, urgency, major_hazard_overdue):
        return SendAt(now)
    if prefs.digest is not None and goes_to_digest(True, urgency):
        at = next_digest_at(prefs.digest, now)
        return IntoDigest(at, digest_id(person, channel, at.astimezone(CHINA_TIME).date()))
    return SendAt(send_at(now, prefs.quiet, channel, urgency, major_hazard_overdue))
