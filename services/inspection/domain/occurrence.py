"""An occurrence (一次排查): one window of a check task, issued to its assignees → 临期 → completed by
a check record, or 超期未排查 when the window closes without one.

The lifecycle only moves forward (`OccurrenceState.may_become`). The clock-driven steps (临期 and
missed) are no-ops when the occurrence is already there or past it: a deadline may fire twice, or
after a record completed it, and neither is an error. A record arriving after the miss (a phone
that was offline) is kept beside the miss rather than undoing it, since the miss may be reported."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from libs.aggregate import DomainError
from services.inspection.domain import occurrence_events as e
from services.inspection.domain.codes import CheckStatus, OccurrenceState
from services.inspection.domain.cycles import Window
from services.inspection.domain.guardian_occurrence import HandOverSide, occurrence_fact
from services.inspection.domain.occurrence_ids import aware, occurrence_id
from services.inspection.domain.rules import ImminencePolicy, imminent_at


class Occurrence(HandOverSide):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = ""
        self.task_id = ""
        self.window = Window(datetime.min.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC))
        self.state: OccurrenceState | None = None
        self.post_ids: tuple[str, ...] = ()
        self.person_ids: tuple[str, ...] = ()
        self.imminent_at: datetime | None = None
        self.record_id: str | None = None  # the record that completed it
        self.after_miss: list[str] = []  # records that came after the miss

    @classmethod
    def issue(cls, *, enterprise_id: str, task_id: str, window: Window, post_ids: Sequence[str],
              person_ids: Sequence[str], at: datetime, policy: ImminencePolicy = ImminencePolicy()) -> Occurrence:
        """Issue the window to its assignees; a window already closed is missed instead (catch-up)."""
        _check_assignees(post_ids, person_ids)
        if aware(at) >= window.end:
            raise DomainError("本次排查时段已结束，不能再下发", field="window")
        occurrence = cls(occurrence_id(task_id, window.start))
        occurrence._record(e.OccurrenceIssued(**occurrence_fact(occurrence.id, enterprise_id, task_id, window),
                                              post_ids=list(post_ids), person_ids=list(person_ids),
                                              imminent_at=imminent_at(window.start, window.end, policy), at=at))
        return occurrence

    @classmethod
    def missed_while_down(cls, *, enterprise_id: str, task_id: str, window: Window, post_ids: Sequence[str],
                          person_ids: Sequence[str], at: datetime) -> Occurrence:
        """A window that opened and closed while nobody ran: missed, never issued."""
        _check_assignees(post_ids, person_ids)
        if aware(at) < window.end:
            raise DomainError("本次排查时段尚未结束，不能判为超期未排查", field="window")
        occurrence = cls(occurrence_id(task_id, window.start))
        occurrence._record(e.OccurrenceMissed(**occurrence_fact(occurrence.id, enterprise_id, task_id, window),
                                              post_ids=list(post_ids), person_ids=list(person_ids),
                                              never_issued=True, at=at))
        return occurrence

    def become_imminent(self, at: datetime) -> None:
        if self.state is None or not self.state.may_become(OccurrenceState.IMMINENT):
            return
        if self.imminent_at is not None and aware(at) < self.imminent_at:
            raise DomainError("尚未到临期时间", field="at", code="not_due")
        self._record(e.OccurrenceBecameImminent(**self._fact(), at=at))

    def miss(self, at: datetime) -> None:
        if self.state is None or not self.state.may_become(OccurrenceState.MISSED):
            return
        if aware(at) < self.window.end:
            raise DomainError("本次排查时段尚未结束，不能判为超期未排查", field="at", code="not_due")
        self._record(e.OccurrenceMissed(**self._fact(), post_ids=list(self.post_ids),
                                        person_ids=list(self.person_ids), never_issued=False, at=at))

    def complete(self, *, record_id: str, status: CheckStatus, made_at: datetime, received_at: datetime) -> None:
        """A check record for this window came. Made inside it: completed (if open). Made after it
        closed (a late record, or the miss not yet fired): missed, with the record kept beside."""
        if self.state is None:
            raise DomainError("该次排查不存在", field="occurrence_id")
        made = aware(made_at)
        if made < self.window.start:
            raise DomainError("排查时间早于本次排查开始时间", field="made_at")
        if self.state is OccurrenceState.COMPLETED or record_id in self.after_miss:
            return
        on_time = made < self.window.end
        if self.state.open and on_time:
            self._record(e.OccurrenceCompleted(**self._fact(), record_id=record_id, status=status, made_at=made_at,
                                               received_at=received_at))
            return
        self.miss(max(aware(received_at), self.window.end))
        self._record(e.OccurrenceCheckedAfterMissed(**self._fact(), record_id=record_id, status=status, made_at=made_at,
                                                    received_at=received_at, on_time=on_time))

    def _opened(self, ev: e.OccurrenceFact) -> None:
        self.enterprise_id, self.task_id = ev.enterprise_id, ev.task_id
        self.window = Window(ev.window_start, ev.window_end, ev.planned_on_assumed_calendar)

    def when_OccurrenceIssued(self, ev: e.OccurrenceIssued) -> None:
        self._opened(ev)
        self.state, self.imminent_at = OccurrenceState.ISSUED, ev.imminent_at
        self.post_ids, self.person_ids = tuple(ev.post_ids), tuple(ev.person_ids)

    def when_OccurrenceBecameImminent(self, ev: e.OccurrenceBecameImminent) -> None:
        self.state = OccurrenceState.IMMINENT

    def when_OccurrenceCompleted(self, ev: e.OccurrenceCompleted) -> None:
        self.state, self.record_id = OccurrenceState.COMPLETED, ev.record_id

    def when_OccurrenceMissed(self, ev: e.OccurrenceMissed) -> None:
        if self.state is None:  # missed while down: this is its first event
            self._opened(ev)
            self.post_ids, self.person_ids = tuple(ev.post_ids), tuple(ev.person_ids)
        self.state = OccurrenceState.MISSED

    def when_OccurrenceCheckedAfterMissed(self, ev: e.OccurrenceCheckedAfterMissed) -> None:
        self.after_miss.append(ev.record_id)



def _check_assignees(post_ids: Sequence[str], person_ids: Sequence[str]) -> None:
    if not post_ids and not person_ids:
        raise DomainError("排查任务须下发给至少一个岗位或人员", field="assignees")
