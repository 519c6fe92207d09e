"""Calendar months for cycles by 月 and 年: the same day n months on, or the last day of a month too
short for it (31 January → 28/29 February → 31 March: always from the first start, never chained)."""

from __future__ import annotations

import calendar
from datetime import datetime


def add_months(moment: datetime, months: int) -> datetime:
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))
