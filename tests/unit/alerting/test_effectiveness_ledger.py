"""From events to a week's facts, on plain dicts as the projection keeps them: each fact lands in
the week of its planned time (a window's end, a deadline), however late it is processed and in
whatever order; the week boundary is Monday 00:00 Beijing; 包保 per role, department from the posts;
hazards due, accepted by the week's end, overdue and open, 重大 without their five, voided ones never."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import permutations

from libs.clock import CHINA_TIME
from services.alerting.domain.effectiveness import effectiveness
from services.alerting.domain.effectiveness_facts import GuardianRole, HazardCounts, NaturalWeek, TaskCounts
from services.alerting.domain.effectiveness_ledger import (
    HAZ,
    INS,
    fold_hazard,
    fold_occurrence,
    week_facts,
    week_of_occurrence,
)
from services.alerting.projections.effectiveness import departments

W49 = NaturalWeek(date(2026, 11, 30))  # 2026-W49, Monday 30 Nov to Sunday 6 Dec
W50 = NaturalWeek(date(2026, 12, 7))
UNITS = {"d-1": ("department", None), "t-1": ("team", "d-1"), "post-1": ("post", "t-1"), "d-2": ("department", None),
         "post-2": ("post", "d-2"), "post-x": ("post", None)}


def beijing(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHINA_TIME)


class FakeWeekly:
    """The projection in memory: the same folds as projections/weekly.py, keyed as its tables are."""

    def __init__(self) -> None:
        self.occurrences: dict[str, dict] = {}
        self.hazards: dict[str, dict] = {}
        self.work_types: dict[str, int] = {}

    def occurrence(self, kind: str, occurrence_id: str, window_end: datetime, task_id: str = "task-1",
                   post: str = "post-1", **data) -> None:
        body = {"occurrence_id": occurrence_id, "task_id": task_id, "window_end": window_end.isoformat(),
                "window_start": (window_end - timedelta(hours=8)).isoformat(), "post_ids": [post], **data}
        self.occurrences[occurrence_id] = fold_occurrence(self.occurrences.get(occurrence_id, {}), INS + kind, body)

    def hazard(self, kind: str, hazard_id: str, when: datetime, **data) -> None:
        self.hazards[hazard_id] = fold_hazard(self.hazards.get(hazard_id, {}), HAZ + kind,
                                              {"hazard_id": hazard_id, **data}, when)

    def facts(self, week: NaturalWeek):
        of_week = [f for f in self.occurrences.values() if week_of_occurrence(f) == week.monday]
        return week_facts("ent-1", week, of_week, self.hazards.values(), self.work_types, departments(UNITS))


def test_an_occurrence_processed_weeks_late_lands_in_the_week_its_window_ends_in():
    w = FakeWeekly()
    end = beijing(2026, 12, 2, 18)
    w.occurrence("OccurrenceIssued", "occ-1", end)
    # received in W51, made in time: the week it was owed is still W49
    w.occurrence("OccurrenceCompleted", "occ-1", end, status=0, made_at=end.isoformat(),
                 received_at=beijing(2026, 12, 16, 9).isoformat())
    assert w.facts(W49).tasks == TaskCounts(planned=1, completed=1)
    assert w.facts(W50).tasks == TaskCounts()


def test_the_week_boundary_is_monday_midnight_in_beijing():
    w = FakeWeekly()
    w.occurrence("OccurrenceIssued", "sunday", beijing(2026, 12, 6, 23, 59))
    w.occurrence("OccurrenceIssued", "monday", beijing(2026, 12, 7, 0, 0))
    assert w.facts(W49).tasks.planned == 1 and w.facts(W50).tasks.planned == 1
    assert week_of_occurrence({"window_end": "2026-12-06T15:59:00+00:00"}) == W49.monday  # 23:59 Beijing
    assert week_of_occurrence({"window_end": "2026-12-06T16:00:00+00:00"}) == W50.monday  # 00:00 Beijing


def test_the_order_events_arrive_in_does_not_change_the_facts():
    end = beijing(2026, 12, 3, 12)
    steps = [("OccurrenceIssued", {}), ("OccurrenceMissed", {"never_issued": False, "at": end.isoformat()}),
             ("OccurrenceCheckedAfterMissed", {"status": 1, "on_time": True, "made_at": end.isoformat(),
                                               "received_at": end.isoformat()})]
    seen = set()
    for order in permutations(steps):
        w = FakeWeekly()
        for kind, data in order:
            w.occurrence(kind, "occ-1", end, **data)
        seen.add(w.facts(W49).tasks)
    # made in time, received after it was declared missed (decision 40): completed, not missed
    assert seen == {TaskCounts(planned=1, completed=1, missed=0)}


def test_missed_not_checked_and_checked_too_late_are_planned_not_completed():
    w = FakeWeekly()
    end = beijing(2026, 12, 1, 18)
    w.occurrence("OccurrenceMissed", "never", end, never_issued=True, at=end.isoformat())
    w.occurrence("OccurrenceIssued", "closed-unchecked", end)
    w.occurrence("OccurrenceCompleted", "closed-unchecked", end, status=2, made_at=end.isoformat(),
                 received_at=end.isoformat())
    w.occurrence("OccurrenceIssued", "late", end)
    w.occurrence("OccurrenceMissed", "late", end, never_issued=False, at=end.isoformat())
    w.occurrence("OccurrenceCheckedAfterMissed", "late", end, status=0, on_time=False, made_at=end.isoformat(),
                 received_at=end.isoformat())
    assert w.facts(W49).tasks == TaskCounts(planned=3, completed=0, missed=2)


def test_guardian_occurrences_count_per_role_and_departments_come_from_the_posts():
    w = FakeWeekly()
    w.work_types.update({"task-p": 1, "task-o": 3, "task-r": 0})
    end = beijing(2026, 12, 4, 18)
    for occ, task, post in (("o1", "task-p", "post-1"), ("o2", "task-o", "post-2"), ("o3", "task-r", "post-x")):
        w.occurrence("OccurrenceIssued", occ, end, task_id=task, post=post)
    w.occurrence("OccurrenceCompleted", "o2", end, task_id="task-o", post="post-2", status=0, made_at=end.isoformat(),
                 received_at=end.isoformat())
    facts = w.facts(W49)
    assert facts.guardian(GuardianRole.PRINCIPAL) == TaskCounts(1, 0)
    assert facts.guardian(GuardianRole.OPERATIONAL) == TaskCounts(1, 1)
    assert facts.guardian(GuardianRole.TECHNICAL) == TaskCounts()
    assert [(d.department_id, d.tasks.planned) for d in facts.departments] == [("d-1", 1), ("d-2", 1), (None, 1)]


def graded(w: FakeWeekly, hazard_id: str, deadline: str, level: int = 3, department: str = "d-1",
           reported: datetime = beijing(2026, 11, 30, 9)) -> None:
    w.hazard("HazardReported", hazard_id, reported, reported_at=reported.isoformat(), department_id=None)
    w.hazard("HazardGraded", hazard_id, reported, grading={"level": level, "department_id": department},
             deadline=deadline)


def test_hazards_are_due_in_the_week_of_their_deadline_and_accepted_by_its_end():
    w = FakeWeekly()
    graded(w, "on-time", "2026-12-03")
    w.hazard("HazardAccepted", "on-time", beijing(2026, 12, 3, 10), accepted_at=beijing(2026, 12, 3, 10).isoformat())
    graded(w, "accepted-next-week", "2026-12-06")
    w.hazard("HazardAccepted", "accepted-next-week", beijing(2026, 12, 7, 0),
             accepted_at=beijing(2026, 12, 7, 0).isoformat())
    graded(w, "extended", "2026-12-04")
    w.hazard("ExtensionApproved", "extended", beijing(2026, 12, 2), new_deadline="2026-12-10")
    graded(w, "voided", "2026-12-04")
    w.hazard("HazardVoided", "voided", beijing(2026, 12, 5))
    w.hazard("HazardReported", "spot", beijing(2026, 12, 2), reported_at=beijing(2026, 12, 2).isoformat(),
             department_id="d-2")
    w.hazard("HazardFixedOnTheSpot", "spot", beijing(2026, 12, 2), fixed_at=beijing(2026, 12, 2).isoformat())
    facts = w.facts(W49)
    assert facts.hazards == HazardCounts(found=4, due=3, accepted=2)
    assert w.facts(W50).hazards == HazardCounts(due=1)  # the extended one, not accepted yet


def test_overdue_and_major_without_five_are_judged_at_the_weeks_end():
    w = FakeWeekly()
    graded(w, "major", "2026-12-02", level=1)
    w.hazard("RectificationOverdue", "major", beijing(2026, 12, 3), deadline="2026-12-02",
             at=beijing(2026, 12, 3).isoformat())
    w.hazard("GovernancePlanOverdue", "major", beijing(2026, 12, 4), level=1, plan_due="2026-12-03",
             at=beijing(2026, 12, 4).isoformat())
    w.hazard("GovernancePlanSet", "major", beijing(2026, 12, 8),
             plan={"responsibility": "张三", "measures": "更换阀门", "funds": "5000", "completion_date": "2026-12-20",
                   "emergency_plan": "泄漏预案"})
    assert w.facts(W49).hazards == HazardCounts(found=1, due=1, overdue_open=1, major_overdue_open=1,
                                                major_without_five=1)
    assert w.facts(W50).hazards == HazardCounts(overdue_open=1, major_overdue_open=1)  # five in place by then
    w.hazard("HazardAccepted", "major", beijing(2026, 12, 9), accepted_at=beijing(2026, 12, 9).isoformat())
    assert w.facts(W49).hazards.overdue_open == 1, "accepted after W49: W49 stays as it was"
    assert w.facts(NaturalWeek(date(2026, 12, 14))).hazards == HazardCounts()


def test_a_hazard_due_on_sunday_is_overdue_from_the_next_week():
    w = FakeWeekly()
    graded(w, "sunday", "2026-12-06")
    w.hazard("RectificationOverdue", "sunday", beijing(2026, 12, 7), deadline="2026-12-06",
             at=beijing(2026, 12, 7).isoformat())
    assert w.facts(W49).hazards == HazardCounts(found=1, due=1)  # due, not rectified: its rate, not overdue yet
    assert w.facts(W50).hazards == HazardCounts(overdue_open=1)


def test_the_facts_score_as_the_pure_function_says():
    w = FakeWeekly()
    end = beijing(2026, 12, 2, 18)
    for n in range(4):
        w.occurrence("OccurrenceIssued", f"o{n}", end)
    for n in range(3):
        w.occurrence("OccurrenceCompleted", f"o{n}", end, status=0, made_at=end.isoformat(),
                     received_at=end.isoformat())
    graded(w, "h1", "2026-12-03")
    score = effectiveness(w.facts(W49))
    # A = 3/4 × 50 = 37.50; B = 0/1 × 50 = 0 (found 1 ≥ minimum 1): 37.50
    assert (score.parts.rate_check, score.parts.rate_danger, score.score) == (75, 0, 37.5)
