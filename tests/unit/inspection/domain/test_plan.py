"""Drawing up and revising a plan (排查计划): its kind, title, period, cycle and the posts it sends,
each refused by name when wrong; and the plan loaded from its events is the plan that recorded them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from libs.aggregate import DomainError
from services.inspection.domain import plan_events as ev
from services.inspection.domain.codes import CheckCycleUnit, PlanKind
from services.inspection.domain.cycles import TaskCycle
from services.inspection.domain.plan import Plan
from services.inspection.domain.plan_state import PlanState
from services.inspection.domain.plan_values import PlanAssignment
from tests.unit.inspection.domain.plan_builders import (
    CALENDAR,
    ENTERPRISE,
    at,
    daily,
    draft,
    header,
    posts,
    recorded,
    row,
)


def draw_up(**fields) -> Plan:
    return Plan.draw_up("plan-1", ENTERPRISE, items=[row()], **header(**fields))


def refused_field(**fields) -> str | None:
    with pytest.raises(DomainError) as refused:
        draw_up(**fields)
    return refused.value.field


def test_a_plan_is_drawn_up_as_a_draft_with_its_checklist():
    plan = draw_up(kind=PlanKind.SEASONAL, title=" 夏季 防汛检查 ")
    [drawn] = plan.pending()
    assert isinstance(drawn, ev.PlanDrawnUp)
    assert (drawn.plan_id, drawn.enterprise_id, drawn.kind, drawn.title) == ("plan-1", ENTERPRISE, 4, "夏季 防汛检查")
    assert (drawn.period_start, drawn.period_end) == (date(2025, 3, 1), date(2025, 12, 31))
    assert drawn.cycle.check_cycle == Decimal(1) and drawn.cycle.check_cycle_unit is CheckCycleUnit.DAY
    assert [i.no for i in drawn.items] == [1]
    assert plan.state is PlanState.DRAFT and plan.state.label == "草稿"


@pytest.mark.parametrize("kind", list(range(1, 9)))
def test_every_official_kind_may_be_planned(kind):
    assert draw_up(kind=kind).kind == kind


@pytest.mark.parametrize("kind", [0, 9, 10, "1", True, None])
def test_a_kind_outside_the_official_eight_is_refused_with_the_list(kind):
    with pytest.raises(DomainError) as refused:
        draw_up(kind=kind)
    assert refused.value.field == "kind" and "8（外聘专家诊断式排查）" in refused.value.message


@pytest.mark.parametrize("title", ["", " \u3000 ", "\u200b", 7, "计" * 201])
def test_a_title_blank_not_text_or_too_long_is_refused(title):
    assert refused_field(title=title) == "title"


def test_a_period_ending_before_it_starts_is_refused():
    assert refused_field(period_start=date(2025, 3, 2), period_end=date(2025, 3, 1)) == "period_end"


def test_a_one_day_plan_and_an_open_ended_one_are_periods():
    assert draw_up(period_end=date(2025, 3, 1)).period == (date(2025, 3, 1), date(2025, 3, 1))
    assert draw_up(period_end=None).period == (date(2025, 3, 1), None)


@pytest.mark.parametrize(("start", "end"), [("2025-03-01", None), (date(2025, 3, 1), "2025-12-31"),
                                            (datetime(2025, 3, 1), None), (date(2025, 3, 1), datetime(2025, 12, 31))])
def test_period_ends_must_be_dates(start, end):
    field = "period_start" if end is None else "period_end"
    assert refused_field(period_start=start, period_end=end) == field


@pytest.mark.parametrize("first", [datetime(2025, 2, 28, 23, 59), datetime(2026, 1, 1, 0, 0)])
def test_the_first_check_falls_within_the_period(first):
    assert refused_field(cycle=daily(first)) == "task_start_time"


def test_the_first_check_on_the_last_day_of_the_period_is_within_it():
    assert draw_up(cycle=daily(datetime(2025, 12, 31, 23, 0))).cycle is not None


def test_an_hourly_cycle_across_midnight_is_kept_whole():
    night = TaskCycle.of(check_cycle=2, check_cycle_unit="小时", task_start_time=datetime(2025, 3, 1, 20),
                         work_start_time="20:00:00", work_end_time="6:00:00", work_day_type=1)
    plan = draw_up(cycle=night)
    assert plan.cycle is not None and plan.cycle.task_cycle() == night


def test_a_post_sent_twice_is_refused_at_its_second_mention():
    assert refused_field(assignments=posts("post-1", "post-2", "post-1")) == "assignments[2].post_id"


def test_a_blank_post_is_refused():
    assert refused_field(assignments=posts("post-1", " ")) == "assignments[1].post_id"


def test_the_people_named_on_a_post_are_named_once():
    twice = [PlanAssignment(post_id="post-1", person_ids=["p-1", "p-1"])]
    assert refused_field(assignments=twice) == "assignments[0].person_ids"
    blank = [PlanAssignment(post_id="post-1", person_ids=["p-1", ""])]
    assert refused_field(assignments=blank) == "assignments[0].person_ids[1]"


def test_a_draft_may_send_no_post_yet():
    assert draw_up(assignments=[]).assignments == []


def test_a_draft_is_revised():
    plan = draft()
    plan.revise(**header(title="罐区夜间巡检", assignments=posts("post-1", "post-2")))
    [revised] = plan.pending()
    assert isinstance(revised, ev.PlanRevised) and revised.title == "罐区夜间巡检"
    assert [a.post_id for a in plan.assignments] == ["post-1", "post-2"]


def test_a_revision_that_changes_nothing_records_nothing():
    plan = draft()
    plan.revise(**header(title=" 罐区日常巡检 "))
    assert recorded(plan) == []


def test_a_revision_is_checked_like_a_draft():
    plan = draft()
    with pytest.raises(DomainError) as refused:
        plan.revise(**header(period_end=date(2025, 2, 1)))
    assert refused.value.field == "period_end" and recorded(plan) == []


def test_the_plan_loaded_from_its_events_is_the_plan_that_recorded_them():
    plan = draft()
    plan.revise(**header(assignments=posts("post-2")))
    plan.add_item(**row(item="防雷接地"))
    plan.remove_item(1)
    plan.publish(at(2025, 3, 1), CALENDAR)
    history = plan.pending()
    plan.mark_saved()
    loaded = Plan.rehydrate("plan-1", [*draft_events(), *history])
    assert isinstance(loaded, Plan)
    assert vars(loaded) == vars(plan)


def draft_events():
    plan = Plan.draw_up("plan-1", ENTERPRISE, items=[row(), {**row(item="储罐压力"), "unit": "%", "low": 20,
                                                               "high": 80}], **header())
    return plan.pending()
