"""A report's period (libs/periods.py): whole Beijing days, both ends included, a week up to today
by default, at most 366 days, a refusal naming the query parameter; the days and the ISO weeks
(Monday first) it touches."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from libs.aggregate import DomainError
from libs.clock import CHINA_TIME
from libs.periods import Period, week_of

TODAY = date(2026, 12, 3)  # a Thursday


def test_without_days_it_is_the_week_up_to_today():
    assert Period.of(None, None, TODAY) == Period(date(2026, 11, 27), TODAY)


def test_without_a_first_day_it_is_the_week_ending_on_the_last():
    assert Period.of(None, date(2026, 11, 10), TODAY) == Period(date(2026, 11, 4), date(2026, 11, 10))


def test_one_day_is_a_period():
    assert Period.of(TODAY, TODAY, TODAY).days() == [TODAY]


def test_a_last_day_before_the_first_is_refused_naming_to():
    with pytest.raises(DomainError) as refused:
        Period.of(TODAY, TODAY - timedelta(days=1), TODAY)
    assert refused.value.field == "to"


def test_more_than_366_days_is_refused_naming_from():
    assert len(Period.of(date(2024, 1, 1), date(2024, 12, 31), TODAY).days()) == 366  # a leap year passes
    with pytest.raises(DomainError) as refused:
        Period.of(date(2025, 1, 1), date(2026, 1, 2), TODAY)
    assert refused.value.field == "from"


def test_it_runs_from_the_first_midnight_to_the_one_after_the_last_day_in_beijing():
    period = Period(date(2026, 12, 1), date(2026, 12, 2))
    assert (period.start, period.end) == (datetime(2026, 12, 1, tzinfo=CHINA_TIME),
                                          datetime(2026, 12, 3, tzinfo=CHINA_TIME))
    assert period.start.isoformat() == "2026-12-01T00:00:00+08:00"


def test_weeks_are_the_mondays_of_the_weeks_it_touches():
    assert week_of(TODAY) == date(2026, 11, 30)
    assert week_of(date(2026, 11, 30)) == date(2026, 11, 30)
    period = Period(date(2026, 11, 29), date(2026, 12, 8))  # a Sunday to the Tuesday a week later
    assert period.weeks() == [date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 7)]
    assert len(period.days()) == 10


def test_a_refusal_names_the_parameters_a_route_calls_its_days():
    with pytest.raises(DomainError) as refused:
        Period.of(TODAY, TODAY - timedelta(days=1), TODAY, first_field="since", last_field="until")
    assert refused.value.field == "until"
