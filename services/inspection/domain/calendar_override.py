"""A year's calendar as an admin loads it (a dict, e.g. from uploaded JSON): the statutory holidays
and the swapped working days (调休) of the State Council's notice. Any other day follows the week.

```json
{"year": 2027, "holidays": ["2027-01-01", "2027-02-06", ...], "workdays": ["2027-02-14", ...]}
```
Bad data is refused naming the entry (`holidays.3`), so the admin can fix the upload."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from libs.aggregate import DomainError

YEARS = range(2000, 2101)


@dataclass(frozen=True)
class CalendarOverride:
    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]  # 调休: weekend days worked in exchange for a holiday

    def workday(self, day: date) -> bool:
        if day in self.holidays:
            return False
        return day in self.workdays or day.weekday() < 5

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CalendarOverride:
        year = data.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or year not in YEARS:
            raise DomainError(f"年份须为 {YEARS.start}～{YEARS.stop - 1} 之间的整数", field="year")
        holidays = _dates(data.get("holidays", []), year, "holidays", "节假日")
        workdays = _dates(data.get("workdays", []), year, "workdays", "调休上班日")
        for i, day in enumerate(workdays):
            if day.weekday() < 5:
                raise DomainError(f"调休上班日第{i + 1}项 {day.isoformat()} 不是周末（调休上班日须为周六或周日）",
                                  field=f"workdays.{i}")
            if day in holidays:
                raise DomainError(f"{day.isoformat()} 不能既是节假日又是调休上班日", field=f"workdays.{i}")
        return cls(year, frozenset(holidays), frozenset(workdays))

    def to_data(self) -> dict[str, Any]:
        return {"year": self.year, "holidays": [d.isoformat() for d in sorted(self.holidays)],
                "workdays": [d.isoformat() for d in sorted(self.workdays)]}


def _dates(values: Any, year: int, field: str, name: str) -> list[date]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise DomainError(f"{name}须为日期列表（如 \"{year}-01-01\"）", field=field)
    days = []
    for i, value in enumerate(values):
        day = _date(value)
        if day is None:
            raise DomainError(f"{name}第{i + 1}项须为日期（YYYY-MM-DD），实际为 {value!r}", field=f"{field}.{i}")
        if day.year != year:
            raise DomainError(f"{name}第{i + 1}项 {day.isoformat()} 不在 {year} 年内", field=f"{field}.{i}")
        days.append(day)
    return days


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
