"""What the calendar routes answer: which years are known (from the library, 库, or loaded, 导入)
and which the service needs but lacks; one year's days off and swapped working days; and the
warning the enterprise admin sees from 1 December while next year's calendar is missing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from services.inspection.application.calendar import CalendarBook
from services.inspection.domain.calendar import StatutoryCalendar

Row = dict[str, Any]
LIBRARY = "库"
LOADED = "导入"
FIRST_LIBRARY_YEAR = 2004  # the chinese-calendar library's first notice; earlier years are never planned


async def years(book: CalendarBook) -> Row:
    """Every known year, oldest first; `missing`: this year and next when neither source has them."""
    loaded = {r["year"]: r for r in await book.queries.loaded_years()}
    calendar = await book.calendar()
    needed = book.today().year + 1
    known = [{"year": y, "source": LOADED, "loaded_by": loaded[y]["loaded_by"], "loaded_at": loaded[y]["loaded_at"]}
             if y in loaded else {"year": y, "source": LIBRARY, "loaded_by": None, "loaded_at": None}
             for y in sorted(set(loaded) | set(range(FIRST_LIBRARY_YEAR, needed + 1)))
             if y in loaded or calendar.knows_year(y)]
    missing = [y for y in (needed - 1, needed) if not calendar.knows_year(y)]
    return {"years": known, "missing": missing}


async def year(book: CalendarBook, wanted: int) -> Row | None:
    """The year's holidays and swapped working days as in force, None when no source has it."""
    for r in await book.queries.loaded_years():
        if r["year"] == wanted:
            return {"year": wanted, "source": LOADED, "holidays": r["holidays"], "workdays": r["workdays"],
                    "loaded_by": r["loaded_by"], "loaded_at": r["loaded_at"]}
    if not (await book.calendar()).knows_year(wanted):
        return None
    holidays, workdays = library_days(book.calendar.statutory, wanted)
    return {"year": wanted, "source": LIBRARY, "holidays": holidays, "workdays": workdays,
            "loaded_by": None, "loaded_at": None}


def library_days(statutory: StatutoryCalendar, year: int) -> tuple[list[date], list[date]]:
    """The library's year as an override would say it: the weekdays off and the weekend days worked
    (a holiday falling on a weekend changes nothing, so it is not listed)."""
    day, holidays, workdays = date(year, 1, 1), [], []
    while day.year == year:
        workday, weekday = statutory.workday(day), day.weekday() < 5
        if weekday and workday is False:
            holidays.append(day)
        elif not weekday and workday:
            workdays.append(day)
        day += timedelta(days=1)
    return holidays, workdays


async def status(book: CalendarBook) -> Row:
    today = book.today()
    if not (await book.calendar()).missing_next_year(today):
        return {"ok": True, "missing_year": None, "message": None}
    nxt = today.year + 1
    return {"ok": False, "missing_year": nxt, "message": (
        f"国务院办公厅关于{nxt}年部分节假日安排的通知通常于11月下旬发布，但明年节假日安排尚未导入工作日历："
        f"按法定工作日排查的任务在{nxt}年的日期只能按周一至周五推定。请联系平台管理员导入{nxt}年的节假日安排。")}
