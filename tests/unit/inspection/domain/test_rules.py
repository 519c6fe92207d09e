"""临期 and the checks on a task's fields: each refusal names the field, in Chinese."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest

from libs.aggregate import DomainError
from services.inspection.domain.codes import CheckCycleUnit, WorkDayType, WorkType
from services.inspection.domain.cycles import SHANGHAI, TaskCycle
from services.inspection.domain.rules import (
    ImminencePolicy,
    checked_content,
    checked_cycle,
    checked_duty,
    checked_work_day_type,
    checked_work_time,
    imminent_at,
)

START = datetime(2025, 3, 1, 8, tzinfo=SHANGHAI)


def test_a_day_long_window_is_imminent_for_its_last_fifth():
    assert imminent_at(START, START + timedelta(days=1)) == START + timedelta(hours=19, minutes=12)


def test_a_short_window_is_imminent_at_least_an_hour_before_it_closes():
    assert imminent_at(START, START + timedelta(hours=2)) == START + timedelta(hours=1)


def test_a_window_shorter_than_the_lead_is_imminent_from_its_start():
    assert imminent_at(START, START + timedelta(minutes=30)) == START


def test_the_fraction_and_the_least_lead_are_configurable():
    policy = ImminencePolicy(fraction=Decimal("0.5"), at_least=timedelta(minutes=10))
    assert imminent_at(START, START + timedelta(hours=10), policy) == START + timedelta(hours=5)
    assert imminent_at(START, START + timedelta(minutes=15), policy) == START + timedelta(minutes=5)


@pytest.mark.parametrize(("fraction", "at_least", "field"), [
    (Decimal(0), timedelta(hours=1), "imminent_fraction"), (Decimal(1), timedelta(hours=1), "imminent_fraction"),
    (Decimal("0.2"), timedelta(minutes=-1), "imminent_at_least")])
def test_a_policy_out_of_range_is_refused(fraction, at_least, field):
    with pytest.raises(DomainError) as refused:
        ImminencePolicy(fraction, at_least)
    assert refused.value.field == field


@pytest.mark.parametrize(("value", "expected"), [(1, Decimal(1)), ("1.5", Decimal("1.5")), (0.25, Decimal("0.25")),
                                                 (Decimal("99.99"), Decimal("99.99"))])
def test_a_cycle_may_have_two_decimals(value, expected):
    assert checked_cycle(value, CheckCycleUnit.DAY) == expected


@pytest.mark.parametrize("value", [0, -1, "0.00", "abc", None, True, float("nan"), float("inf"), "1.005", 100])
def test_a_cycle_must_be_a_positive_decimal_4_2(value):
    with pytest.raises(DomainError) as refused:
        checked_cycle(value, CheckCycleUnit.DAY)
    assert refused.value.field == "check_cycle"


def test_month_cycles_are_whole_months():
    assert checked_cycle("0.25", CheckCycleUnit.YEAR) == Decimal("0.25")  # a quarter
    with pytest.raises(DomainError, match="整月") as refused:
        checked_cycle("0.5", CheckCycleUnit.MONTH)
    assert refused.value.field == "check_cycle"
    with pytest.raises(DomainError):
        checked_cycle("0.1", CheckCycleUnit.YEAR)


def test_hourly_cycles_are_at_most_a_day():
    assert checked_cycle(24, CheckCycleUnit.HOUR) == Decimal(24)
    with pytest.raises(DomainError, match="按天") as refused:
        checked_cycle("24.5", CheckCycleUnit.HOUR)
    assert refused.value.field == "check_cycle"


def test_hourly_cycles_need_the_work_times():
    for field in ("work_start_time", "work_end_time"):
        with pytest.raises(DomainError, match="按小时") as refused:
            checked_work_time(None, field, CheckCycleUnit.HOUR)
        assert refused.value.field == field
    assert checked_work_time(None, "work_start_time", CheckCycleUnit.DAY) is None


@pytest.mark.parametrize(("value", "expected"), [("8:00:00", time(8)), ("08:30", time(8, 30)),
                                                 ("23:59:59", time(23, 59, 59)), (time(6), time(6))])
def test_work_times_are_read_as_h_mm_ss(value, expected):
    assert checked_work_time(value, "work_end_time", CheckCycleUnit.HOUR) == expected


@pytest.mark.parametrize("value", ["24:00:00", "8:60:00", "8点", 800])
def test_bad_work_times_are_refused(value):
    with pytest.raises(DomainError) as refused:
        checked_work_time(value, "work_end_time", CheckCycleUnit.HOUR)
    assert refused.value.field == "work_end_time"


def test_work_day_type_codes():
    assert checked_work_day_type("1") is WorkDayType.WORKING_DAYS
    with pytest.raises(DomainError, match="0（每天）") as refused:
        checked_work_day_type(3)  # one app's 每天; mapped by its adapter, not taken here
    assert refused.value.field == "work_day_type"


@pytest.mark.parametrize(("work_type", "task_num"), [(1, 1), (1, 9), (2, 9), (3, 10), ("3", 1)])
def test_guardian_tasks_name_an_item_of_their_list(work_type, task_num):
    assert checked_duty(work_type, task_num) == (WorkType(int(work_type)), task_num)


@pytest.mark.parametrize(("work_type", "task_num", "field"), [
    (1, 10, "task_num"), (2, 10, "task_num"), (3, 11, "task_num"), (3, 0, "task_num"), (1, None, "task_num"),
    (1, "2", "task_num"), (0, 1, "task_num"), (4, 1, "work_type"), (None, None, "work_type")])
def test_guardian_task_numbers_out_of_range_are_refused(work_type, task_num, field):
    with pytest.raises(DomainError) as refused:
        checked_duty(work_type, task_num)
    assert refused.value.field == field


def test_a_routine_task_names_no_item():
    assert checked_duty(0, None) == (WorkType.ROUTINE, None)


def test_the_content_is_required_and_at_most_1000_characters():
    assert checked_content("  检查储罐液位计  ") == "检查储罐液位计"
    for bad in ("", "\u3000", "字" * 1001, None):
        with pytest.raises(DomainError) as refused:
            checked_content(bad)
        assert refused.value.field == "troubleshoot_content"


@pytest.mark.parametrize(("fields", "field"), [
    ({"check_cycle_unit": "周"}, "check_cycle_unit"),
    ({"check_cycle": 0}, "check_cycle"),
    ({"task_start_time": "2025-03-01"}, "task_start_time"),
    ({"work_day_type": 9}, "work_day_type"),
    ({"check_cycle_unit": "小时"}, "work_start_time"),
    ({"check_cycle_unit": "小时", "work_start_time": "8:00:00"}, "work_end_time"),
])
def test_a_cycle_from_bad_fields_is_refused_naming_the_field(fields, field):
    given = {"check_cycle": 1, "check_cycle_unit": "天", "task_start_time": START, **fields}
    with pytest.raises(DomainError) as refused:
        TaskCycle.of(**given)
    assert refused.value.field == field


def test_a_cycle_built_directly_is_held_to_the_same_rules():
    with pytest.raises(DomainError) as refused:
        TaskCycle(Decimal(1), CheckCycleUnit.HOUR, START)
    assert refused.value.field == "work_start_time"
