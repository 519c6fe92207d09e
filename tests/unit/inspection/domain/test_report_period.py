"""The groups a rates report lists even when empty: every day, every ISO week (Monday first) the
period touches, every workType; no post (only those issued something)."""

from __future__ import annotations

from datetime import date

from libs.periods import Period
from services.inspection.domain.codes import WorkType
from services.inspection.domain.report_period import RatesBy, listed_groups


def test_a_period_lists_its_days_its_weeks_and_every_work_type():
    period = Period(date(2026, 11, 29), date(2026, 12, 8))  # a Sunday to the Tuesday a week later
    assert listed_groups(period, RatesBy.WEEK) == [date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 7)]
    assert listed_groups(period, RatesBy.DAY) == period.days() and len(period.days()) == 10
    assert listed_groups(period, RatesBy.ROLE) == list(WorkType)
    assert listed_groups(period, RatesBy.POST) == listed_groups(period, RatesBy.DEPARTMENT) == []
