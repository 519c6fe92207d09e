"""Completion and on-time rates of an enterprise's occurrences (完成率, 及时率), per post, department,
包保 role (workType), day or week of a period, and for the whole enterprise: counted by the
occurrence read model (its outcome columns, domain/rates.Outcome), the arithmetic and the groups
listed are the domain's, the posts' and departments' names the directory replica's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from libs.clock import CHINA_TIME, Clock
from libs.periods import Period
from services.inspection.application.my_tasks import Directory
from services.inspection.domain.codes import WorkType
from services.inspection.domain.rates import GroupKey, Tally
from services.inspection.domain.report_period import RatesBy, listed_groups

# The directory's kind of unit each grouping names (the registry's OrgUnitKind values).
_UNIT_KIND = {RatesBy.POST: "post", RatesBy.DEPARTMENT: "department"}


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
    directory: Directory  # the names of posts and departments, and which departments there are

    def period(self, first: date | None, last: date | None) -> Period:
        return Period.of(first, last, self.clock.now().astimezone(CHINA_TIME).date())

    async def report(self, enterprise_id: str, by: RatesBy, period: Period) -> dict[str, Any]:
        """Every group of the period (the empty days, weeks, roles and departments too), in order, and
        the total: for posts and departments the total is no sum of the groups, since an occurrence
        issued to two posts is in both."""
        found = await self.queries.tallies(enterprise_id, by, period.start, period.end)
        names = await self._names(enterprise_id, by)
        listed_empty: list[GroupKey] = [*listed_groups(period, by), *(names if by is RatesBy.DEPARTMENT else ())]
        groups: dict[GroupKey, Tally] = {key: found.get(key, Tally()) for key in listed_empty}
        groups.update(found)
        total = await self.queries.total(enterprise_id, period.start, period.end)
        listed = [{"group": _text(key), "group_name": names.get(key), **tally.as_row()}
                  for key, tally in sorted(groups.items(), key=_order)]
        return {"by": by, "first_day": period.first, "last_day": period.last, "groups": listed,
                "total": total.as_row()}

    async def _names(self, enterprise_id: str, by: RatesBy) -> dict[GroupKey, str | None]:
        if by is RatesBy.ROLE:
            return {role: role.label for role in WorkType}
        if by in _UNIT_KIND:
            return dict(await self.directory.units(enterprise_id, _UNIT_KIND[by]))
        return {}


def _text(key: GroupKey) -> str | None:
    if isinstance(key, WorkType):
        return str(key.value)
    return key.isoformat() if isinstance(key, date) else key


def _order(item: tuple[GroupKey, Tally]) -> tuple[bool, str]:
    key = item[0]
    return key is None, _text(key) or ""
