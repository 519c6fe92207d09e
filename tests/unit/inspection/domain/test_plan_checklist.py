"""Editing a plan's checklist item by item: numbers are never reused, rows are not copied, a
published plan's tasks get the new troubleshootContent, a retired plan's checklist is closed."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainConflict, DomainError
from services.inspection.domain import plan_events as ev
from services.inspection.domain.plan import Plan
from tests.unit.inspection.domain.plan_builders import ENTERPRISE, draft, header, level_row, published, recorded, row


def test_an_added_item_goes_last_with_the_next_number():
    plan = draft()
    assert plan.add_item(**level_row(item="防火堤", unit="m", low=1.0, high=None)) == 3
    [added] = plan.pending()
    assert isinstance(added, ev.ChecklistItemAdded)
    assert (added.item.no, added.item.item, added.enterprise_id) == (3, "防火堤", ENTERPRISE)
    assert added.troubleshoot_content is None  # a draft has no tasks to tell
    assert [i.no for i in plan.checklist] == [1, 2, 3]


def test_a_removed_number_is_never_given_again():
    plan = draft()
    plan.remove_item(2)
    assert plan.add_item(**row(item="防雷接地")) == 3
    assert [i.no for i in plan.checklist] == [1, 3]


def test_a_plan_may_be_drawn_up_with_an_empty_checklist():
    plan = Plan.draw_up("plan-1", ENTERPRISE, **header())
    assert plan.checklist == [] and plan.add_item(**row()) == 1


def test_an_item_is_revised_whole_under_its_number():
    plan = draft()
    plan.revise_item(2, **level_row(item="储罐压力", unit="kPa", low=None, high=150))
    [revised] = plan.pending()
    assert isinstance(revised, ev.ChecklistItemRevised) and revised.item.no == 2
    assert plan.items[2].safe_range is not None and plan.items[2].safe_range.high == 150
    assert plan.items[2].safe_range.low is None


def test_a_revision_that_changes_nothing_records_nothing():
    plan = draft()
    plan.revise_item(1, **row(content=" 现场查看液位计读数 "))
    assert recorded(plan) == []


def test_an_item_may_be_revised_into_a_key_parameter_and_back():
    plan = draft()
    plan.revise_item(1, **level_row())
    assert plan.items[1].is_key_parameter
    plan.revise_item(1, **row())
    assert not plan.items[1].is_key_parameter


def test_an_added_or_revised_row_must_not_copy_another():
    plan = draft()
    with pytest.raises(DomainError) as refused:
        plan.add_item(**row())
    assert refused.value.field == "item" and "第1项" in refused.value.message
    with pytest.raises(DomainError):
        plan.revise_item(2, **row())
    assert recorded(plan) == []


@pytest.mark.parametrize("edit", [lambda p: p.revise_item(9, **row()), lambda p: p.remove_item(9)])
def test_an_unknown_item_number_is_refused(edit):
    plan = draft()
    with pytest.raises(DomainError) as refused:
        edit(plan)
    assert (refused.value.field, refused.value.code) == ("no", "unknown_item")


def test_a_bad_row_is_refused_by_its_field_and_nothing_is_recorded():
    plan = draft()
    with pytest.raises(DomainError) as refused:
        plan.add_item(**level_row(low=90, high=10))
    assert refused.value.field == "high" and recorded(plan) == []


def test_the_checklist_stops_at_300_items():
    plan = Plan.draw_up("plan-1", ENTERPRISE, items=[row(item=f"项目{i}") for i in range(300)], **header())
    with pytest.raises(DomainError) as refused:
        plan.add_item(**row(item="再一项"))
    assert refused.value.field == "items"


def test_a_published_plans_items_give_its_tasks_the_new_content():
    plan = published()
    plan.add_item(**row(item="防雷接地", content="查看接地线"))
    plan.revise_item(1, **row(content="核对液位计与远传读数"))
    plan.remove_item(2)
    added, revised, removed = plan.pending()
    assert added.troubleshoot_content is not None and "3. 防雷接地：查看接地线" in added.troubleshoot_content
    assert revised.troubleshoot_content is not None and "核对液位计与远传读数" in revised.troubleshoot_content
    assert removed.troubleshoot_content == (
        "按《罐区日常巡检》检查表排查，共2项：1. 储罐液位：核对液位计与远传读数；3. 防雷接地：查看接地线")


def test_a_published_plan_keeps_at_least_one_item():
    plan = published(items=[row()])
    with pytest.raises(DomainConflict) as refused:
        plan.remove_item(1)
    assert refused.value.code == "last_item"


def test_a_draft_may_remove_its_last_item():
    plan = draft(items=[row()])
    plan.remove_item(1)
    assert plan.checklist == []


@pytest.mark.parametrize("edit", [lambda p: p.add_item(**row(item="新项")), lambda p: p.revise_item(1, **row()),
                                  lambda p: p.remove_item(1)])
def test_a_retired_plans_checklist_is_closed(edit):
    plan = published()
    plan.retire("装置停用")
    plan.mark_saved()
    with pytest.raises(DomainConflict) as refused:
        edit(plan)
    assert refused.value.code == "retired"
