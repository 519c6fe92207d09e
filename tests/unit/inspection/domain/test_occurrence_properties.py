"""Properties of the occurrence (hypothesis): whatever order deadlines and records come in, and however
often, the state only moves forward, each step is recorded at most once, and history replays."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from libs.aggregate import DomainError
from services.inspection.domain import occurrence_events as e
from services.inspection.domain.codes import CheckStatus, OccurrenceState
from services.inspection.domain.cycles import SHANGHAI, Window
from services.inspection.domain.occurrence import Occurrence

WINDOW = Window(datetime(2024, 2, 28, 20, tzinfo=SHANGHAI), datetime(2024, 2, 29, 2, tzinfo=SHANGHAI))
ORDER = [OccurrenceState.ISSUED, OccurrenceState.IMMINENT, OccurrenceState.COMPLETED]
minutes = st.integers(-30, 600).map(lambda m: WINDOW.start + timedelta(minutes=m))
steps = st.one_of(
    st.tuples(st.just("imminent"), minutes),
    st.tuples(st.just("miss"), minutes),
    st.tuples(st.just("record"), minutes, st.integers(0, 600).map(lambda m: timedelta(minutes=m)),
              st.sampled_from(["rec-1", "rec-2", "rec-3"])),
)


def apply(occurrence: Occurrence, step: tuple) -> None:
    try:
        if step[0] == "imminent":
            occurrence.become_imminent(step[1])
        elif step[0] == "miss":
            occurrence.miss(step[1])
        else:
            _, made, delay, record = step
            occurrence.complete(record_id=record, status=CheckStatus.NORMAL, made_at=made, received_at=made + delay)
    except DomainError as refusal:
        assert refusal.code == "not_due" or refusal.field == "made_at"


def rank(state: OccurrenceState) -> int:
    return 3 if state is OccurrenceState.MISSED else ORDER.index(state)


@settings(max_examples=300, deadline=None)
@given(st.lists(steps, max_size=12))
def test_any_order_of_deadlines_and_records_moves_forward_and_records_each_step_once(sequence):
    occurrence = Occurrence.issue(enterprise_id="ent-1", task_id="task-1", window=WINDOW, post_ids=["post-1"],
                                  person_ids=[], at=WINDOW.start)
    seen = [occurrence.state]
    for step in sequence:
        apply(occurrence, step)
        assert occurrence.state is not None
        if seen[-1] is not None and seen[-1] is not occurrence.state:
            assert seen[-1].may_become(occurrence.state)
        seen.append(occurrence.state)
    names = [type(ev).__name__ for ev in occurrence.pending()]
    assert names.count("OccurrenceIssued") == 1 and names.count("OccurrenceBecameImminent") <= 1
    assert names.count("OccurrenceCompleted") + names.count("OccurrenceMissed") <= 1
    after = [ev.record_id for ev in occurrence.pending() if isinstance(ev, e.OccurrenceCheckedAfterMissed)]
    assert len(after) == len(set(after))  # a record resent after the miss is kept once
    loaded = Occurrence.rehydrate(occurrence.id, occurrence.pending())
    assert isinstance(loaded, Occurrence)
    assert (loaded.state, loaded.record_id, loaded.after_miss) == (occurrence.state, occurrence.record_id,
                                                                   occurrence.after_miss)
    assert sorted(map(rank, filter(None, seen))) == list(map(rank, filter(None, seen)))
