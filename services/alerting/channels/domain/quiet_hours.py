"""Quiet hours: a person's non-urgent pushes wait until the quiet window ends.

Never for an urgent delivery, never for 超期 of a 重大 hazard (checked here again, whatever the
urgency the caller chose), and never for a webhook: an integrator's system does not sleep, and
the in-app inbox is not a push. Windows are in Beijing time and may cross midnight."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from libs.clock import CHINA_TIME

from .delivery import ChannelKind, Urgency


@dataclass(frozen=True)
class QuietHours:
    start: time  # inclusive, Beijing time
    end: time  # exclusive; earlier than start means the window crosses midnight

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError("quiet hours need a start different from their end")


def _window_end(quiet: QuietHours, at: datetime) -> datetime | None:
    local = at.astimezone(CHINA_TIME)
    clock = local.time().replace(tzinfo=None)
    day = local.date()
    if quiet.start < quiet.end:
        if quiet.start <= clock < quiet.end:
            return datetime.combine(day, quiet.end, CHINA_TIME)
        return None
    if clock >= quiet.start:  # the evening part: ends tomorrow
        return datetime.combine(day + timedelta(days=1), quiet.end, CHINA_TIME)
    if clock < quiet.end:  # the morning part: ends today
        return datetime.combine(day, quiet.end, CHINA_TIME)
    return None


def exempt(channel: ChannelKind, urgency: Urgency, major_hazard_overdue: bool) -> bool:
    return channel is ChannelKind.WEBHOOK or urgency is Urgency.URGENT or major_hazard_overdue


def send_at(at: datetime, quiet: QuietHours | None, channel: ChannelKind, urgency: Urgency,
            major_hazard_overdue: bool) -> datetime:
    """When a delivery due `at` may go out: `at` itself, or the end of the quiet window."""
    if quiet is None or exempt(channel, urgency, major_hazard_overdue):
        return at
    end = _window_end(quiet, at)
    return at if end is None else end.astimezone(at.tzinfo)
