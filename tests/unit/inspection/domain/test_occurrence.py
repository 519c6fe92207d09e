"""The occurrence's lifecycle: issued → 临期 → completed, or missed when the window closes; forward
only, and the clock-driven steps no-ops when they fire twice or after a record came."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from libs.aggregate import DomainError
from services.inspection.domain import occurrence_events as e
from services.inspection.domain.codes import CheckStatus, OccurrenceState
from services.inspection.domain.cycles import SHANGHAI, Window
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.occurrence_ids import occurrence_id
from services.inspection.domain.rules import ImminencePolicy


def sh(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


NORMAL = CheckStatus.NORMAL
DAY_WINDOW = Window(sh(2025, 3, 1, 8), sh(2025, 3, 2, 8))  # a daily check: 24 h, 临期 from 02:48 (20 %)


def issued(window: Window = DAY_WINDOW, **policy) -> Occurrence:
    occurrence = Occurrence.issue(enterprise_id="ent-1", task_id="task-1", window=window, post_ids=["post-1"],
                                  person_ids=["person-1"], at=window.start, policy=ImminencePolicy(**policy))
    occurrence.mark_saved()
    return occurrence


def replayed(occurrence: Occurrence, *events) -> Occurrence:
    return Occurrence.rehydrate(occurrence.id, [*events])  # type: ignore[return-value]


def checked(occurrence: Occurrence, made_at: datetime, received_at: datetime, record: str = "rec-1") -> None:
    occurrence.complete(record_id=record, status=NORMAL, made_at=made_at, received_at=received_at)


def types(occurrence: Occurrence) -> list[str]:
    return [type(ev).__name__ for ev in occurrence.pending()]


def test_issuing_tells_the_assignees_and_says_when_it_becomes_imminent():
    occurrence = Occurrence.issue(enterprise_id="ent-1", task_id="task-1", window=DAY_WINDOW, post_ids=["post-1"],
                                  person_ids=[], at=DAY_WINDOW.start)
    (ev,) = occurrence.pending()
    assert isinstance(ev, e.OccurrenceIssued)
    assert ev.TYPE == "shuangkong.inspection.OccurrenceIssued"
    assert (ev.enterprise_id, ev.task_id, ev.post_ids) == ("ent-1", "task-1", ["post-1"])
    assert (ev.window_start, ev.window_end, ev.planned_on_assumed_calendar) == (DAY_WINDOW.start, DAY_WINDOW.end, False)
    assert ev.imminent_at == sh(2025, 3, 2, 3, 12)  # the last 20 % of 24 h is 4 h 48 min
    assert occurrence.state is OccurrenceState.ISSUED and occurrence.id == occurrence_id("task-1", DAY_WINDOW.start)


def test_the_imminence_policy_in_force_is_the_one_recorded():
    occurrence = issued(fraction=Decimal("0.5"), at_least=timedelta(hours=2))
    assert occurrence.imminent_at == sh(2025, 3, 1, 20)


def test_an_hour_long_window_is_imminent_from_its_start():
    occurrence = issued(Window(sh(2025, 3, 1, 23), sh(2025, 3, 2, 0)))
    assert occurrence.imminent_at == sh(2025, 3, 1, 23)


def test_the_window_planned_on_an_assumed_calendar_says_so_in_every_event():
    occurrence = issued(Window(sh(2031, 1, 2, 8), sh(2031, 1, 3, 8), assumed_calendar=True))
    occurrence.become_imminent(sh(2031, 1, 3, 7))
    occurrence.miss(sh(2031, 1, 3, 8))
    assert [ev.planned_on_assumed_calendar for ev in occurrence.pending()] == [True, True]
    assert occurrence.window.assumed_calendar


def test_an_occurrence_is_issued_to_somebody():
    with pytest.raises(DomainError) as refused:
        Occurrence.issue(enterprise_id="ent-1", task_id="task-1", window=DAY_WINDOW, post_ids=[], person_ids=[],
                         at=DAY_WINDOW.start)
    assert refused.value.field == "assignees"


def test_a_closed_window_is_not_issued_but_missed():
    with pytest.raises(DomainError) as refused:
        Occurrence.issue(enterprise_id="ent-1", task_id="task-1", window=DAY_WINDOW, post_ids=["post-1"],
                         person_ids=[], at=DAY_WINDOW.end)
    assert refused.value.field == "window"


def test_issued_imminent_completed():
    occurrence = issued()
    occurrence.become_imminent(sh(2025, 3, 2, 3, 12))
    checked(occurrence, sh(2025, 3, 2, 7, 59), sh(2025, 3, 2, 7, 59))
    assert types(occurrence) == ["OccurrenceBecameImminent", "OccurrenceCompleted"]
    assert occurrence.state is OccurrenceState.COMPLETED and occurrence.record_id == "rec-1"


def test_completed_straight_from_issued():
    occurrence = issued()
    checked(occurrence, sh(2025, 3, 1, 9), sh(2025, 3, 1, 9))
    assert types(occurrence) == ["OccurrenceCompleted"]


def test_a_not_checked_record_closes_it_and_says_so():
    occurrence = issued()
    occurrence.complete(record_id="rec-1", status=CheckStatus.NOT_CHECKED, made_at=sh(2025, 3, 1, 9),
                        received_at=sh(2025, 3, 1, 9))
    (completed,) = occurrence.pending()
    assert isinstance(completed, e.OccurrenceCompleted) and completed.status is CheckStatus.NOT_CHECKED


def test_imminent_then_missed_when_the_window_closes():
    occurrence = issued()
    occurrence.become_imminent(sh(2025, 3, 2, 3, 12))
    occurrence.miss(DAY_WINDOW.end)
    (_, missed) = occurrence.pending()
    assert isinstance(missed, e.OccurrenceMissed) and not missed.never_issued
    assert missed.post_ids == ["post-1"] and missed.person_ids == ["person-1"]
    assert occurrence.state is OccurrenceState.MISSED


def test_a_deadline_firing_twice_records_once():
    occurrence = issued()
    occurrence.become_imminent(sh(2025, 3, 2, 4))
    occurrence.become_imminent(sh(2025, 3, 2, 4))
    occurrence.miss(sh(2025, 3, 2, 8))
    occurrence.miss(sh(2025, 3, 2, 8, 0, 1))
    assert types(occurrence) == ["OccurrenceBecameImminent", "OccurrenceMissed"]


def test_deadlines_firing_after_the_record_change_nothing():
    occurrence = issued()
    checked(occurrence, sh(2025, 3, 1, 9), sh(2025, 3, 1, 9))
    occurrence.become_imminent(sh(2025, 3, 2, 4))
    occurrence.miss(sh(2025, 3, 2, 8))
    assert types(occurrence) == ["OccurrenceCompleted"]


def test_the_imminent_step_on_a_missed_occurrence_changes_nothing():
    occurrence = issued()
    occurrence.miss(DAY_WINDOW.end)
    occurrence.become_imminent(DAY_WINDOW.end)
    assert types(occurrence) == ["OccurrenceMissed"]


def test_clock_driven_steps_before_they_are_due_are_refused():
    occurrence = issued()
    with pytest.raises(DomainError) as early:
        occurrence.become_imminent(sh(2025, 3, 2, 3, 11))
    assert early.value.code == "not_due"
    with pytest.raises(DomainError) as early:
        occurrence.miss(sh(2025, 3, 2, 7, 59, 59))
    assert early.value.code == "not_due"
    assert occurrence.pending() == []


def test_a_second_record_leaves_the_first_as_the_one_that_completed_it():
    occurrence = issued()
    checked(occurrence, sh(2025, 3, 1, 9), sh(2025, 3, 1, 9))
    checked(occurrence, sh(2025, 3, 1, 10), sh(2025, 3, 1, 10), record="rec-2")
    checked(occurrence, sh(2025, 3, 1, 9), sh(2025, 3, 1, 11))
    assert types(occurrence) == ["OccurrenceCompleted"] and occurrence.record_id == "rec-1"


def test_a_record_made_in_the_window_but_received_after_the_miss_is_kept_beside_it_as_on_time():
    occurrence = issued()
    occurrence.miss(DAY_WINDOW.end)
    checked(occurrence, sh(2025, 3, 2, 7, 30), sh(2025, 3, 2, 9))
    checked(occurrence, sh(2025, 3, 2, 7, 30), sh(2025, 3, 2, 9, 5))
    (_, after) = occurrence.pending()
    assert isinstance(after, e.OccurrenceCheckedAfterMissed) and after.on_time
    assert (after.made_at, after.received_at) == (sh(2025, 3, 2, 7, 30), sh(2025, 3, 2, 9))
    assert occurrence.state is OccurrenceState.MISSED and occurrence.after_miss == ["rec-1"]


def test_a_record_made_in_the_window_and_received_before_the_miss_fired_completes_it():
    occurrence = issued()
    checked(occurrence, sh(2025, 3, 2, 7, 59, 59), sh(2025, 3, 2, 8, 30))
    assert types(occurrence) == ["OccurrenceCompleted"]


def test_a_late_record_before_the_miss_fired_misses_it_then_keeps_the_record():
    occurrence = issued()
    checked(occurrence, sh(2025, 3, 2, 8), sh(2025, 3, 2, 8, 1))
    assert types(occurrence) == ["OccurrenceMissed", "OccurrenceCheckedAfterMissed"]
    missed, after = occurrence.pending()
    assert missed.at == sh(2025, 3, 2, 8, 1) and not after.on_time  # type: ignore[attr-defined]
    occurrence.miss(sh(2025, 3, 2, 8, 2))  # the deadline then fires: nothing more
    assert len(occurrence.pending()) == 2


def test_a_record_made_before_the_window_opened_is_refused():
    occurrence = issued()
    with pytest.raises(DomainError) as refused:
        checked(occurrence, sh(2025, 3, 1, 7, 59), sh(2025, 3, 1, 8))
    assert refused.value.field == "made_at"


def test_a_record_for_an_occurrence_never_issued_is_refused():
    unknown = Occurrence(occurrence_id("task-1", DAY_WINDOW.start))
    with pytest.raises(DomainError) as refused:
        checked(unknown, sh(2025, 3, 1, 9), sh(2025, 3, 1, 9))
    assert refused.value.field == "occurrence_id"
    unknown.become_imminent(sh(2025, 3, 2, 4))  # a stray deadline for it does nothing
    unknown.miss(sh(2025, 3, 2, 8))
    assert unknown.pending() == []


def test_missed_while_down_is_its_first_and_only_event():
    window = Window(sh(2025, 2, 28, 8), sh(2025, 3, 1, 8))
    occurrence = Occurrence.missed_while_down(enterprise_id="ent-1", task_id="task-1", window=window,
                                              post_ids=["post-1"], person_ids=[], at=sh(2025, 3, 3))
    (ev,) = occurrence.pending()
    assert isinstance(ev, e.OccurrenceMissed) and ev.never_issued
    loaded = replayed(occurrence, ev)
    assert loaded.state is OccurrenceState.MISSED and loaded.window == window and loaded.post_ids == ("post-1",)
    loaded.miss(sh(2025, 3, 3, 0, 1))
    assert loaded.pending() == []


def test_an_open_window_is_not_missed_while_down():
    with pytest.raises(DomainError) as refused:
        Occurrence.missed_while_down(enterprise_id="ent-1", task_id="task-1", window=DAY_WINDOW, post_ids=["p"],
                                     person_ids=[], at=sh(2025, 3, 2, 7))
    assert refused.value.field == "window"


def test_history_replays_to_the_same_state():
    occurrence = Occurrence.issue(enterprise_id="ent-1", task_id="task-1", window=DAY_WINDOW, post_ids=["post-1"],
                                  person_ids=["person-1"], at=DAY_WINDOW.start)
    occurrence.become_imminent(sh(2025, 3, 2, 4))
    checked(occurrence, sh(2025, 3, 2, 5), sh(2025, 3, 2, 5))
    loaded = replayed(occurrence, *occurrence.pending())
    assert (loaded.state, loaded.record_id, loaded.window, loaded.enterprise_id) == (
        OccurrenceState.COMPLETED, "rec-1", DAY_WINDOW, "ent-1")
    assert loaded.version == 3


def test_events_round_trip_through_json():
    occurrence = issued()
    occurrence.miss(DAY_WINDOW.end)
    checked(occurrence, sh(2025, 3, 2, 7), sh(2025, 3, 2, 9))
    for ev in occurrence.pending():
        assert type(ev).model_validate(ev.payload()) == ev


def test_every_event_is_listed_with_the_inspection_type():
    assert {cls.TYPE for cls in e.OCCURRENCE_EVENTS} == {
        "shuangkong.inspection." + name for name in ("OccurrenceIssued", "OccurrenceBecameImminent",
                                                      "OccurrenceCompleted", "OccurrenceMissed",
                                                      "OccurrenceCheckedAfterMissed")}
    for cls in e.OCCURRENCE_EVENTS:
        assert {"enterprise_id", "task_id", "window_start", "window_end",
                "planned_on_assumed_calendar"} <= set(cls.model_fields)


def test_the_id_is_one_per_task_and_window_however_the_start_is_written():
    start = sh(2025, 3, 1, 8)
    assert occurrence_id("task-1", start) == occurrence_id("task-1", start.astimezone(UTC))
    assert occurrence_id("task-1", start) == occurrence_id("task-1", datetime(2025, 3, 1, 8))  # naive: Shanghai
    assert occurrence_id("task-1", start) != occurrence_id("task-2", start)
    assert occurrence_id("task-1", start) != occurrence_id("task-1", start + timedelta(days=1))


def test_the_id_never_changes_between_releases():
    """Stored streams are found by it: a changed namespace or format would issue every window again."""
    assert occurrence_id("task-1", sh(2025, 3, 1, 8)) == "763a8abe-546b-50c7-997a-0098f40987b8"
