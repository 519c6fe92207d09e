"""The `StatutoryCalendar` port on the `chinese-calendar` library (国务院办公厅 notices from 2004):
pure data, no I/O. The library raises for a year it has no data for; the port answers None."""

from __future__ import annotations

from datetime import date

import chinese_calendar


class ChineseCalendarLibrary:
    def workday(self, day: date) -> bool | None:
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:  # "no available data for year …": the year is unknown, not ordinary
            return None
