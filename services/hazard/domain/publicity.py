"""The 公示 table: per department, what the hazards found in a period have become — found,
rectified, rectified on time, overdue, still open, and the rectification rate — the figures a
plant publishes to its workforce (seed 000 §(四): 定期对各部门开展的隐患排查及完成情况进行公示).

The hazards counted are those reported in the period (a cohort), voided ones left out; each is
judged as it stood at the period's end, so a past period's table stays what it was published as.
"On time" is closed before the end of the deadline in force then (an approved extension is a
deadline like the first: the plant asked and was allowed); "overdue" is having passed a deadline
unrectified at all. A hazard with no department yet (not graded) counts under where it was found."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from services.hazard.domain.rectification_clock import overdue_at

NONE = None  # the group of hazards with no department


@dataclass(frozen=True)
class Judged:
    """One hazard of the cohort as the read model keeps it."""

    department_id: str | None
    closed_at: datetime | None
    deadline: date | None
    was_overdue_at: datetime | None  # when it first went 超期未整改, if it did


@dataclass
class Tally:
    found: int = 0
    rectified: int = 0
    on_time: int = 0
    overdue: int = 0
    open: int = 0
    _: list = field(default_factory=list, repr=False)

    def count(self, hazard: Judged, end: datetime) -> None:
        self.found += 1
        closed = hazard.closed_at is not None and hazard.closed_at < end
        if closed:
            self.rectified += 1
            if hazard.deadline is None or hazard.closed_at < overdue_at(hazard.deadline):  # type: ignore[operator]
                self.on_time += 1
        else:
            self.open += 1
        if hazard.was_overdue_at is not None and hazard.was_overdue_at < end:
            self.overdue += 1

    @property
    def rate(self) -> Decimal | None:
        """整改率 as a percentage with one decimal; none when nothing was found."""
        if not self.found:
            return None
        return (Decimal(100 * self.rectified) / self.found).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def row(self) -> dict:
        return {"found": self.found, "rectified": self.rectified, "on_time": self.on_time, "overdue": self.overdue,
                "open": self.open, "rate": self.rate}


def table(hazards: list[Judged], end: datetime) -> tuple[dict[str | None, Tally], Tally]:
    """Each department's tally and the enterprise's."""
    groups: dict[str | None, Tally] = {}
    total = Tally()
    for hazard in hazards:
        groups.setdefault(hazard.department_id, Tally()).count(hazard, end)
        total.count(hazard, end)
    return groups, total
