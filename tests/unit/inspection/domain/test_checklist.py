"""A checklist item (检查项): its five columns, and a key parameter's unit and safe range, where a
reading outside makes the item abnormal by itself."""

from __future__ import annotations

from decimal import Decimal

import pytest

from libs.aggregate import DomainError
from services.inspection.domain.checklist import ChecklistItem, checked_item, reading_is_abnormal
from tests.unit.inspection.domain.plan_builders import level_row, row


def item(**fields) -> ChecklistItem:
    return checked_item(1, **fields)


def refused_field(**fields) -> str | None:
    with pytest.raises(DomainError) as refused:
        item(**fields)
    return refused.value.field


def test_an_item_keeps_its_five_columns_trimmed():
    checked = item(**row(method=" 目视 ", basis="GB 50160-2008 第6.2条"))
    assert (checked.no, checked.check_type, checked.item) == (1, "现场检查", "储罐液位")
    assert checked.content == "现场查看液位计读数"
    assert (checked.method, checked.basis) == ("目视", "GB 50160-2008 第6.2条")
    assert not checked.is_key_parameter


def test_method_and_basis_may_be_left_out_or_blank():
    checked = item(**row(method="  ", basis=None))
    assert checked.method is None and checked.basis is None


@pytest.mark.parametrize("field", ["check_type", "item", "content"])
def test_a_required_column_left_blank_is_refused_by_name(field):
    with pytest.raises(DomainError) as refused:
        item(**row(**{field: " \u200b "}))
    assert refused.value.field == field
    assert "不能为空" in refused.value.message


def test_a_column_that_is_not_text_is_refused():
    assert refused_field(**row(item=42)) == "item"


@pytest.mark.parametrize(("field", "limit"), [("check_type", 50), ("item", 200), ("content", 1000),
                                              ("method", 200), ("basis", 500)])
def test_each_column_has_its_limit(field, limit):
    assert item(**row(**{field: "查" * limit})).model_dump()[field] == "查" * limit
    with pytest.raises(DomainError) as refused:
        item(**row(**{field: "查" * (limit + 1)}))
    assert refused.value.field == field and str(limit) in refused.value.message


def test_a_refusal_names_the_row_it_came_from():
    with pytest.raises(DomainError) as refused:
        checked_item(3, **row(content=""), at="items[2].")
    assert refused.value.field == "items[2].content"


def test_a_key_parameter_has_a_unit_and_a_safe_range():
    checked = item(**level_row(low=20, high=80))
    assert checked.is_key_parameter
    assert checked.safe_range is not None
    assert (checked.safe_range.unit, checked.safe_range.low, checked.safe_range.high) == ("%", 20, 80)


@pytest.mark.parametrize(("low", "high", "kept"), [(None, 1.6, (None, Decimal("1.6"))), (-10, None, (-10, None))])
def test_one_bound_is_enough(low, high, kept):
    checked = item(**level_row(low=low, high=high))
    assert checked.safe_range is not None and (checked.safe_range.low, checked.safe_range.high) == kept


def test_a_unit_without_any_bound_is_refused_at_the_low_bound():
    assert refused_field(**level_row(low=None, high=None)) == "low"


def test_a_blank_unit_and_no_bound_is_an_item_without_a_key_parameter():
    assert not item(**row(unit=" ")).is_key_parameter


def test_the_refusal_of_a_reversed_range_shows_the_bounds_as_written():
    with pytest.raises(DomainError) as refused:
        item(**level_row(low=0.35, high=0.3))
    assert "下限 0.35，上限 0.3" in refused.value.message


def test_a_bound_without_a_unit_is_refused_at_the_unit():
    assert refused_field(**row(low=0, high=1)) == "unit"
    assert refused_field(**row(unit="  ", high=1)) == "unit"


@pytest.mark.parametrize(("low", "high"), [(80, 20), (50, 50), (0.3, 0.3)])
def test_the_low_bound_must_be_below_the_high_one(low, high):
    assert refused_field(**level_row(low=low, high=high)) == "high"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), Decimal("NaN"), True, "20", [20], 10**16])
def test_a_bound_must_be_a_finite_number_of_sensible_size(bad):
    assert refused_field(**level_row(low=bad, high=None)) == "low"
    assert refused_field(**level_row(low=None, high=bad)) == "high"


def test_a_unit_has_its_limit():
    assert refused_field(**level_row(unit="单" * 21)) == "unit"


LEVEL = checked_item(1, **level_row(low=20, high=80))


@pytest.mark.parametrize(("reading", "abnormal"), [(50, False), (20, False), (80, False), (19.99, True),
                                                   (80.01, True), (-5, True), (Decimal("20.0"), False)])
def test_a_reading_outside_the_safe_range_is_abnormal_and_the_bounds_are_inside(reading, abnormal):
    assert reading_is_abnormal(LEVEL, reading) is abnormal


def test_only_a_high_bound():
    pressure = checked_item(1, **level_row(unit="MPa", low=None, high=1.6))
    assert not reading_is_abnormal(pressure, -0.1) and not reading_is_abnormal(pressure, 1.6)
    assert reading_is_abnormal(pressure, 1.61)


def test_only_a_low_bound():
    oxygen = checked_item(1, **level_row(unit="%", low=19.5, high=None))
    assert reading_is_abnormal(oxygen, 19.4) and not reading_is_abnormal(oxygen, 10**6)


def test_a_reading_equal_to_a_decimal_bound_is_inside_however_it_was_typed():
    """0.1 as a float is a little more than a tenth; the rule compares what was written."""
    item_ = checked_item(1, **level_row(unit="MPa", low=0.1, high=0.3))
    assert not reading_is_abnormal(item_, Decimal("0.1"))
    assert not reading_is_abnormal(item_, Decimal("0.3"))
    assert not reading_is_abnormal(item_, 0.3)
    assert reading_is_abnormal(item_, 0.1 + 0.2)  # 0.30000000000000004: a sum, not a typed reading


@pytest.mark.parametrize("bad", [float("nan"), float("-inf"), None, "50", True])
def test_a_reading_must_be_a_finite_number(bad):
    with pytest.raises(DomainError) as refused:
        reading_is_abnormal(LEVEL, bad)
    assert refused.value.field == "reading"


def test_an_item_that_is_not_a_key_parameter_takes_no_reading():
    with pytest.raises(DomainError) as refused:
        reading_is_abnormal(checked_item(1, **row()), 50)
    assert refused.value.field == "reading" and "不是关键参数" in refused.value.message


def test_an_item_may_name_the_control_measure_it_verifies():
    assert item(**row(measure_id=" m-1 ")).measure_id == "m-1"
    assert item(**row()).measure_id is None


@pytest.mark.parametrize("bad", ["", "  ", 7, "m" * 65])
def test_a_named_measure_must_be_an_id(bad):
    assert refused_field(**row(measure_id=bad)) == "measure_id"
