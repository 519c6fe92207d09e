"""The safe-range rule over any numbers: a range is accepted exactly when it has a bound and low <
high, and a reading is abnormal exactly when it is below low or above high (bounds inside), the same
after the item went through an event's JSON."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from libs.aggregate import DomainError
from services.inspection.domain.checklist import ChecklistItem, checked_item, reading_is_abnormal
from tests.unit.inspection.domain.plan_builders import level_row

LIMIT = 10**15
numbers = st.one_of(
    st.integers(-LIMIT, LIMIT),
    st.floats(-LIMIT, LIMIT, allow_nan=False, allow_infinity=False),
    st.decimals(-LIMIT, LIMIT, allow_nan=False, allow_infinity=False, places=4),
)
bounds = st.one_of(st.none(), numbers)


def exact(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def stored(value) -> Decimal:
    """A bound as the item keeps it (a float, as JSON carries it), read as written."""
    return Decimal(str(float(exact(value))))


def test_bounds_distinct_only_past_a_floats_precision_are_one_bound():
    with pytest.raises(DomainError) as refused:
        checked_item(1, **level_row(low=Decimal("123456789012345.1201"), high=Decimal("123456789012345.1202")))
    assert refused.value.field == "high"


@given(bounds, bounds)
def test_a_range_is_accepted_exactly_when_it_has_a_bound_and_low_is_below_high(low, high):
    valid = (low is not None or high is not None) and (low is None or high is None or stored(low) < stored(high))
    try:
        checked = checked_item(1, **level_row(low=low, high=high))
    except DomainError as refused:
        assert not valid
        assert refused.field == ("low" if low is None and high is None else "high")
    else:
        assert valid and checked.safe_range is not None


@given(bounds, bounds, numbers)
def test_a_reading_is_abnormal_exactly_when_it_lies_outside_the_bounds(low, high, reading):
    try:
        item = checked_item(1, **level_row(low=low, high=high))
    except DomainError:
        return
    below = low is not None and exact(reading) < stored(low)
    above = high is not None and exact(reading) > stored(high)
    assert reading_is_abnormal(item, reading) is (below or above)


@given(bounds, bounds, numbers)
def test_the_rule_is_the_same_after_the_item_went_through_json(low, high, reading):
    try:
        item = checked_item(1, **level_row(low=low, high=high))
    except DomainError:
        return
    again = ChecklistItem.model_validate_json(item.model_dump_json())
    assert again == item
    assert reading_is_abnormal(again, reading) is reading_is_abnormal(item, reading)


@given(numbers, numbers)
def test_the_bounds_themselves_are_inside(low, high):
    if not stored(low) < stored(high):
        low, high = high, low
    if stored(low) == stored(high):
        return
    item = checked_item(1, **level_row(low=low, high=high))
    assert item.safe_range is not None
    assert not reading_is_abnormal(item, item.safe_range.low)
    assert not reading_is_abnormal(item, item.safe_range.high)


@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True).filter(lambda f: not abs(f) <= LIMIT),
                 st.integers(min_value=LIMIT + 1), st.booleans(), st.text(max_size=5)))
def test_anything_but_a_finite_number_of_sensible_size_is_refused_as_a_reading(reading):
    item = checked_item(1, **level_row())
    with pytest.raises(DomainError) as refused:
        reading_is_abnormal(item, reading)
    assert refused.value.field == "reading"
