"""What an occurrence counts for in the completion and on-time rates (完成率, 及时率), and the rates'
arithmetic over a group of occurrences (a post, a day, a week).

Decision 40 decides what one occurrence counts for: a record made inside the window but received
after the miss counts as completed on time, and the miss stays (both are counted); a record made
after the window counts as completed, not on time; a 2 未排查 record closes the occurrence without
being a check, so it is counted apart (`not_checked`) and never as completed. The rates are over
the occurrences whose outcome is decided (completed or missed): one whose window is still open is
owed nothing yet, so this morning's rate is not low because the afternoon has not come."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from libs.events import DomainEvent
from services.inspection.domain import occurrence_events as e
from services.inspection.domain.codes import CheckStatus, OccurrenceState, WorkType

# A post or department id (None: issued to people only, or a post under no known department), a
# workType, a day, a week's Monday.
GroupKey = str | date | WorkType | None


def is_check(status: CheckStatus) -> bool:
    """A record that is a real check: 正常, 存在隐患 or 其他 — not 2 未排查 (a reason, no check)."""
    return CheckStatus(status) is not CheckStatus.NOT_CHECKED


@dataclass(frozen=True)
class Outcome:
    """What one occurrence's records made of it: fed by OccurrenceCompleted and every
    OccurrenceCheckedAfterMissed, in order (a later record never takes back an earlier check)."""

    checked: bool = False  # a real check came, made in the window or after it
    checked_on_time: bool = False  # a real check made inside the window (received maybe after the miss)
    closing_status: CheckStatus | None = None  # the status of the record that completed it

    def completed(self, status: CheckStatus) -> Outcome:
        check = is_check(status)
        return replace(self, checked=self.checked or check, checked_on_time=self.checked_on_time or check,
                       closing_status=CheckStatus(status))

    def checked_after_miss(self, status: CheckStatus, on_time: bool) -> Outcome:
        check = is_check(status)
        return replace(self, checked=self.checked or check, checked_on_time=self.checked_on_time or (check and on_time))

    @classmethod
    def of(cls, history: Iterable[DomainEvent]) -> Outcome:
        """An occurrence's outcome from its events (the other events change none of it)."""
        outcome = cls()
        for event in history:
            if isinstance(event, e.OccurrenceCompleted):
                outcome = outcome.completed(event.status)
            elif isinstance(event, e.OccurrenceCheckedAfterMissed):
                outcome = outcome.checked_after_miss(event.status, event.on_time)
        return outcome


def _rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


@dataclass(frozen=True)
class Tally:
    """The counts of one group. `issued` is every occurrence of the group (those missed while the
    service was down included: they were owed); an occurrence issued to two posts is in each."""

    issued: int = 0
    open: int = 0  # 待排查 or 临期: nothing decided yet
    completed: int = 0  # a real check came (late ones included)
    completed_on_time: int = 0
    missed: int = 0  # 超期未排查, even when a record made in time came afterwards
    not_checked: int = 0  # closed by a 2 未排查 record

    @classmethod
    def of(cls, occurrences: Iterable[tuple[OccurrenceState, Outcome]]) -> Tally:
        """The counts of a group, each occurrence given by its state and outcome (the SQL of
        projections/rates.py counts the same, by columns)."""
        counts = dict.fromkeys(("issued", "open", "completed", "completed_on_time", "missed", "not_checked"), 0)
        for state, outcome in occurrences:
            for name, counted in (("issued", True), ("open", OccurrenceState(state).open),
                                  ("completed", outcome.checked), ("completed_on_time", outcome.checked_on_time),
                                  ("missed", state == OccurrenceState.MISSED),
                                  ("not_checked", outcome.closing_status == CheckStatus.NOT_CHECKED)):
                counts[name] += counted
        return cls(**counts)

    @property
    def decided(self) -> int:
        return self.issued - self.open

    @property
    def completion_rate(self) -> float | None:
        """完成率: completed over decided, 0–1 to four places; None when nothing is decided."""
        return _rate(self.completed, self.decided)

    @property
    def on_time_rate(self) -> float | None:
        """及时率: completed on time over decided; None when nothing is decided."""
        return _rate(self.completed_on_time, self.decided)

    def as_row(self) -> dict[str, int | float | None]:
        return {"issued": self.issued, "open": self.open, "completed": self.completed,
                "completed_on_time": self.completed_on_time, "missed": self.missed,
                "not_checked": self.not_checked, "decided": self.decided,
                "completion_rate": self.completion_rate, "on_time_rate": self.on_time_rate}
