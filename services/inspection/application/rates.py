"""Completion and on-time rates of an enterprise's occurrences (完成率, 及时率), per post, day or
week of a period, and for the whole enterprise: counted by the occurrence read model (its outcome
columns, domain/rates.Outcome), the arithmetic and the groups listed are the domain's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from libs.clock import CHINA_TIME, Clock
from services.inspection.domain.rates import GroupKey, Tally
from services.inspection.domain.report_period import Period, RatesBy


class RateQueries(Protocol):
    """Counts over the occurrences whose window starts in [start, end) (projections/rates.py, or
    in_memory_occurrences.py)."""

    async def tallies(self, enterprise_id: str, by: RatesBy, start: datetime,
                      end: datetime) -> dict[GroupKey, Tally]: ...

    async def total(self, enterprise_id: str, start: datetime, end: datetime) -> Tally: ...


@dataclass
class Rates:
    queries: RateQueries
    clock: Clock

    def period(self, first: date | None, last: date | None) -> Period:
        return Period.of(first, last, self.clock.now().astimezone(CHINA_TIME).date())

    async def report(self, enterprise_id: str, by: RatesBy, period: Period) -> dict[str, Any]:
        """Every group of the period (the empty days and weeks too), in order, and the total: for
        posts the total is no sum of the groups, since an occurrence issued to two posts is in both."""
        found = await self.queries.tallies(enterprise_id, by, period.start, period.end)
        groups: dict[GroupKey, Tally] = {key: found.get(key, Tally()) for key in period.groups(by)}
        groups.update(found)
        total = await self.queries.total(enterprise_id, period.start, period.end)
        listed = [{"group": _text(key), **tally.as_row()} for key, tally in sorted(groups.items(), key=_order)]
        return {"by": by, "first_day": period.first, "last_day": period.last, "groups": listed,
                "total": total.as_row()}


def _text(key: GroupKey) -> str | None:
    return key.isoformat() if isinstance(key, date) else key


def _order(item: tuple[GroupKey, Tally]) -> tuple[bool, str]:
    key = item[0]
    return key is None, _text(key) or ""
