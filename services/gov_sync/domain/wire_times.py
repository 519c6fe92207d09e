"""The platforms' time formats. All are Asia/Shanghai wall time with no offset: an aware time is
converted, a naive one is taken as already Shanghai. `yyyyMMddHHmmss`, `yyyyMMdd` and `H:mm:ss`
(GOV-INTERFACE.md, the park receiver's Jackson patterns) and the third variant's
`yyyy-MM-dd HH:mm:ss`."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def wall(moment: datetime) -> datetime:
    return moment if moment.tzinfo is None else moment.astimezone(SHANGHAI)


def compact_datetime(moment: datetime) -> str:
    """yyyyMMddHHmmss."""
    return wall(moment).strftime("%Y%m%d%H%M%S")


def compact_date(day: date) -> str:
    """yyyyMMdd; a datetime gives its Shanghai day."""
    if isinstance(day, datetime):
        day = wall(day).date()
    return day.strftime("%Y%m%d")


def dashed_datetime(moment: datetime | date) -> str:
    """yyyy-MM-dd HH:mm:ss; a date is written as its first second (00:00:00)."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    return wall(moment).strftime("%Y-%m-%d %H:%M:%S")


def time_of_day(moment: time) -> str:
    """H:mm:ss (no leading zero on the hour)."""
    return f"{moment.hour}:{moment.minute:02}:{moment.second:02}"
