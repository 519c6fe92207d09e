"""An admin's calendar upload: accepted as data, refused naming the entry at fault."""

from __future__ import annotations

from datetime import date

import pytest

from libs.aggregate import DomainError
from services.inspection.domain.calendar_override import CalendarOverride


def test_an_upload_round_trips():
    data = {"year": 2027, "holidays": ["2027-01-01", "2027-02-05"], "workdays": ["2027-02-14"]}
    override = CalendarOverride.from_data(data)
    assert override.holidays == {date(2027, 1, 1), date(2027, 2, 5)}
    assert CalendarOverride.from_data(override.to_data()) == override


def test_workday_follows_the_week_outside_the_lists():
    override = CalendarOverride.from_data({"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-02-14"]})
    assert [override.workday(date(2027, 1, d)) for d in (1, 2, 4)] == [False, False, True]
    assert override.workday(date(2027, 2, 14)) is True


@pytest.mark.parametrize(("data", "field"), [
    ({"holidays": []}, "year"),
    ({"year": "2027"}, "year"),
    ({"year": True}, "year"),
    ({"year": 1999}, "year"),
    ({"year": 2027, "holidays": "2027-01-01"}, "holidays"),
    ({"year": 2027, "holidays": ["2027-01-01", "2027-13-01"]}, "holidays.1"),
    ({"year": 2027, "holidays": [20270101]}, "holidays.0"),
    ({"year": 2027, "holidays": ["2028-01-01"]}, "holidays.0"),
    ({"year": 2027, "workdays": ["2027-02-15"]}, "workdays.0"),  # a Monday is no swapped day
    ({"year": 2027, "holidays": ["2027-02-14"], "workdays": ["2027-02-14"]}, "workdays.0"),
])
def test_bad_uploads_are_refused_naming_the_entry(data, field):
    with pytest.raises(DomainError) as refused:
        CalendarOverride.from_data(data)
    assert refused.value.field == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)
