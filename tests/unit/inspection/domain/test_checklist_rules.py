"""A checklist as a whole: rows numbered in order, no row written twice, a bounded length, and the
troubleshootContent it gives a plan's tasks within the platforms' 1000 characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from libs.aggregate import DomainError
from services.inspection.domain.checklist import checked_item
from services.inspection.domain.checklist_rules import checked_items, refuse_duplicate, task_content
from tests.unit.inspection.domain.plan_builders import level_row, row


def test_rows_are_numbered_in_order_from_the_first_number():
    items = checked_items([row(), level_row(item="储罐压力")], first_no=4)
    assert [(i.no, i.item) for i in items] == [(4, "储罐液位"), (5, "储罐压力")]


def test_a_refusal_names_the_row():
    with pytest.raises(DomainError) as refused:
        checked_items([row(), row(item="储罐压力", unit="MPa")])
    assert refused.value.field == "items[1].low"


def test_the_same_item_with_the_same_content_twice_is_one_row_copied():
    with pytest.raises(DomainError) as refused:
        checked_items([row(item="储罐液位"), row(item=" 储罐液位 "), row(item="ＴＡＮＫ")])
    assert refused.value.field == "items[1].item" and "第1项" in refused.value.message


def test_names_that_differ_only_in_width_case_or_invisible_characters_are_the_same():
    with pytest.raises(DomainError):
        checked_items([row(item="Tank A", content="查看"), row(item="ｔａｎｋ ａ\u200b", content="查看")])


def test_the_same_item_with_other_content_is_another_row():
    items = checked_items([row(content="查看液位计"), row(content="核对远传液位")])
    assert len(items) == 2


def test_an_item_is_not_its_own_duplicate():
    first = checked_item(1, **row())
    refuse_duplicate([first], checked_item(1, **row(method="目视")))


def test_a_checklist_has_at_most_300_rows():
    assert len(checked_items([row(item=f"项目{i}") for i in range(300)])) == 300
    with pytest.raises(DomainError) as refused:
        checked_items([row(item=f"项目{i}") for i in range(301)])
    assert refused.value.field == "items"


def test_the_task_content_lists_the_items_in_order():
    items = checked_items([row(), level_row(item="储罐压力", content="压力表读数")])
    assert task_content("罐区日常巡检", items) == (
        "按《罐区日常巡检》检查表排查，共2项：1. 储罐液位：现场查看液位计读数；2. 储罐压力：压力表读数")


def test_a_long_checklist_is_cut_at_an_item_and_the_rest_counted():
    items = checked_items([row(item=f"项目{i}", content="查" * 90) for i in range(30)])
    content = task_content("综合检查", items)
    assert len(content) <= 1000
    shown = content.count("：") - 1
    assert content.endswith(f"……其余{30 - shown}项详见检查表")
    assert f"{shown}. 项目{shown - 1}：" in content and f"{shown + 1}. " not in content


def test_a_first_item_too_long_to_show_leaves_only_the_count():
    items = checked_items([row(content="查" * 1000), row(item="储罐压力")])
    assert task_content("罐区", items) == "按《罐区》检查表排查，共2项，详见检查表"


texts = st.text(alphabet="查验罐区 AB1", min_size=1, max_size=300).filter(lambda t: t.strip())


@given(st.text(alphabet="罐区巡检", min_size=1, max_size=200),
       st.lists(st.tuples(texts, st.text(alphabet="查验", min_size=1, max_size=1000)), max_size=40))
def test_the_task_content_always_fits_the_platforms_limit(title, rows):
    items = [checked_item(n + 1, check_type="现场", item=f"{n}{item}"[:200], content=content)
             for n, (item, content) in enumerate(rows)]
    content = task_content(title, items)
    assert 0 < len(content) <= 1000
    assert content.startswith(f"按《{title}》检查表排查，共{len(items)}项")
