"""Rules of check tasks (pure): when an occurrence becomes 临期, and the checks on a task's fields
(GOV-INTERFACE.md entity 4) — each refusal a DomainError naming the field, in Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from libs.aggregate import DomainError
from libs.names import checked_text
from services.inspection.domain.codes import (
    WORK_DAY_TYPE_LABELS,
    WORK_TYPE_LABELS,
    CheckCycleUnit,
    WorkDayType,
    WorkType,
)

# The park receiver stores checkCycle as decimal(4,2).
CYCLE_MAX = Decimal("99.99")
HOURLY_MAX = 24
CONTENT_LIMIT = 1000  # troubleshootContent ≤ 1000
EARLIEST, LATEST = 2000, 2099  # years a task may start in: beyond them a date is a typing error
_SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class ImminencePolicy:
    """临期: the last `fraction` of a window, but never less than `at_least` (default 20 %, 1 hour)."""

    fraction: Decimal = Decimal("0.2")
    at_least: timedelta = timedelta(hours=1)

    def __post_init__(self) -> None:
        if not Decimal(0) < self.fraction < Decimal(1):
            raise DomainError("临期比例须大于 0 且小于 1", field="imminent_fraction")
        if self.at_least < timedelta(0):
            raise DomainError("临期最短提前时间不能为负", field="imminent_at_least")


def imminent_at(start: datetime, end: datetime, policy: ImminencePolicy = ImminencePolicy()) -> datetime:
    """The instant an occurrence of window [start, end) becomes 临期: end − max(fraction × window,
    at_least), never before the window opens (a window shorter than an hour is 临期 from its start)."""
    span = (end - start) // timedelta(microseconds=1)
    lead = max(timedelta(microseconds=int(span * policy.fraction)), policy.at_least)
    return max(start, end - lead)


def checked_cycle(value: Any, unit: CheckCycleUnit) -> Decimal:
    """checkCycle: a number > 0 with at most two decimals (decimal(4,2)); by 小时 at most a day; by 月
    or 年 it must come to whole months, since a month has no fixed length to take a fraction of."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise DomainError("排查周期须为数字", field="check_cycle")
    try:
        cycle = Decimal(str(value).strip())
    except InvalidOperation:
        raise DomainError("排查周期须为数字", field="check_cycle") from None
    if not cycle.is_finite() or cycle <= 0:
        raise DomainError("排查周期须大于 0", field="check_cycle")
    if cycle > CYCLE_MAX or cycle != cycle.quantize(Decimal("0.01")):
        raise DomainError(f"排查周期最大 {CYCLE_MAX}，最多两位小数", field="check_cycle")
    if unit is CheckCycleUnit.HOUR and cycle > HOURLY_MAX:
        # Hourly cycles fill each day's work window afresh; a longer span is a cycle by 天.
        raise DomainError(f"按小时计的排查周期不能超过 {HOURLY_MAX} 小时；更长的请按天计", field="check_cycle")
    if unit in (CheckCycleUnit.MONTH, CheckCycleUnit.YEAR) and months_of(cycle, unit) is None:
        raise DomainError(f"按{unit.value}计的排查周期须为整月（如 1.5 年 = 18 个月）；不足一月请按天计",
                          field="check_cycle")
    return cycle


def months_of(cycle: Decimal, unit: CheckCycleUnit) -> int | None:
    months = cycle * (12 if unit is CheckCycleUnit.YEAR else 1)
    return int(months) if months == months.to_integral_value() else None


def checked_unit(value: Any) -> CheckCycleUnit:
    try:
        return CheckCycleUnit(value)
    except ValueError:
        units = "、".join(unit.value for unit in CheckCycleUnit)
        raise DomainError(f"排查周期单位须为以下取值之一: {units}", field="check_cycle_unit") from None


def checked_start(value: Any) -> datetime:
    if not isinstance(value, datetime):
        raise DomainError("任务开始时间须为日期时间", field="task_start_time")
    return value


_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def checked_work_time(value: Any, field: str, unit: CheckCycleUnit) -> time | None:
    """workStartTime / workEndTime (H:mm:ss), required for hourly cycles: the daily work window the
    hourly occurrences fill; an end at or before the start runs past midnight."""
    name = "开始" if field == "work_start_time" else "结束"
    if value is None or value == "":
        if unit is CheckCycleUnit.HOUR:
            raise DomainError(f"按小时排查的任务须填写工作{name}时间", field=field)
        return None
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    match = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
        raise DomainError(f"工作{name}时间须为 H:mm:ss（如 8:00:00），实际为 {value!r}", field=field)
    return time(int(match[1]), int(match[2]), int(match[3] or 0))


def checked_work_day_type(value: Any) -> WorkDayType:
    return WorkDayType(_code(value, WorkDayType, WORK_DAY_TYPE_LABELS, "工作日类型", "work_day_type"))


def checked_duty(work_type: Any, task_num: Any) -> tuple[WorkType, int | None]:
    """workType and taskNum: a 包保 task (1–3) names the item of the national list within its role's
    range (1–9, 1–9, 1–10); a 日常 task names none."""
    kind = WorkType(_code(work_type, WorkType, WORK_TYPE_LABELS, "任务类型", "work_type"))
    nums = kind.task_nums
    if nums is None:
        if task_num is not None:
            raise DomainError("日常任务不填包保任务序号", field="task_num")
        return kind, None
    if isinstance(task_num, bool) or not isinstance(task_num, int) or task_num not in nums:
        raise DomainError(f"{kind.label}的包保任务序号须为 {nums.start}～{nums.stop - 1} 的整数", field="task_num")
    return kind, task_num


def checked_content(value: Any) -> str:
    if not isinstance(value, str):
        raise DomainError("排查内容须为文字", field="troubleshoot_content")
    return checked_text(value, "troubleshoot_content", CONTENT_LIMIT)


def _code(value: Any, enum: Any, labels: dict[Any, str], name: str, field: str) -> int:
    if not isinstance(value, bool) and isinstance(value, int | str):
        try:
            code = int(value)
        except ValueError:
            code = None
        if code is not None and code in set(enum):
            return code
    shown = "、".join(f"{code.value}（{label}）" for code, label in labels.items())
    raise DomainError(f"{name}须为以下取值之一: {shown}", field=field)


def checked_start_moment(start: datetime) -> datetime:
    """taskStartTime as a moment in Shanghai (naive means Shanghai wall time), within the years a
    plan can mean."""
    if not EARLIEST <= start.year <= LATEST:
        raise DomainError(f"任务开始时间须在 {EARLIEST}～{LATEST} 年之间", field="task_start_time")
    return start.astimezone(_SHANGHAI) if start.tzinfo is not None else start.replace(tzinfo=_SHANGHAI)
