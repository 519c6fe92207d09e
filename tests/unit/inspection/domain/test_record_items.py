"""Checklist items of a record: each refusal names the item and its field (items[2].reading)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from libs.aggregate import DomainError
from services.inspection.domain.checklist import checked_safe_range
from services.inspection.domain.record_items import checked_items
from services.inspection.domain.safe_range import SafeRange
from tests.unit.inspection.domain.test_record import CHECKLIST, answers


def refused(items) -> DomainError:
    with pytest.raises(DomainError) as refusal:
        checked_items(items, CHECKLIST)
    return refusal.value


def test_a_safe_range_made_from_input_has_a_bound_and_its_bounds_in_order():
    for low, high, field in ((None, None, "low"), (2, 1, "high"), (1, 1, "high")):
        with pytest.raises(DomainError) as refusal:
            checked_safe_range("MPa", low, high)
        assert refusal.value.field == field
    assert checked_safe_range("℃", -10.5, 0.1) == SafeRange(unit="℃", low=Decimal("-10.5"), high=Decimal("0.1"))


def test_a_range_holds_its_bounds_and_nothing_beyond():
    both = SafeRange(unit="MPa", low=Decimal("0.2"), high=Decimal("1.6"))
    assert [both.contains(Decimal(v)) for v in ("0.19", "0.2", "1.6", "1.61")] == [False, True, True, False]
    assert SafeRange(unit="%", high=Decimal(80)).contains(Decimal(-1000))
    assert not SafeRange(unit="%", low=Decimal(5)).contains(Decimal("4.999"))
    assert SafeRange(unit="%", low=0.1).contains(Decimal("0.1"))  # a float bound is the decimal it was written as


def test_the_items_are_a_list_of_entries():
    assert refused("valve").field == "items"
    assert refused({"item_id": "valve"}).field == "items"
    assert refused(["valve"]).field == "items[0]"


def test_an_item_is_one_of_the_checklist_and_answered_once():
    assert refused([{"item_id": "nope"}]).field == "items[0].item_id"
    assert refused([{"item_id": ["valve"]}]).field == "items[0].item_id"
    assert refused([{"item_id": "valve"}, {"item_id": "valve"}]).field == "items[1].item_id"


def test_abnormal_is_a_flag_and_an_abnormal_item_says_what_is_wrong():
    assert refused(answers(valve={"abnormal": "yes"})).field == "items[0].abnormal"
    assert refused(answers(valve={"abnormal": True})).field == "items[0].note"
    assert refused(answers(valve={"abnormal": True, "note": " \u200b "})).field == "items[0].note"
    assert refused(answers(valve={"note": 7})).field == "items[0].note"
    assert refused(answers(valve={"note": "长" * 501})).field == "items[0].note"


def test_a_key_parameter_needs_a_number_for_its_reading():
    assert refused(answers(level={"reading": None})).field == "items[2].reading"
    for bad in ("abc", True, "NaN", "Infinity", [1], ""):
        assert refused(answers(pressure={"reading": bad})).field == "items[1].reading"


def test_an_item_that_is_no_key_parameter_takes_no_reading():
    assert refused(answers(valve={"reading": 3})).field == "items[0].reading"


def test_readings_in_any_numeric_form():
    for given, read in (("1.2", Decimal("1.2")), (1, Decimal(1)), (0.5, Decimal("0.5")), (" 0.30 ", Decimal("0.30"))):
        (_, pressure, _) = checked_items(answers(pressure={"reading": given}), CHECKLIST)
        assert pressure.reading == read


def test_a_reading_out_of_range_is_abnormal_and_ticking_it_abnormal_too_keeps_the_note():
    (_, _, level) = checked_items(answers(level={"reading": "80.01", "abnormal": True, "note": "液位计跳变"}),
                                  CHECKLIST)
    assert level.abnormal and level.out_of_range and level.note == "液位计跳变"


def test_an_item_ticked_abnormal_with_a_reading_in_range_is_abnormal_but_not_out_of_range():
    (_, pressure, _) = checked_items(answers(pressure={"abnormal": True, "note": "压力表铅封脱落"}), CHECKLIST)
    assert pressure.abnormal and not pressure.out_of_range


def test_photo_ids_are_a_list_of_ids_each_kept_once():
    (valve, _, _) = checked_items(answers(valve={"photo_ids": ["a", " b ", "a"]}), CHECKLIST)
    assert valve.photo_ids == ["a", "b"]
    assert refused(answers(valve={"photo_ids": "a"})).field == "items[0].photo_ids"
    assert refused(answers(valve={"photo_ids": ["a", ""]})).field == "items[0].photo_ids[1]"
    assert refused(answers(valve={"photo_ids": ["x" * 129]})).field == "items[0].photo_ids[0]"
