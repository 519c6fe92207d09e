"""临期 and 超期未整改: when they fall, and that each is recorded once per deadline, only while owed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from libs.aggregate import DomainError
from libs.clock import CHINA_TIME
from services.hazard.domain.duties import Entitlements
from services.hazard.domain.rectification_clock import ImminencePolicy, overdue_at
from tests.unit.hazard.domain.builders import FIXED, NOW, OFFICER, PRINCIPAL, RECTIFIER, graded, types

POLICY = ImminencePolicy()


def test_overdue_from_midnight_in_beijing_after_the_deadline_day():
    assert overdue_at(date(2026, 12, 31)) == datetime(2027, 1, 1, tzinfo=CHINA_TIME)
    assert overdue_at(date(2028, 2, 28)) == datetime(2028, 2, 29, tzinfo=CHINA_TIME)


def test_imminent_for_the_last_fifth_but_at_least_a_day():
    started = datetime(2026, 12, 1, tzinfo=CHINA_TIME)
    assert POLICY.imminent_at(started, date(2026, 12, 10)) == datetime(2026, 12, 9, tzinfo=CHINA_TIME)  # 2 days of 10
    assert POLICY.imminent_at(started, date(2026, 12, 2)) == datetime(2026, 12, 2, tzinfo=CHINA_TIME)  # a day of 2
    assert POLICY.imminent_at(started, date(2026, 12, 1)) == started  # never before grading


def test_a_deadline_already_past_is_imminent_and_overdue_at_once():
    started = datetime(2026, 12, 5, tzinfo=CHINA_TIME)
    assert POLICY.imminent_at(started, date(2026, 12, 1)) == overdue_at(date(2026, 12, 1))


@pytest.mark.parametrize("fraction, at_least", [(Decimal(0), timedelta(0)), (Decimal(1), timedelta(0)),
                                                (Decimal("0.2"), timedelta(hours=-1))])
def test_a_policy_out_of_range_is_refused_naming_its_field(fraction, at_least):
    with pytest.raises(DomainError) as refused:
        ImminencePolicy(fraction, at_least)
    assert refused.value.field in ("imminent_fraction", "imminent_at_least")


def test_each_clock_event_once_per_deadline():
    hazard = graded(deadline=date(2026, 12, 10))
    at = datetime(2026, 12, 10, tzinfo=UTC)
    hazard.become_imminent(date(2026, 12, 10), at)
    hazard.become_imminent(date(2026, 12, 10), at)
    hazard.become_overdue(date(2026, 12, 10), at)
    hazard.become_overdue(date(2026, 12, 10), at)
    hazard.become_imminent(date(2026, 12, 10), at)  # late: overdue already says more
    assert types(hazard)[-2:] == ["RectificationImminent", "RectificationOverdue"]
    assert types(hazard).count("RectificationOverdue") == 1


def test_an_extended_deadline_may_pass_again_and_the_old_one_fires_nothing():
    hazard = graded(deadline=date(2026, 12, 10))
    hazard.become_overdue(date(2026, 12, 10), NOW)
    hazard.request_extension(RECTIFIER, "x-1", date(2026, 12, 20), "备件")
    hazard.decide_extension(PRINCIPAL, "x-1", True, None, Entitlements())
    hazard.become_overdue(date(2026, 12, 10), NOW)  # the old key's late firing
    assert types(hazard).count("RectificationOverdue") == 1
    hazard.become_overdue(date(2026, 12, 20), NOW)
    assert types(hazard).count("RectificationOverdue") == 2


def test_nothing_is_overdue_once_submitted_closed_or_voided():
    hazard = graded(deadline=date(2026, 12, 10))
    hazard.start(RECTIFIER)
    hazard.submit(RECTIFIER, FIXED, NOW)
    hazard.become_overdue(date(2026, 12, 10), NOW)
    assert "RectificationOverdue" not in types(hazard)
    hazard.reject(OFFICER, "不合格", Entitlements())  # owed again: the deadline still counts
    hazard.become_overdue(date(2026, 12, 10), NOW)
    assert types(hazard)[-1] == "RectificationOverdue"
    voided = graded()
    voided.void(OFFICER, "误报")
    voided.become_overdue(date(2026, 12, 31), NOW)
    assert types(voided)[-1] == "HazardVoided"
