"""The escalation policy: per stage, the rungs of the ladder and the grace each rung has before the
next is told. Keyed on the cause's ORIGINAL deadline: the ladder's due times are computed once, when
the alert is raised, and written into its event — a later edit of the deadline or of the policy never
moves them (a deadline extended resolves the alert instead).

A 临期 ladder counts from the moment its source said the cause became 临期 (before the deadline, and
itself fixed by it), an 超期 ladder from the deadline.

Default (issue 14): 临期 → the assignee; 超期 → the team leader at once, the department head after
24 h, the principal after 72 h."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field, model_validator

from libs.aggregate import DomainError
from services.alerting.domain.codes import LEVEL_LABELS, Level, Stage


class Rung(BaseModel):
    """One level of the ladder: told `after` the deadline (the first rung) or after the previous
    rung's grace (the others); `grace` is how long it has to act before the next rung is told."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    level: Level
    grace_h: int = Field(default=0, ge=0, le=24 * 90, description="本级处置宽限 (小时): 过后通知上一级")


class Ladder(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    start_h: int = Field(default=0, ge=-24 * 30, le=24 * 90, description="第一级在截止时间后多少小时通知 (可为负)")
    rungs: list[Rung] = Field(..., min_length=1, max_length=4)

    @model_validator(mode="after")
    def _climbs(self) -> Ladder:
        ranks = [r.level.rank for r in self.rungs]
        if ranks != sorted(set(ranks)):
            order = " → ".join(LEVEL_LABELS[r.level] for r in self.rungs)
            raise DomainError(f"逐级提醒须自下而上且每级一次 (现为 {order})", field="rungs")
        return self

    def due_times(self, anchor: datetime) -> list[tuple[Level, datetime]]:
        """When each rung falls due, from the anchor (the original deadline, or when 临期 began)."""
        at = anchor + timedelta(hours=self.start_h)
        due = []
        for rung in self.rungs:
            due.append((rung.level, at))
            at += timedelta(hours=rung.grace_h)
        return due


class EscalationPolicy(BaseModel):
    """An enterprise's policy (or the default): one ladder per stage."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    imminent: Ladder
    overdue: Ladder

    def ladder(self, stage: Stage) -> Ladder:
        return self.imminent if stage is Stage.IMMINENT else self.overdue


DEFAULT_POLICY = EscalationPolicy(
    imminent=Ladder(rungs=[Rung(level=Level.ASSIGNEE)]),
    overdue=Ladder(rungs=[Rung(level=Level.TEAM, grace_h=24), Rung(level=Level.DEPARTMENT, grace_h=48),
                          Rung(level=Level.PRINCIPAL)]),
)
