"""Quiet hours hold back a person's non-urgent pushes, never 超期 of a 重大 hazard."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from libs.clock import CHINA_TIME
from services.alerting.channels.domain.delivery import ChannelKind, Urgency
from services.alerting.channels.domain.quiet_hours import QuietHours, send_at

NIGHT = QuietHours(time(22, 0), time(7, 0))
LUNCH = QuietHours(time(12, 0), time(13, 30))


def _bj(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=CHINA_TIME)


@pytest.mark.parametrize(("at", "expected"), [
    (_bj(3, 21, 59), _bj(3, 21, 59)),  # before the window
    (_bj(3, 22, 0), _bj(4, 7, 0)),  # its start is inside
    (_bj(3, 23, 30), _bj(4, 7, 0)),  # the evening part ends tomorrow
    (_bj(4, 3, 0), _bj(4, 7, 0)),  # the morning part ends today
    (_bj(4, 7, 0), _bj(4, 7, 0)),  # its end is outside
])
def test_a_window_across_midnight(at, expected):
    assert send_at(at, NIGHT, ChannelKind.EMAIL, Urgency.NORMAL, major_hazard_overdue=False) == expected


def test_a_window_within_a_day():
    assert send_at(_bj(3, 12, 15), LUNCH, ChannelKind.DINGTALK, Urgency.NORMAL, False) == _bj(3, 13, 30)
    assert send_at(_bj(3, 13, 30), LUNCH, ChannelKind.DINGTALK, Urgency.NORMAL, False) == _bj(3, 13, 30)


def test_the_answer_keeps_the_callers_time_zone():
    at = _bj(3, 23, 0).astimezone(datetime.now().astimezone().tzinfo)
    result = send_at(at, NIGHT, ChannelKind.EMAIL, Urgency.NORMAL, False)
    assert result == _bj(4, 7, 0) and result.tzinfo == at.tzinfo


def test_never_for_an_overdue_major_hazard_an_urgent_delivery_or_a_webhook():
    at = _bj(3, 23, 30)
    assert send_at(at, NIGHT, ChannelKind.EMAIL, Urgency.NORMAL, major_hazard_overdue=True) == at
    assert send_at(at, NIGHT, ChannelKind.WECOM, Urgency.URGENT, major_hazard_overdue=False) == at
    assert send_at(at, NIGHT, ChannelKind.WEBHOOK, Urgency.NORMAL, major_hazard_overdue=False) == at
    assert send_at(at, None, ChannelKind.EMAIL, Urgency.NORMAL, major_hazard_overdue=False) == at


def test_an_empty_window_is_refused():
    with pytest.raises(ValueError):
        QuietHours(time(7, 0), time(7, 0))
