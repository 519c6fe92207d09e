"""From events to a week's facts (effectiveness_facts.py), in two pure steps the projection
(projections/weekly.py) and its fakes share:

1. `fold_occurrence` / `fold_hazard`: what one event of inspection or hazard governance changes in
   the facts kept about its occurrence or hazard (a plain dict, stored as it is). Only times the
   events carry are kept — a window's end, a deadline, `accepted_at` — never when the event was
   processed, so a late event and a rebuild keep the same facts.
2. `week_facts`: the counts of one enterprise's natural week from those facts. An occurrence
   belongs to the week its window ends in (half-open: a window ending Monday 00:00 Beijing is the
   new week's), a hazard is due in the week of its deadline day in force; states "at the week's end"
   compare the kept times with the week's end.

An occurrence checked on time after it was declared missed (decision 40) counts as completed and
not as missed, so completed + missed never exceeds what was planned."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from libs.clock import CHINA_TIME
from services.alerting.domain.effectiveness_facts import (
    DepartmentWeek,
    GuardianRole,
    HazardCounts,
    NaturalWeek,
    TaskCounts,
    WeekFacts,
)

Facts = dict[str, Any]
INS, HAZ = "shuangkong.inspection.", "shuangkong.hazard."
NOT_CHECKED = 2  # CheckStatus 未排查: closes an occurrence without a check
MAJOR = 1  # HazardLevel 重大
FIVE = ("responsibility", "measures", "funds", "completion_date", "emergency_plan")
OCCURRENCE_EVENTS = frozenset(INS + t for t in ("OccurrenceIssued", "OccurrenceMissed", "OccurrenceCompleted",
                                                "OccurrenceCheckedAfterMissed"))
# The events that say a task's workType (0 日常, 1–3 包保): every 包保 task event, and the drawing up of the others.
TASK_EVENTS = frozenset(INS + t for t in ("GuardianTaskDrawnUp", "GuardianTaskRevised", "GuardianTaskHandedOver",
                                          "CheckTaskDrawnUp", "PlanTaskDrawnUp"))
HAZARD_EVENTS = frozenset(HAZ + t for t in (
    "HazardReported", "HazardGraded", "GradingRevised", "ExtensionApproved", "HazardFixedOnTheSpot",
    "HazardAccepted", "HazardVoided", "RectificationOverdue", "GovernancePlanSet", "GovernancePlanOverdue"))


def week_of_occurrence(data: dict) -> date:
    return NaturalWeek.containing(datetime.fromisoformat(str(data["window_end"]))).monday


def fold_occurrence(facts: Facts, event_type: str, data: dict) -> Facts:
    kind = event_type.removeprefix(INS)
    out = {**facts, "task_id": data["task_id"], "window_end": str(data["window_end"])}
    if "post_ids" in data:
        out["post_ids"] = list(data["post_ids"])
    if kind in ("OccurrenceIssued", "OccurrenceMissed"):
        out["planned"] = True
    if kind == "OccurrenceMissed":
        out["missed"] = True
    checked = int(data.get("status", NOT_CHECKED)) != NOT_CHECKED
    if kind == "OccurrenceCompleted" and checked or (
            kind == "OccurrenceCheckedAfterMissed" and checked and data.get("on_time")):
        out["completed"] = True
    return out


def _day(value: Any) -> str:
    return str(value)[:10]


def fold_hazard(facts: Facts, event_type: str, data: dict, at: datetime) -> Facts:
    """`at` is the event's own time (CloudEvents `time`), for the one event that carries no other."""
    kind, out = event_type.removeprefix(HAZ), dict(facts)
    if kind == "HazardReported":
        out.update(reported_at=str(data["reported_at"]), department_id=out.get("department_id")
                   or data.get("department_id"))
    elif kind in ("HazardGraded", "GradingRevised"):
        g = data["grading"]
        out.update(level=int(g["level"]), department_id=g.get("department_id") or out.get("department_id"))
        if kind == "HazardGraded":
            out["deadline"] = _day(data["deadline"])
    elif kind == "ExtensionApproved":
        out["deadline"] = _day(data["new_deadline"])
    elif kind == "HazardFixedOnTheSpot":
        out["fixed_at"] = str(data["fixed_at"])
    elif kind == "HazardAccepted":
        out["accepted_at"] = str(data["accepted_at"])
    elif kind == "HazardVoided":
        out["voided_at"] = at.isoformat()
    elif kind == "RectificationOverdue":
        out.update(overdue_for=_day(data["deadline"]), overdue_at=str(data["at"]))
    elif kind == "GovernancePlanSet":
        plan = data["plan"]
        out.update(five_in_place=all(plan.get(k) not in (None, "") for k in FIVE), five_at=at.isoformat())
    elif kind == "GovernancePlanOverdue":
        out.update(plan_overdue_at=str(data["at"]), level=int(data["level"]))
    return out


def work_type(data: dict) -> int:
    return int(data.get("work_type") or 0)


def _before(value: str | None, end: datetime) -> bool:
    return value is not None and datetime.fromisoformat(value) < end


def _in(value: str | None, week: NaturalWeek) -> bool:
    return value is not None and NaturalWeek.containing(datetime.fromisoformat(value)) == week


@dataclass
class _Tally:
    tasks: TaskCounts = TaskCounts()
    hazards: HazardCounts = HazardCounts()
    guardian: dict[GuardianRole, TaskCounts] = field(default_factory=dict)


def _occurrence_counts(f: Facts) -> TaskCounts:
    planned = bool(f.get("planned"))
    completed = planned and bool(f.get("completed"))
    return TaskCounts(int(planned), int(completed), int(planned and bool(f.get("missed")) and not completed))


def _hazard_counts(f: Facts, week: NaturalWeek) -> HazardCounts:
    end = datetime.combine(week.monday + timedelta(days=7), time(), CHINA_TIME)
    if _before(f.get("voided_at"), end):
        return HazardCounts()
    closed = _before(f.get("accepted_at"), end) or _before(f.get("fixed_at"), end)
    on_the_spot = _in(f.get("fixed_at"), week)
    deadline = date.fromisoformat(f["deadline"]) if f.get("deadline") else None
    due = on_the_spot or (f.get("fixed_at") is None and deadline is not None
                          and NaturalWeek.containing(datetime.combine(deadline, time(12), CHINA_TIME)) == week)
    # overdue by the week's end for the deadline still in force (an extension since makes it not overdue)
    overdue_open = (not closed and f.get("overdue_for") is not None and f.get("overdue_for") == f.get("deadline")
                    and _before(f.get("overdue_at"), end))
    major = f.get("level") == MAJOR
    without_five = (major and not closed and _before(f.get("plan_overdue_at"), end)
                    and not (f.get("five_in_place") and _before(f.get("five_at"), end)))
    return HazardCounts(found=int(_in(f.get("reported_at"), week)), due=int(due), accepted=int(due and closed),
                        overdue_open=int(overdue_open), major_overdue_open=int(overdue_open and major),
                        major_without_five=int(without_five))


def week_facts(enterprise_id: str, week: NaturalWeek, occurrences: Iterable[Facts], hazards: Iterable[Facts],
               work_types: dict[str, int], department_of: Callable[[list[str]], str | None]) -> WeekFacts:
    """`occurrences`: those of the week (by window end); `hazards`: every hazard of the enterprise;
    `work_types`: task id → workType; `department_of`: an occurrence's posts → its department."""
    tally: dict[str | None, _Tally] = defaultdict(_Tally)
    for f in occurrences:
        if week_of_occurrence(f) != week.monday:
            continue
        counts, t = _occurrence_counts(f), tally[department_of(f.get("post_ids") or [])]
        t.tasks += counts
        if (role := work_types.get(f["task_id"], 0)) in GuardianRole._value2member_map_:
            r = GuardianRole(role)
            t.guardian[r] = t.guardian.get(r, TaskCounts()) + counts
    for f in hazards:
        found = _hazard_counts(f, week)
        if found != HazardCounts():
            tally[f.get("department_id")].hazards += found
    departments = tuple(DepartmentWeek(d, t.tasks, dict(t.guardian), t.hazards)
                        for d, t in sorted(tally.items(), key=lambda kv: (kv[0] is None, kv[0] or "")))
    return WeekFacts(enterprise_id, week, departments)
