"""Small builders of alerts for the domain's tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.alerting.domain import events as e
from services.alerting.domain.alert import Alert
from services.alerting.domain.codes import Stage
from services.alerting.domain.policy import DEFAULT_POLICY

EID = "ent-1"
DEADLINE = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
H = timedelta(hours=1)


def raised(stage: Stage = Stage.OVERDUE, **cause) -> e.AlertRaised:
    ladder = [e.Step(level=level, due_at=at) for level, at in DEFAULT_POLICY.ladder(stage).due_times(DEADLINE)]
    return e.AlertRaised(alert_id="a-1", enterprise_id=EID, source_type="shuangkong.inspection.OccurrenceMissed",
                         source_event_id="ev-1", cause=e.Cause(cause_type="occurrence", cause_id="occ-1",
                                                               person_ids=["p-worker"], **cause),
                         stage=stage, deadline=DEADLINE, urgent=False, ladder=ladder, at=DEADLINE)


def an_alert(stage: Stage = Stage.OVERDUE) -> Alert:
    alert = Alert("a-1")
    alert.raise_(raised(stage))
    alert.mark_saved()
    return alert


def types(alert: Alert) -> list[str]:
    return [type(ev).__name__ for ev in alert.pending()]
