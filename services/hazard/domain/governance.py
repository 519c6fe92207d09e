"""The five a 重大 hazard's governance plan must have in place (五落实) before rectification may
start: responsibility, measures, funds, a time limit and an emergency plan. A plan is set whole and
may be set again while the hazard is open; what is missing is listed by name."""

from __future__ import annotations

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
