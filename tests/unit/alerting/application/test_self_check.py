"""Recording a self-check on fakes: the reports read at the time are kept in the event (a later
change of the facts leaves the record as it was), under `selfcheck-<id>`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from libs.clock import FixedClock
from libs.eventstore import InMemoryEventStore
from libs.periods import Period
from libs.repository import CommandContext, Repository
from services.alerting.application import self_check as sc
from services.alerting.domain.codes import Level, State
from services.alerting.domain.events import registry
from services.alerting.domain.reminder_stats import AlertTimes, ReminderStats, tally
from services.alerting.domain.self_check import SelfCheck

EID = "ent-1"
NOW = datetime(2026, 10, 8, 2, 0, tzinfo=UTC)
RAISED = datetime(2026, 8, 3, 2, 0, tzinfo=UTC)


class FakeReports:
    def __init__(self) -> None:
        self.alerts = [AlertTimes("task_overdue", Level.TEAM, State.ACKNOWLEDGED, RAISED,
                                  acknowledged_at=datetime(2026, 8, 3, 4, 0, tzinfo=UTC))]
        self.asked: list[Period] = []

    async def reminder_stats(self, enterprise_id: str, period: Period) -> ReminderStats:
        self.asked.append(period)
        return tally(self.alerts)

    async def effectiveness_weeks(self, enterprise_id: str, period: Period) -> list[dict[str, Any]]:
        return [{"week": "2026-W27", "score": 91.5}]


async def test_the_record_keeps_what_the_reports_said_then():
    store, reports = InMemoryEventStore(), FakeReports()
    deps = sc.SelfChecks(Repository(store, registry, SelfCheck, "selfcheck", "alerting"), reports, FixedClock(NOW))
    period = Period(date(2026, 7, 1), date(2026, 9, 30))
    cmd = sc.RecordSelfCheck(conclusions="超期提醒 2 小时内处置").for_(EID)
    check_id = await sc.record(cmd, period, deps, CommandContext("p-officer", EID, "corr-1"))
    reports.alerts = []  # the facts change afterwards
    check = await deps.repository.get(check_id)
    assert check.recorded is not None
    kept = check.recorded
    assert (kept.first_day, kept.last_day, kept.recorded_by, kept.at) == (period.first, period.last, "p-officer", NOW)
    assert kept.reminder_stats.total.acknowledged == 1 and kept.effectiveness == [{"week": "2026-W27", "score": 91.5}]
    [recorded] = await store.read_all()
    assert recorded.stream_id == f"selfcheck-{check_id}" and recorded.type.endswith("SelfCheckRecorded")
    assert reports.asked == [period]
