"""The December warning, the service's clock driven: on 30 November (Shanghai) nothing; from
1 December while next year is missing a warning in Chinese; once it is loaded, none — at once."""

from __future__ import annotations

from datetime import UTC, datetime

from libs.clock import FixedClock
from services.inspection.application import calendar_reading as reading
from tests.unit.inspection.application.test_calendar import load, wired

NOV_30_LATE = datetime(2026, 11, 30, 15, 59, tzinfo=UTC)  # 23:59 in Shanghai
DEC_1 = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 00:00 on 1 December in Shanghai


async def test_no_warning_in_november_a_warning_from_1_december_none_once_loaded():
    w = wired(NOV_30_LATE)
    assert await reading.status(w.calendar_book) == {"ok": True, "missing_year": None, "message": None}
    assert isinstance(w.clock, FixedClock)
    w.clock.set(DEC_1)
    warning = await reading.status(w.calendar_book)
    assert (warning["ok"], warning["missing_year"]) == (False, 2027)
    assert all(words in warning["message"] for words in ("国务院办公厅", "明年节假日安排尚未导入", "2027年"))
    await load(w, 2027, {"holidays": ["2027-01-01"]})
    assert (await reading.status(w.calendar_book))["ok"]
