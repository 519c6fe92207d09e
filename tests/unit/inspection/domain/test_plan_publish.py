"""Publishing a plan yields one check task per post it sends, with an id that is a pure function of
plan and post; a published plan's header is fixed; retiring withdraws its tasks."""

from __future__ import annotations

import json
from datetime import date, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest

from libs.aggregate import DomainConflict, DomainError
from libs.errors import Conflict
from libs.events import EventRegistry, Metadata
from services.inspection.domain import plan_events as ev
from services.inspection.domain.cycles import TaskCycle
from services.inspection.domain.plan import Plan
from services.inspection.domain.plan_events import PLAN_EVENTS
from services.inspection.domain.plan_rules import plan_task_id
from services.inspection.domain.plan_state import PlanState
from services.inspection.domain.plan_values import PlanAssignment
from tests.unit.inspection.domain.plan_builders import (
    CALENDAR,
    ENTERPRISE,
    NOW,
    at,
    draft,
    header,
    level_row,
    posts,
    published,
    row,
)


def test_a_published_plan_yields_one_task_per_post_it_sends():
    sent = [PlanAssignment(post_id="post-1"), PlanAssignment(post_id="post-2", person_ids=["p-7", "p-8"])]
    plan = draft(assignments=sent)
    plan.publish(NOW, CALENDAR)
    [out] = plan.pending()
    assert isinstance(out, ev.PlanPublished) and out.enterprise_id == ENTERPRISE
    assert [(t.post_id, t.person_ids) for t in out.tasks] == [("post-1", []), ("post-2", ["p-7", "p-8"])]
    assert [t.task_id for t in out.tasks] == [plan_task_id("plan-1", "post-1"), plan_task_id("plan-1", "post-2")]
    assert [i.no for i in out.items] == [1, 2] and out.cycle == plan.cycle and out.kind == 1
    assert out.troubleshoot_content.startswith("按《罐区日常巡检》检查表排查，共2项：1. 储罐液位")
    assert plan.state is PlanState.PUBLISHED


def test_a_plan_tasks_id_depends_on_plan_and_post_alone():
    assert plan_task_id("plan-1", "post-1") == plan_task_id("plan-1", "post-1")
    assert len({plan_task_id("plan-1", "post-1"), plan_task_id("plan-1", "post-2"),
                plan_task_id("plan-2", "post-1"), plan_task_id("plan-1post-", "1")}) == 4
    assert UUID(hex=plan_task_id("plan-1", "post-1")).version == 5


def test_a_plan_tasks_id_never_changes_between_releases():
    """Stored tasks are found again by this id: the namespace and the name it hashes are fixed."""
    namespace = uuid5(NAMESPACE_URL, "https://shuangkong/inspection/plan-task")
    assert plan_task_id("plan-1", "post-1") == uuid5(namespace, "plan-1\npost-1").hex
    assert plan_task_id("plan-1", "post-1") == "13425af48cb75d1d98722342d74e4666"


def test_publishing_twice_is_a_conflict():
    plan = published()
    with pytest.raises(DomainConflict) as refused:
        plan.publish(NOW, CALENDAR)
    assert isinstance(refused.value, Conflict) and refused.value.code == "published"


def test_a_plan_without_items_or_posts_cannot_be_published():
    with pytest.raises(DomainConflict) as refused:
        draft(items=[]).publish(NOW, CALENDAR)
    assert refused.value.field == "items"
    with pytest.raises(DomainConflict) as refused:
        draft(assignments=[]).publish(NOW, CALENDAR)
    assert refused.value.field == "assignments"


def test_a_plan_whose_period_has_ended_cannot_be_published():
    plan = draft(period_end=date(2025, 3, 31))
    plan.publish(at(2025, 3, 31), CALENDAR)  # its last day is still within it
    with pytest.raises(DomainConflict) as refused:
        draft(period_end=date(2025, 3, 31)).publish(at(2025, 4, 1), CALENDAR)
    assert (refused.value.field, refused.value.code) == ("period_end", "ended")


def test_an_open_ended_plan_may_be_published_any_day():
    draft(period_end=None).publish(at(2040, 1, 1), CALENDAR)


def test_a_published_plans_header_is_fixed():
    plan = published()
    with pytest.raises(DomainConflict) as refused:
        plan.revise(**header(assignments=posts("post-1", "post-2")))
    assert "废止后重新制定" in refused.value.message


def test_retiring_a_published_plan_withdraws_its_tasks():
    plan = published(assignments=posts("post-1", "post-2"))
    plan.retire(" 装置停用 ")
    [retired] = plan.pending()
    assert isinstance(retired, ev.PlanRetired) and retired.reason == "装置停用"
    assert retired.task_ids == [plan_task_id("plan-1", "post-1"), plan_task_id("plan-1", "post-2")]
    assert plan.state is PlanState.RETIRED and plan.state.label == "已废止"


def test_retiring_a_draft_withdraws_nothing():
    plan = draft()
    plan.retire("重复制定")
    assert plan.pending()[0].task_ids == []


def test_a_retirement_needs_a_reason():
    with pytest.raises(DomainError) as refused:
        draft().retire("  ")
    assert refused.value.field == "reason" and refused.value.message.startswith("废止原因")


@pytest.mark.parametrize("act", [lambda p: p.retire("再次废止"), lambda p: p.publish(NOW, CALENDAR),
                                 lambda p: p.revise(**header())])
def test_a_retired_plan_changes_no_more(act):
    plan = published()
    plan.retire("装置停用")
    with pytest.raises(DomainConflict) as refused:
        act(plan)
    assert refused.value.code == "retired"


def test_every_plan_event_is_listed_carries_its_enterprise_and_is_typed_for_inspection():
    listed = set(PLAN_EVENTS)
    defined = {v for v in vars(ev).values() if isinstance(v, type) and issubclass(v, ev.DomainEvent)
               and "TYPE" in vars(v)}  # not the bases stating shared fields (PlanFact, …)
    assert listed == defined
    for cls in PLAN_EVENTS:
        assert cls.TYPE == f"shuangkong.inspection.{cls.__name__}"
        assert "enterprise_id" in cls.model_fields


def test_every_event_a_plan_records_reads_back_the_same_from_its_stored_form():
    registry = EventRegistry().register_all(PLAN_EVENTS)
    plan = Plan.draw_up("plan-1", ENTERPRISE, items=[row(), level_row(item="储罐压力")], **header())
    plan.revise(**header(title="罐区夜间巡检"))
    plan.add_item(**row(item="防雷接地"))
    plan.publish(NOW, CALENDAR)
    plan.revise_item(3, **row(item="防雷接地", content="测接地电阻"))
    plan.remove_item(1)
    plan.retire("装置停用")
    events = plan.pending()
    assert {type(e) for e in events} == set(PLAN_EVENTS)
    for event in events:
        stored = registry.encode(event, Metadata(enterprise_id=ENTERPRISE))
        data = json.loads(json.dumps(stored.data))  # as the store's JSON column gives it back
        assert registry.decode(stored.type, stored.schema_version, data) == event


def on_working_days(start: datetime) -> TaskCycle:
    return TaskCycle.of(check_cycle=1, check_cycle_unit="天", task_start_time=start, work_day_type=1)


def test_a_plan_whose_period_has_no_day_its_cycle_may_check_on_cannot_be_published():
    """Daily on working days, planned inside the National Day holiday of 2025 (1–8 October)."""
    plan = draft(period_start=date(2025, 10, 1), period_end=date(2025, 10, 8),
                 cycle=on_working_days(datetime(2025, 10, 1, 9)))
    with pytest.raises(DomainConflict) as refused:
        plan.publish(at(2025, 9, 30), CALENDAR)
    assert (refused.value.field, refused.value.code) == ("work_day_type", "no_window")
    assert "法定工作日" in refused.value.message


def test_a_weekend_worked_in_exchange_is_a_day_to_check_on():
    """11 October 2025 is a Saturday worked in exchange (调休) for the holiday."""
    plan = draft(period_start=date(2025, 10, 1), period_end=date(2025, 10, 11),
                 cycle=on_working_days(datetime(2025, 10, 1, 9)))
    plan.publish(at(2025, 9, 30), CALENDAR)
    assert plan.state is PlanState.PUBLISHED


def test_an_hourly_round_first_due_after_its_only_days_work_window_has_no_window():
    late = TaskCycle.of(check_cycle=2, check_cycle_unit="小时", task_start_time=datetime(2025, 3, 1, 23),
                        work_start_time="8:00:00", work_end_time="17:00:00")
    with pytest.raises(DomainConflict) as refused:
        draft(period_end=date(2025, 3, 1), cycle=late).publish(NOW, CALENDAR)
    assert refused.value.code == "no_window"


def test_the_published_plan_says_when_and_from_which_window_its_tasks_owe_checks():
    plan = draft()
    plan.publish(at(2025, 3, 10, 12), CALENDAR)
    [out] = plan.pending()
    assert out.published_at == at(2025, 3, 10, 12)
    assert out.first_window_start == at(2025, 3, 10, 8)  # open then; the nine before it are not owed


def test_publishing_needs_the_clocks_aware_instant():
    with pytest.raises(ValueError):
        draft().publish(datetime(2025, 3, 1, 9), CALENDAR)


def test_the_cycle_travels_in_the_platforms_forms():
    night = TaskCycle.of(check_cycle="1.5", check_cycle_unit="小时", task_start_time=datetime(2025, 3, 1, 20),
                         work_start_time="20:00:00", work_end_time="6:00:00")
    plan = draft(cycle=night)
    plan.publish(NOW, CALENDAR)
    cycle = plan.pending()[0].payload()["cycle"]
    assert (cycle["check_cycle"], cycle["check_cycle_unit"]) == (1.5, "小时")
    assert (cycle["work_start_time"], cycle["work_end_time"]) == ("20:00:00", "6:00:00")
