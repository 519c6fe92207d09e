"""Which events of other services raise, resolve or reassign alerts: one table, so a later source
(training's expiring certificates, monitoring's alarms) is configuration (`SK_ALERTING_SOURCES`,
settings.py), not code. Types are named by string: alerting never imports another service's classes.

A source names the fields of its event's data it reads. A deadline given as a date (a hazard's
rectification deadline) means the end of that day in Beijing, as hazard governance counts it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from libs.clock import CHINA_TIME
from services.alerting.domain.codes import Stage

INS, HAZ = "shuangkong.inspection.", "shuangkong.hazard."
ALERT_IDS = uuid.UUID("6f1c2a4e-5b3d-4c8e-9a7f-0d2e1b3c4a5f")


class Source(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    event_type: str
    does: Literal["raise", "resolve", "reassign"]
    cause_type: str  # occurrence, hazard, certificate…: alerts of one cause are found by it
    id_field: str  # the cause's id in the event's data
    stage: Stage | None = None  # raise: 临期 or 超期
    deadline_field: str | None = None  # raise: the original deadline (a datetime, or a date)
    stages: list[Stage] = Field(default_factory=list)  # resolve: which of the cause's alerts; raise: superseded
    person_ids_field: str | None = None  # the assignees, where the event says them
    post_ids_field: str | None = None
    urgency: Literal["never", "major_hazard", "always"] = "never"  # urgent: never quiet
    at_field: str | None = "at"  # raise 临期: when it began, on the source's clock (else: the reaction's)


DEFAULT_SOURCES: list[Source] = [
    Source(event_type=INS + "OccurrenceBecameImminent", does="raise", cause_type="occurrence",
           id_field="occurrence_id", stage=Stage.IMMINENT, deadline_field="window_end"),
    Source(event_type=INS + "OccurrenceMissed", does="raise", cause_type="occurrence", id_field="occurrence_id",
           stage=Stage.OVERDUE, deadline_field="window_end", stages=[Stage.IMMINENT],
           person_ids_field="person_ids", post_ids_field="post_ids"),
    Source(event_type=INS + "OccurrenceCompleted", does="resolve", cause_type="occurrence", id_field="occurrence_id",
           stages=[Stage.IMMINENT, Stage.OVERDUE]),
    Source(event_type=INS + "OccurrenceCheckedAfterMissed", does="resolve", cause_type="occurrence",
           id_field="occurrence_id", stages=[Stage.IMMINENT, Stage.OVERDUE]),
    Source(event_type=INS + "OccurrenceHandedOver", does="reassign", cause_type="occurrence", id_field="occurrence_id",
           person_ids_field="person_ids"),
    Source(event_type=HAZ + "RectificationImminent", does="raise", cause_type="hazard", id_field="hazard_id",
           stage=Stage.IMMINENT, deadline_field="deadline"),
    Source(event_type=HAZ + "RectificationOverdue", does="raise", cause_type="hazard", id_field="hazard_id",
           stage=Stage.OVERDUE, deadline_field="deadline", stages=[Stage.IMMINENT], urgency="major_hazard"),
    # A 重大 hazard past its plan date without its five (decision 54): urgent, as a 重大 hazard's overdue is.
    Source(event_type=HAZ + "GovernancePlanOverdue", does="raise", cause_type="hazard", id_field="hazard_id",
           stage=Stage.OVERDUE, deadline_field="plan_due", urgency="always"),
    *[Source(event_type=HAZ + name, does="resolve", cause_type="hazard", id_field="hazard_id",
             stages=[Stage.IMMINENT, Stage.OVERDUE])
      for name in ("ExtensionApproved", "HazardAccepted", "HazardFixedOnTheSpot", "HazardVoided")],
]


class SourceTable:
    def __init__(self, sources: list[Source]) -> None:
        self.by_type = {s.event_type: s for s in sources}
        if len(self.by_type) != len(sources):
            raise ValueError("alert sources: an event type is listed twice")

    def services(self) -> list[str]:
        """The services whose topics carry the sources (`shuangkong.<service>.<Event>`)."""
        return sorted({s.event_type.split(".")[1] for s in self.by_type.values()})


def deadline_of(value: Any) -> datetime:
    """A datetime as sent; a date: the end of that day in Beijing (00:00 of the next)."""
    if isinstance(value, str) and len(value) == 10:
        value = date.fromisoformat(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value + timedelta(days=1), time(0), CHINA_TIME)
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def alert_id_for(cause_type: str, cause_id: str, stage: Stage, deadline: datetime) -> str:
    """One alert per cause, stage and original deadline, however often its event arrives; a deadline
    extended is another deadline, so its own 临期/超期 is another alert."""
    return uuid.uuid5(ALERT_IDS, f"{cause_type}:{cause_id}:{stage.value}:{deadline.astimezone(UTC).isoformat()}").hex
