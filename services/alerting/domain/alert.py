"""An alert (提醒): raised when its cause is 临期 or 超期, told up the ladder rung by rung while nobody
handles it, acknowledged (处置) and cleared (销警) by people, or resolved by itself when its cause is
done. One alert per cause and stage (its id derives from them), so a source event delivered twice
raises one.

`ALLOWED` is the one table of what may happen from each state; a refusal lists what is allowed."""

from __future__ import annotations

from datetime import datetime

from libs.aggregate import Aggregate, DomainConflict, DomainError
from services.alerting.domain import events as e
from services.alerting.domain.codes import STATE_LABELS, Level, Stage, State
from services.alerting.domain.message import content, digest

INBOX = "inbox"
ACTION_LABELS = {"escalate": "逐级提醒", "acknowledge": "处置", "clear": "销警", "resolve": "自动解除",
                 "reassign": "改派"}
ALLOWED: dict[State, tuple[str, ...]] = {
    State.RAISED: ("escalate", "acknowledge", "resolve", "reassign"),
    State.ESCALATED: ("escalate", "acknowledge", "resolve", "reassign"),
    State.ACKNOWLEDGED: ("clear", "resolve"),
    State.CLEARED: (),
    State.RESOLVED: (),
}


class Alert(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.raised: e.AlertRaised | None = None
        self.state = State.RAISED
        self.steps_told = 0  # rungs of the ladder already told
        self.recipients: set[str] = set()  # everyone told so far
        self.assignees: list[str] = []
        self.readers: set[str] = set()
        self.last_reached: Level | None = None

    # --- deciding -------------------------------------------------------------------------------
    def raise_(self, raised: e.AlertRaised) -> bool:
        """Raise it; False (nothing recorded) if it already was: a redelivered or replayed source event."""
        if self.raised is not None:
            return False
        self._record(raised)
        return True

    def due_step(self, now: datetime) -> tuple[int, Level] | None:
        """The next rung to tell, if it is due and the alert is still unhandled."""
        if self.raised is None or "escalate" not in ALLOWED[self.state] or self.steps_told >= len(self.raised.ladder):
            return None
        step = self.raised.ladder[self.steps_told]
        return (self.steps_told, step.level) if step.due_at <= now else None

    def next_due_at(self) -> datetime | None:
        if self.raised is None or "escalate" not in ALLOWED[self.state] or self.steps_told >= len(self.raised.ladder):
            return None
        return self.raised.ladder[self.steps_told].due_at

    def escalate(self, step: int, reached: Level | None, recipient_ids: list[str], now: datetime) -> bool:
        """Tell rung `step` (the people its level resolved to); one inbox attempt per person. A rung
        already told, or an alert handled meanwhile, records nothing (a deadline fired late)."""
        due = self.due_step(now)
        if due is None or due[0] != step:
            return False
        assert self.raised is not None
        level = due[1]
        self._record(e.AlertEscalated(alert_id=self.id, enterprise_id=self._eid, step=step, level=level,
                                      reached=reached, recipient_ids=recipient_ids, at=now))
        self._tell(recipient_ids, step, reached or level, now)
        return True

    def _tell(self, people: list[str], step: int, level: Level, now: datetime) -> None:
        assert self.raised is not None
        text_digest = digest(content(self.raised, level))
        for person in people:
            # The inbox row is written in the same transaction as this event: the attempt is its delivery.
            self._record(e.NotificationAttempted(alert_id=self.id, enterprise_id=self._eid, step=step, channel=INBOX,
                                                 recipient_id=person, digest=text_digest, outcome="delivered",
                                                 attempt=1, at=now))

    def reassign(self, person_ids: list[str], now: datetime) -> bool:
        """The cause changed hands. If the assignees' rung was the last told, the new ones are told
        now (one attempt each); otherwise they are told when their rung comes."""
        if "reassign" not in ALLOWED[self.state] or person_ids == self.assignees:
            return False
        self._record(e.AlertReassigned(alert_id=self.id, enterprise_id=self._eid, person_ids=person_ids, at=now))
        if self.last_reached is Level.ASSIGNEE and self.raised is not None:
            self._tell([p for p in person_ids if p not in self.recipients], self.steps_told - 1, Level.ASSIGNEE, now)
        return True

    def read(self, person_id: str, now: datetime) -> bool:
        if person_id not in self.recipients:
            raise DomainError("这条提醒不在您的收件箱中", field="alert_id", code="not_a_recipient")
        if person_id in self.readers:
            return False
        self._record(e.AlertRead(alert_id=self.id, enterprise_id=self._eid, person_id=person_id, at=now))
        return True

    def acknowledge(self, by: str, note: str, now: datetime) -> None:
        self._allowed("acknowledge")
        if not note.strip():
            raise DomainError("处置须说明做了什么", field="note")
        self._record(e.AlertAcknowledged(alert_id=self.id, enterprise_id=self._eid, by=by, note=note, at=now))

    def clear(self, by: str, reason: str, now: datetime) -> None:
        self._allowed("clear")
        if not reason.strip():
            raise DomainError("销警须说明理由", field="reason")
        self._record(e.AlertCleared(alert_id=self.id, enterprise_id=self._eid, by=by, reason=reason, at=now))

    def resolve(self, because: str, source_event_id: str, now: datetime) -> bool:
        """Its cause is done; an alert already closed records nothing."""
        if self.raised is None or "resolve" not in ALLOWED[self.state]:
            return False
        self._record(e.AlertResolved(alert_id=self.id, enterprise_id=self._eid, because=because,
                                     source_event_id=source_event_id, at=now))
        return True

    def is_told(self, person_id: str) -> bool:
        return person_id in self.recipients or person_id in self.assignees

    @property
    def enterprise_id(self) -> str | None:
        return self.raised.enterprise_id if self.raised else None

    @property
    def stage(self) -> Stage | None:
        return self.raised.stage if self.raised else None

    @property
    def _eid(self) -> str:
        assert self.raised is not None
        return self.raised.enterprise_id

    def _allowed(self, action: str) -> None:
        if self.raised is None:
            raise DomainError("提醒不存在", field="alert_id", code="not_found")
        allowed = ALLOWED[self.state]
        if action not in allowed:
            can = "、".join(ACTION_LABELS[a] for a in allowed if a != "escalate") or "无 (已结束)"
            raise DomainConflict(f"提醒{STATE_LABELS[self.state]}，不能{ACTION_LABELS[action]}; 现在可以: {can}",
                                 field="state", code="illegal_transition")

    # --- applying -------------------------------------------------------------------------------
    def when_AlertRaised(self, ev: e.AlertRaised) -> None:  # noqa: N802
        self.raised, self.state, self.assignees = ev, State.RAISED, list(ev.cause.person_ids)

    def when_AlertEscalated(self, ev: e.AlertEscalated) -> None:  # noqa: N802
        self.steps_told, self.state, self.last_reached = ev.step + 1, State.ESCALATED, ev.reached

    def when_NotificationAttempted(self, ev: e.NotificationAttempted) -> None:  # noqa: N802
        if ev.outcome == "delivered":
            self.recipients.add(ev.recipient_id)

    def when_AlertReassigned(self, ev: e.AlertReassigned) -> None:  # noqa: N802
        self.assignees = list(ev.person_ids)

    def when_AlertRead(self, ev: e.AlertRead) -> None:  # noqa: N802
        self.readers.add(ev.person_id)

    def when_AlertAcknowledged(self, ev: e.AlertAcknowledged) -> None:  # noqa: N802
        self.state = State.ACKNOWLEDGED

    def when_AlertCleared(self, ev: e.AlertCleared) -> None:  # noqa: N802
        self.state = State.CLEARED

    def when_AlertResolved(self, ev: e.AlertResolved) -> None:  # noqa: N802
        self.state = State.RESOLVED
