"""The rates' arithmetic (完成率, 及时率): what one occurrence counts for after its records (decision 40:
a record made in time but received after the miss is on time and the miss stays; a late record is
completed, not on time; 未排查 is counted apart), and the rates over a group."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.inspection.domain import occurrence_events as e
from services.inspection.domain.codes import CheckStatus, OccurrenceState
from services.inspection.domain.rates import Outcome, Tally, is_check

ISSUED, IMMINENT, COMPLETED, MISSED = (OccurrenceState.ISSUED, OccurrenceState.IMMINENT, OccurrenceState.COMPLETED,
                                       OccurrenceState.MISSED)
NORMAL, HAZARD, NOT_CHECKED, OTHER = (CheckStatus.NORMAL, CheckStatus.HAZARD_FOUND, CheckStatus.NOT_CHECKED,
                                      CheckStatus.OTHER)
T0 = datetime(2026, 12, 1, tzinfo=UTC)


def test_every_status_but_not_checked_is_a_check():
    assert [is_check(s) for s in CheckStatus] == [True, True, False, True]


def test_a_record_in_the_window_completes_it_on_time():
    assert Outcome().completed(HAZARD) == Outcome(checked=True, checked_on_time=True, closing_status=HAZARD)


def test_a_not_checked_record_closes_it_without_a_check():
    assert Outcome().completed(NOT_CHECKED) == Outcome(checked=False, checked_on_time=False, closing_status=NOT_CHECKED)


def test_a_record_made_in_time_but_received_after_the_miss_is_on_time():
    assert Outcome().checked_after_miss(NORMAL, on_time=True) == Outcome(checked=True, checked_on_time=True)


def test_a_late_record_is_a_check_but_not_on_time():
    assert Outcome().checked_after_miss(OTHER, on_time=False) == Outcome(checked=True, checked_on_time=False)


def test_a_not_checked_record_after_the_miss_adds_nothing():
    assert Outcome().checked_after_miss(NOT_CHECKED, on_time=True) == Outcome()


def test_a_later_record_never_takes_back_an_earlier_check():
    on_time = Outcome().checked_after_miss(NORMAL, on_time=True)
    assert on_time.checked_after_miss(NORMAL, on_time=False) == on_time
    assert on_time.checked_after_miss(NOT_CHECKED, on_time=True) == on_time
    assert Outcome().checked_after_miss(NORMAL, on_time=False).checked_after_miss(HAZARD, on_time=True) == \
        Outcome(checked=True, checked_on_time=True)


def _fact(**more):
    return {"occurrence_id": "o-1", "enterprise_id": "ent-1", "task_id": "t-1", "window_start": T0,
            "window_end": T0 + timedelta(hours=8), "planned_on_assumed_calendar": False, **more}


def test_an_outcome_is_folded_from_the_occurrence_events():
    record = {"record_id": "r-1", "made_at": T0, "received_at": T0 + timedelta(hours=9)}
    history = [e.OccurrenceIssued(**_fact(), post_ids=["p"], person_ids=[], imminent_at=T0, at=T0),
               e.OccurrenceMissed(**_fact(), post_ids=["p"], person_ids=[], never_issued=False, at=T0),
               e.OccurrenceCheckedAfterMissed(**_fact(), **record, status=NORMAL, on_time=True)]
    assert Outcome.of(history) == Outcome(checked=True, checked_on_time=True)
    assert Outcome.of(history[:2]) == Outcome()


def test_nothing_issued_has_no_rates():
    tally = Tally.of([])
    assert tally == Tally()
    assert (tally.decided, tally.completion_rate, tally.on_time_rate) == (0, None, None)


def test_only_open_occurrences_have_no_rates_yet():
    tally = Tally.of([(ISSUED, Outcome()), (IMMINENT, Outcome())])
    assert (tally.issued, tally.open, tally.decided, tally.completion_rate) == (2, 2, 0, None)


def test_all_missed_is_nought():
    tally = Tally.of([(MISSED, Outcome())] * 3)
    assert (tally.missed, tally.completion_rate, tally.on_time_rate) == (3, 0.0, 0.0)


def test_all_completed_in_the_window_is_one():
    tally = Tally.of([(COMPLETED, Outcome().completed(NORMAL))] * 4)
    assert (tally.completed, tally.completed_on_time, tally.completion_rate, tally.on_time_rate) == (4, 4, 1.0, 1.0)


def test_a_record_arriving_after_the_miss_counts_on_time_and_the_miss_stays():
    tally = Tally.of([(MISSED, Outcome().checked_after_miss(NORMAL, on_time=True)), (MISSED, Outcome())])
    assert (tally.missed, tally.completed, tally.completed_on_time) == (2, 1, 1)
    assert (tally.completion_rate, tally.on_time_rate) == (0.5, 0.5)


def test_a_late_record_completes_without_being_on_time():
    tally = Tally.of([(MISSED, Outcome().checked_after_miss(NORMAL, on_time=False)),
                      (COMPLETED, Outcome().completed(NORMAL))])
    assert (tally.completion_rate, tally.on_time_rate, tally.missed) == (1.0, 0.5, 1)


def test_not_checked_is_counted_apart_and_not_as_completed():
    tally = Tally.of([(COMPLETED, Outcome().completed(NOT_CHECKED)), (COMPLETED, Outcome().completed(NORMAL))])
    assert (tally.not_checked, tally.completed, tally.missed, tally.completion_rate) == (1, 1, 0, 0.5)


def test_open_occurrences_are_left_out_of_the_rates_but_counted_as_issued():
    tally = Tally.of([(ISSUED, Outcome()), (COMPLETED, Outcome().completed(NORMAL)), (MISSED, Outcome())])
    assert (tally.issued, tally.open, tally.decided, tally.completion_rate) == (3, 1, 2, 0.5)


@pytest.mark.parametrize(("completed", "decided", "rate"), [(1, 3, 0.3333), (2, 3, 0.6667), (0, 1, 0.0)])
def test_rates_are_fractions_to_four_places(completed, decided, rate):
    tally = Tally(issued=decided, completed=completed, completed_on_time=completed, missed=decided - completed)
    assert (tally.completion_rate, tally.on_time_rate) == (rate, rate)


def test_a_row_names_every_count_and_both_rates():
    row = Tally.of([(COMPLETED, Outcome().completed(HAZARD)), (ISSUED, Outcome())]).as_row()
    assert row == {"issued": 2, "open": 1, "completed": 1, "completed_on_time": 1, "missed": 0, "not_checked": 0,
                   "decided": 1, "completion_rate": 1.0, "on_time_rate": 1.0}
