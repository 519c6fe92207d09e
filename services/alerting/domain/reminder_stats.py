"""Reminder statistics for the self-check report (DOMAIN.md §9 item 2: "reminders handled and
cleared"): how many alerts were raised, 处置, 销警, resolved by themselves, still open — per kind and
per level reached — and how long 处置 and 销警 took, as the median and p90 of the alerts' own times
(raise → acknowledge, raise → clear), never the time anything was processed. Pure: the rows come in,
the tally goes out; the same tally is the JSON answer, the export and the self-check's snapshot."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict

from services.alerting.domain.codes import LADDER, LEVEL_LABELS, Level, Stage, State

PLAN_OVERDUE = "GovernancePlanOverdue"  # the 重大 hazard's five not in place by its plan date (decision 63)
KIND_LABELS = {"task_imminent": "排查任务临期", "task_overdue": "排查任务超期", "hazard_imminent": "隐患临期",
               "hazard_overdue": "隐患超期未整改", "plan_overdue": "重大隐患治理方案超期"}
NOT_TOLD = "none"  # raised, no rung told yet
CHANNEL_LABELS = {"inbox": "站内提醒", "dingtalk": "钉钉", "wecom": "企业微信", "email": "电子邮件",
                  "webhook": "Webhook"}


def kind_of(cause_type: str, stage: Stage, source_type: str) -> str:
    """The report's kind: task/hazard × 临期/超期, the governance plan's overdue apart (it is a hazard's
    超期 too, but the regulator asks about it separately); a configured source keeps its cause's name."""
    if source_type.endswith("." + PLAN_OVERDUE):
        return "plan_overdue"
    cause = {"occurrence": "task"}.get(cause_type, cause_type)
    return f"{cause}_{stage.value}"


@dataclass(frozen=True)
class AlertTimes:
    """One alert as its events dated it."""

    kind: str
    level: Level | None  # the highest rung told; 处置 stops the ladder, so it is the level at 处置
    state: State
    raised_at: datetime
    acknowledged_at: datetime | None = None
    cleared_at: datetime | None = None
    resolved_at: datetime | None = None

    @property
    def self_resolved(self) -> bool:
        """Resolved by its cause with nobody having 处置: not counted as handled."""
        return self.resolved_at is not None and self.acknowledged_at is None


def median(values: Sequence[float]) -> float | None:
    """The middle value; with an even count, the mean of the two middle ones."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def p90(values: Sequence[float]) -> float | None:
    """The 90th percentile by nearest rank (the smallest value with at least 90 % at or below it):
    always a time that really occurred, which is what a regulator can check against the alerts."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


class Timing(BaseModel):
    model_config = ConfigDict(frozen=True)
    count: int
    median_hours: float | None
    p90_hours: float | None

    @classmethod
    def of(cls, hours: Sequence[float]) -> Timing:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 2)
        return cls(count=len(hours), median_hours=r(median(hours)), p90_hours=r(p90(hours)))


class Counts(BaseModel):
    model_config = ConfigDict(frozen=True)
    raised: int = 0
    acknowledged: int = 0  # 处置 (later cleared or resolved, still handled)
    cleared: int = 0  # 销警
    self_resolved: int = 0  # 自动解除 with no 处置
    open: int = 0  # still raised, escalated or acknowledged

    @classmethod
    def of(cls, alerts: Sequence[AlertTimes]) -> Counts:
        return cls(raised=len(alerts), acknowledged=sum(a.acknowledged_at is not None for a in alerts),
                   cleared=sum(a.cleared_at is not None for a in alerts),
                   self_resolved=sum(a.self_resolved for a in alerts), open=sum(a.state.open for a in alerts))


class KindRow(Counts):
    kind: str
    kind_label: str


class LevelRow(Counts):
    level: str  # a Level's code, or "none": no rung told yet
    level_label: str
    to_acknowledge: Timing  # raise → 处置
    to_clear: Timing  # raise → 销警


class ChannelRow(BaseModel):
    model_config = ConfigDict(frozen=True)
    channel: str
    channel_label: str
    attempts: int
    succeeded: int
    failed: int  # attempts that did not get through (a retried delivery's failures, a dead letter's)
    dead_lettered: int  # deliveries given up on


@dataclass(frozen=True)
class ChannelTally:
    """One channel's deliveries in the period: attempts made, deliveries that got through, dead ones."""

    channel: str
    attempts: int
    delivered: int
    dead: int

    def row(self) -> ChannelRow:
        return ChannelRow(channel=self.channel, channel_label=CHANNEL_LABELS.get(self.channel, self.channel),
                          attempts=self.attempts, succeeded=self.delivered,
                          failed=max(self.attempts - self.delivered, 0), dead_lettered=self.dead)


class ReminderStats(BaseModel):
    """The tally of a period, as answered and as a self-check record keeps it."""

    model_config = ConfigDict(frozen=True)
    total: Counts
    kinds: list[KindRow]
    levels: list[LevelRow]
    channels: list[ChannelRow]


def _hours(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else (end - start).total_seconds() / 3600


def tally(alerts: Iterable[AlertTimes], channels: Iterable[ChannelTally] = ()) -> ReminderStats:
    every = list(alerts)
    kinds: dict[str, list[AlertTimes]] = {k: [] for k in KIND_LABELS}
    levels: dict[str, list[AlertTimes]] = {code: [] for code in [*(lv.value for lv in LADDER), NOT_TOLD]}
    for a in every:
        kinds.setdefault(a.kind, []).append(a)
        levels[a.level.value if a.level else NOT_TOLD].append(a)

    def level_row(code: str, group: list[AlertTimes]) -> LevelRow:
        acked = [h for a in group if (h := _hours(a.raised_at, a.acknowledged_at)) is not None]
        cleared = [h for a in group if (h := _hours(a.raised_at, a.cleared_at)) is not None]
        label = "尚未通知" if code == NOT_TOLD else LEVEL_LABELS[Level(code)]
        return LevelRow(level=code, level_label=label, **Counts.of(group).model_dump(),
                        to_acknowledge=Timing.of(acked), to_clear=Timing.of(cleared))

    return ReminderStats(
        total=Counts.of(every),
        kinds=[KindRow(kind=k, kind_label=KIND_LABELS.get(k, k), **Counts.of(g).model_dump())
               for k, g in kinds.items()],
        levels=[level_row(code, g) for code, g in levels.items()],
        channels=[c.row() for c in sorted(channels, key=lambda c: c.channel)])


def last_complete_quarter(today: date) -> tuple[date, date]:
    """The calendar quarter before `today`'s (a self-check is quarterly, seed 004): its first and last day."""
    this_quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    last = this_quarter - timedelta(days=1)
    return date(last.year, (last.month - 1) // 3 * 3 + 1, 1), last
