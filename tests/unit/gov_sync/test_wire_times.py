"""The platforms' time formats, in Shanghai wall time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from services.gov_sync.domain.wire_times import compact_date, compact_datetime, dashed_datetime, time_of_day

LATE_UTC = datetime(2026, 12, 31, 16, 0, 1, tzinfo=UTC)  # already 2027 in Shanghai


def test_aware_times_are_written_in_shanghai() -> None:
    assert compact_datetime(LATE_UTC) == "20270101000001"
    assert compact_date(LATE_UTC) == "20270101"
    assert dashed_datetime(LATE_UTC) == "2027-01-01 00:00:01"


def test_naive_times_are_taken_as_shanghai_already() -> None:
    assert compact_datetime(datetime(2026, 12, 3, 8, 5, 9)) == "20261203080509"


def test_dates_and_times_of_day() -> None:
    assert compact_date(date(2026, 1, 2)) == "20260102"
    assert dashed_datetime(date(2026, 1, 2)) == "2026-01-02 00:00:00"
    assert time_of_day(time(8, 5, 9)) == "8:05:09"
    assert time_of_day(time(17, 0)) == "17:00:00"
