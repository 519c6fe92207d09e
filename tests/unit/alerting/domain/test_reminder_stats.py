"""The reminder tally on plain rows: median and p90 with odd and even counts, an alert 处置 then
销警 counted both ways, one resolved by itself never counted as 处置, the default quarter."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from services.alerting.domain.codes import Level, Stage, State
from services.alerting.domain.reminder_stats import (
    AlertTimes,
    ChannelTally,
    kind_of,
    last_complete_quarter,
    median,
    p90,
    tally,
)

T0 = datetime(2026, 10, 5, 2, 0, tzinfo=UTC)
H = timedelta(hours=1)


def test_median_of_an_odd_count_is_the_middle_one_and_of_an_even_count_the_mean_of_the_two():
    assert median([5.0, 1.0, 3.0]) == 3.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert median([]) is None


def test_p90_is_the_nearest_rank():
    assert p90([float(n) for n in range(1, 11)]) == 9.0  # ceil(0.9 × 10) = 9th
    assert p90([float(n) for n in range(1, 12)]) == 10.0  # ceil(0.9 × 11) = 10th
    assert p90([7.0]) == 7.0
    assert p90([]) is None


def test_acknowledged_then_cleared_counts_as_both_and_its_times_run_from_the_raise():
    handled = AlertTimes("task_overdue", Level.TEAM, State.CLEARED, T0, acknowledged_at=T0 + 2 * H,
                         cleared_at=T0 + 5 * H)
    stats = tally([handled])
    assert (stats.total.raised, stats.total.acknowledged, stats.total.cleared, stats.total.open) == (1, 1, 1, 0)
    team = next(lv for lv in stats.levels if lv.level == "team")
    assert (team.to_acknowledge.median_hours, team.to_clear.median_hours) == (2.0, 5.0)
    assert (team.to_acknowledge.count, team.level_label) == (1, "班组长")


def test_one_resolved_by_itself_is_not_a_handling():
    alone = AlertTimes("hazard_overdue", Level.TEAM, State.RESOLVED, T0, resolved_at=T0 + H)
    acked_then_resolved = AlertTimes("hazard_overdue", Level.TEAM, State.RESOLVED, T0, acknowledged_at=T0 + 3 * H,
                                     resolved_at=T0 + 4 * H)
    stats = tally([alone, acked_then_resolved])
    assert (stats.total.acknowledged, stats.total.self_resolved) == (1, 1)
    team = next(lv for lv in stats.levels if lv.level == "team")
    assert (team.to_acknowledge.count, team.to_acknowledge.median_hours) == (1, 3.0)
    hazard = next(k for k in stats.kinds if k.kind == "hazard_overdue")
    assert (hazard.raised, hazard.self_resolved, hazard.kind_label) == (2, 1, "隐患超期未整改")


def test_levels_medians_with_even_counts_and_an_alert_not_told_yet():
    told = [AlertTimes("task_overdue", Level.DEPARTMENT, State.ACKNOWLEDGED, T0, acknowledged_at=T0 + h * H)
            for h in (30, 26, 40, 24)]
    waiting = AlertTimes("task_imminent", None, State.RAISED, T0)
    stats = tally([*told, waiting])
    dept = next(lv for lv in stats.levels if lv.level == "department")
    assert (dept.to_acknowledge.median_hours, dept.to_acknowledge.p90_hours, dept.open) == (28.0, 40.0, 4)
    none = next(lv for lv in stats.levels if lv.level == "none")
    assert (none.raised, none.to_acknowledge.median_hours, none.level_label) == (1, None, "尚未通知")
    assert [k.kind for k in stats.kinds][:5] == ["task_imminent", "task_overdue", "hazard_imminent",
                                                 "hazard_overdue", "plan_overdue"]


def test_channels_failed_are_the_attempts_that_did_not_get_through():
    [row] = tally([], [ChannelTally("webhook", attempts=5, delivered=1, dead=1)]).channels
    assert (row.attempts, row.succeeded, row.failed, row.dead_lettered, row.channel_label) == (5, 1, 4, 1, "Webhook")


def test_kinds_and_the_default_quarter():
    assert kind_of("occurrence", Stage.IMMINENT, "shuangkong.inspection.OccurrenceBecameImminent") == "task_imminent"
    assert kind_of("hazard", Stage.OVERDUE, "shuangkong.hazard.GovernancePlanOverdue") == "plan_overdue"
    assert kind_of("hazard", Stage.OVERDUE, "shuangkong.hazard.RectificationOverdue") == "hazard_overdue"
    assert last_complete_quarter(date(2026, 12, 4)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert last_complete_quarter(date(2027, 1, 1)) == (date(2026, 10, 1), date(2026, 12, 31))
