"""The timing rule of check records: the time the phone made it decides, not when it arrived."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from libs.aggregate import DomainError
from services.inspection.domain.cycles import SHANGHAI, Window
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.record_timing import CLOCK_SKEW, checked_timing
from tests.unit.inspection.domain.test_record import make, recorded, target

TICK = timedelta(microseconds=1)


def sh(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


NIGHT = Window(sh(2024, 12, 31, 23), sh(2025, 1, 1, 1))  # an hourly window across midnight and New Year
MONTH_END = Window(sh(2025, 1, 31, 9), sh(2025, 2, 28, 9))  # a monthly task from the 31st


def refused(made_at, received_at, window=NIGHT, late=False) -> str | None:
    with pytest.raises(DomainError) as refusal:
        checked_timing(made_at, received_at, window, late)
    return refusal.value.field


def test_made_inside_received_after_the_window_closed_is_on_time_with_both_times_kept():
    timing = checked_timing(sh(2025, 1, 1, 0, 59), sh(2025, 1, 3, 18), NIGHT)
    assert (timing.made_at, timing.received_at, timing.late) == (sh(2025, 1, 1, 0, 59), sh(2025, 1, 3, 18), False)


def test_made_across_midnight_inside_the_window():
    assert not checked_timing(sh(2025, 1, 1, 0, 0), sh(2025, 1, 1, 0, 1), NIGHT).late
    assert not checked_timing(sh(2024, 12, 31, 23, 59, 59), sh(2025, 1, 1), NIGHT).late


def test_the_window_opens_at_its_start_and_closes_at_its_end():
    assert not checked_timing(NIGHT.start, NIGHT.start, NIGHT).late
    assert refused(NIGHT.start - TICK, NIGHT.start) == "made_at"
    assert refused(NIGHT.end, NIGHT.end) == "made_at"  # the end belongs to the next window


def test_made_after_the_window_is_kept_only_as_explicitly_late():
    timing = checked_timing(sh(2025, 1, 1, 1, 30), sh(2025, 1, 1, 1, 31), NIGHT, late=True)
    assert timing.late
    assert refused(sh(2025, 1, 1, 1, 30), sh(2025, 1, 1, 1, 31)) == "made_at"


def test_late_on_a_record_made_in_time_changes_nothing():
    assert not checked_timing(sh(2025, 1, 1, 0, 30), sh(2025, 1, 1, 0, 31), NIGHT, late=True).late


def test_a_late_record_cannot_check_a_window_before_it_opened():
    assert refused(sh(2024, 12, 31, 22), sh(2025, 1, 1), late=True) == "made_at"


def test_a_phone_clock_ahead_of_ours_by_more_than_the_skew_is_refused():
    received = sh(2025, 1, 1, 0, 10)
    assert not checked_timing(received + CLOCK_SKEW, received, NIGHT).late
    assert refused(received + CLOCK_SKEW + TICK, received) == "made_at"


def test_times_in_any_zone_are_the_same_instant():
    made = sh(2025, 1, 1, 0, 30).astimezone(UTC)  # 16:30 UTC on 31 December
    assert checked_timing(made, sh(2025, 1, 1, 0, 31), NIGHT).made_at == sh(2025, 1, 1, 0, 30)
    naive = checked_timing(datetime(2025, 1, 1, 0, 30), datetime(2025, 1, 1, 0, 31), NIGHT)
    assert naive.made_at == sh(2025, 1, 1, 0, 30)  # naive: Shanghai wall time


def test_a_monthly_window_from_the_31st_runs_to_28_february():
    assert not checked_timing(sh(2025, 2, 28, 8, 59), sh(2025, 3, 1, 12), MONTH_END).late
    assert refused(sh(2025, 2, 28, 9), sh(2025, 3, 1), MONTH_END) == "made_at"


def test_made_at_is_a_time_and_late_a_flag():
    assert refused("2025-01-01 00:30", sh(2025, 1, 1, 1)) == "made_at"
    assert refused(sh(2025, 1, 1, 0, 30), sh(2025, 1, 1, 1), late="yes") == "late"


def test_a_record_received_after_its_29_february_window_keeps_both_times():
    ev = recorded(make(made_at=sh(2024, 3, 1, 7, 59), received_at=sh(2024, 3, 2, 20)))
    assert (ev.made_at, ev.received_at, ev.late) == (sh(2024, 3, 1, 7, 59), sh(2024, 3, 2, 20), False)
    assert (ev.window_start, ev.window_end) == (sh(2024, 2, 29, 8), sh(2024, 3, 1, 8))


def test_a_late_record_is_kept_as_late():
    ev = recorded(make(of=target(), made_at=sh(2024, 3, 1, 9), received_at=sh(2024, 3, 1, 9), late=True))
    assert ev.late


def test_an_offline_phone_the_miss_and_the_record_together():
    """Made at 07:50 on 1 March in a 29 February window, the phone offline until noon: the miss fired
    at 08:00 stands, the record counts as on time beside it, and sending it again changes nothing."""
    window = target().window
    occurrence = Occurrence.issue(enterprise_id="ent-1", task_id="task-1", window=window, post_ids=["post-1"],
                                  person_ids=[], at=window.start)
    occurrence.miss(window.end)
    for received in (sh(2024, 3, 1, 12), sh(2024, 3, 1, 12, 5)):
        ev = recorded(make(of=target(occurrence_id=occurrence.id), made_at=sh(2024, 3, 1, 7, 50),
                           received_at=received))
        occurrence.complete(record_id=ev.record_id, status=ev.status, made_at=ev.made_at, received_at=ev.received_at)
    names = [type(ev).__name__ for ev in occurrence.pending()]
    assert names == ["OccurrenceIssued", "OccurrenceMissed", "OccurrenceCheckedAfterMissed"]
    assert occurrence.pending()[-1].on_time  # type: ignore[attr-defined]
