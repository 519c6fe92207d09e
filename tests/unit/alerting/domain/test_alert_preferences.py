"""A person's own preferences (pure, on the aggregate and the planner): quiet hours crossing midnight
hold a non-urgent e-mail to their end; a person with a digest gets three non-urgent alerts as one
message at the hour (one id per person, channel and day); urgent (超期 of a 重大 hazard) bypasses both."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from libs.clock import CHINA_TIME
from services.alerting.channels.domain.delivery import ChannelKind, Urgency
from services.alerting.channels.domain.digest import render_digest
from services.alerting.channels.domain.rendering import AlertKind, AlertNotice, Level
from services.alerting.domain.alert_preferences import (
    AlertPreferences,
    IntoDigest,
    InvalidPreferences,
    SendAt,
    delivery_plan,
    preferences_id,
)
from services.alerting.domain.outbound_events import QuietWindow
from services.alerting.domain.preference_events import AlertPreferencesSet

PERSON = "p-1"
EMAIL = ChannelKind.EMAIL


def beijing(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=CHINA_TIME).astimezone(UTC)


def prefs(quiet: tuple[str, str] | None = None, digest_at: str | None = None):
    p = AlertPreferences(preferences_id("e1", PERSON))
    p.set("e1", PERSON, QuietWindow(start=quiet[0], end=quiet[1]) if quiet else None, digest_at is not None,
          digest_at or "08:00")
    [event] = p.pending()
    assert isinstance(event, AlertPreferencesSet)
    return p.preferences()


@pytest.mark.parametrize(("now", "due"), [
    (beijing(4, 23, 30), beijing(5, 7)),  # the evening part: held to tomorrow 07:00
    (beijing(5, 3, 0), beijing(5, 7)),  # the morning part: to today's 07:00
    (beijing(5, 7, 0), beijing(5, 7)),  # its end is outside: sent
    (beijing(5, 12, 0), beijing(5, 12)),  # midday: sent
    (beijing(4, 22, 0), beijing(5, 7)),  # its start is inside
])
def test_quiet_hours_crossing_midnight_hold_a_normal_delivery_to_their_end(now, due):
    assert delivery_plan(prefs(("22:00", "07:00")), PERSON, now, EMAIL, Urgency.NORMAL, False) == SendAt(due)


def test_a_digest_collects_three_normal_alerts_into_one_message_at_the_hour():
    p = prefs(("22:00", "07:00"), digest_at="18:00")
    plans = [delivery_plan(p, PERSON, now, EMAIL, Urgency.NORMAL, False)
             for now in (beijing(5, 9), beijing(5, 13, 20), beijing(5, 17, 59))]
    assert all(isinstance(plan, IntoDigest) for plan in plans)
    assert {plan.at for plan in plans} == {beijing(5, 18)}  # one deadline
    assert len({plan.digest_id for plan in plans}) == 1  # one message
    notices = [AlertNotice(alert_id=f"a{i}", kind=AlertKind.TASK_OVERDUE, level=Level.ASSIGNEE, cause=f"巡检{i}",
                           deadline=beijing(5, 8 + i), link_path=f"/alerts/a{i}") for i in range(3)]
    message = render_digest(PERSON, EMAIL, "p1@plant.example", notices, beijing(5, 18))
    assert message.delivery_id == plans[0].digest_id
    assert "共3条" in message.subject and message.text.count("/alerts/a") == 3
    # after the hour, the next day's digest: another id
    later = delivery_plan(p, PERSON, beijing(5, 18, 1), EMAIL, Urgency.NORMAL, False)
    assert isinstance(later, IntoDigest) and later.at == beijing(6, 18) and later.digest_id != plans[0].digest_id


@pytest.mark.parametrize(("urgency", "major_overdue"), [(Urgency.URGENT, False), (Urgency.NORMAL, True)])
def test_urgent_bypasses_quiet_hours_and_the_digest(urgency, major_overdue):
    p = prefs(("22:00", "07:00"), digest_at="08:00")
    now = beijing(4, 23, 30)
    assert delivery_plan(p, PERSON, now, EMAIL, urgency, major_overdue) == SendAt(now)


def test_a_webhook_is_a_system_and_no_person_without_preferences_waits():
    p = prefs(("22:00", "07:00"), digest_at="08:00")
    now = beijing(4, 23, 30)
    assert delivery_plan(p, PERSON, now, ChannelKind.WEBHOOK, Urgency.NORMAL, False) == SendAt(now)
    assert delivery_plan(AlertPreferences("e1.p-2").preferences(), "p-2", now, EMAIL, Urgency.NORMAL,
                         False) == SendAt(now)


def test_quiet_hours_that_start_where_they_end_are_refused_naming_the_field():
    with pytest.raises(InvalidPreferences) as refused:
        prefs(("22:00", "22:00"))
    assert refused.value.field == "quiet_hours.end"


def test_the_preferences_are_what_the_event_says():
    p = AlertPreferences(preferences_id("e1", PERSON))
    p.set("e1", PERSON, None, True, "19:30")
    assert (p.quiet_window, p.digest, p.digest_at, p.person_id) == (None, True, "19:30", PERSON)
    assert delivery_plan(p.preferences(), PERSON, beijing(5, 20), EMAIL, Urgency.NORMAL, False).at \
        == beijing(6, 19, 30)
