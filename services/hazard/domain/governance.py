"""The five a 重大 hazard's governance plan must have in place (五落实) before rectification may
start: responsibility, measures, funds, a time limit and an emergency plan. A plan is set whole and
may be set again while the hazard is open; what is missing is listed by name. The date by which
they must be in place (plan_due) is set at grading; passing it with any missing is an event of its own
(GovernancePlanOverdue, application/clock.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from libs.aggregate import DomainError
from services.hazard.domain.events import GovernancePlan

FIVE = {"responsibility": "责任落实", "measures": "措施落实", "funds": "资金落实", "completion_date": "时限落实",
        "emergency_plan": "应急预案落实"}


def in_place(plan: GovernancePlan | None) -> dict[str, bool]:
    """Each of the five, in place or not (text that is only blank is not in place)."""
    values = plan.model_dump() if plan is not None else {}
    return {name: _present(values.get(name)) for name in FIVE}


def missing(plan: GovernancePlan | None) -> list[str]:
    return [FIVE[name] for name, present in in_place(plan).items() if not present]


def _present(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def missing_keys(plan: GovernancePlan | None) -> list[str]:
    """The five not in place, by field name (what events carry; `FIVE` gives the label)."""
    return [name for name, present in in_place(plan).items() if not present]


@dataclass(frozen=True)
class PlanDuePolicy:
    """By when a 重大 hazard's five must be in place when its grader names no date: `days` after
    grading (default 7, decision 54), never later than the rectification deadline — a plan due
    after the fix is due would be no plan."""

    days: int = 7

    def __post_init__(self) -> None:
        if self.days < 1:
            raise DomainError("治理方案落实期限须至少 1 天", field="plan_due_days")

    def plan_due(self, given: date | None, graded_on: date, deadline: date) -> date:
        if given is None:
            return min(graded_on + timedelta(days=self.days), deadline)
        if given < graded_on:
            raise DomainError("治理方案落实期限不能早于今天", field="plan_due")
        if given > deadline:
            raise DomainError(f"治理方案落实期限不能晚于整改期限 {deadline.isoformat()}", field="plan_due")
        return given
