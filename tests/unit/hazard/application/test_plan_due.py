"""A 重大 hazard's plan date (治理方案五落实期限) on fakes, the clock driven by the test: set at grading
(given or by the enterprise's default), it fires once at 00:00 Beijing after the date — recording
GovernancePlanOverdue with what is missing only when the five are not all in place and the hazard is
still open and 重大 — and a second firing records nothing."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest

from libs.aggregate import DomainError
from libs.clock import CHINA_TIME, FixedClock
from libs.deadlines import Deadline
from libs.unit_of_work import UnitOfWork
from services.hazard import bootstrap
from services.hazard.application import commands as c
from services.hazard.application import handlers as h
from services.hazard.application.clock import PLAN_OVERDUE
from services.hazard.application.reports import report_snapshot
from services.hazard.domain import events as ev
from services.hazard.domain.governance import PlanDuePolicy
from services.hazard.settings import HazardSettings
from tests.unit.hazard.application.flows import EID, OFFICER, T0, WORKER, fire, photo, types, wired

MAJOR = {"level": 1, "hazard_type": 2, "manage_type": 1, "liable_person_id": "p-rectifier",
         "department_id": "d-tank-farm"}
FULL_PLAN = {"responsibility": "设备部 王工", "measures": "停用 2# 罐并更换进料阀", "funds": "12000",
             "completion_date": "2026-12-20", "emergency_plan": "储罐泄漏专项预案"}


async def reported(w) -> str:
    return await report_snapshot(c.ReportSnapshot(
        client_id=uuid.uuid4(), made_at=datetime(2026, 12, 3, 9), name="进料阀内漏", description="2# 罐进料阀内漏",
        photo_ids=[await photo(w)]).for_(EID), w, WORKER)


async def graded(w, deadline: date = date(2026, 12, 31), **grading) -> str:
    hazard_id = await reported(w)
    await h.grade(c.Grade(**{**MAJOR, **grading}, deadline=deadline).for_(EID, hazard_id), w, OFFICER)
    return hazard_id


async def events_of(w, hazard_id: str, kind: type) -> list:
    return [e for e in await w.store.load(w.hazards.stream_id(hazard_id)) if e.type == kind.TYPE]


def beijing(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=CHINA_TIME)


async def test_a_major_hazard_graded_without_a_date_gets_the_default_week():
    w = wired()
    hazard_id = await graded(w)  # graded Thursday 3 Dec
    hazard = await w.hazards.get(hazard_id)
    assert hazard.plan_due == date(2026, 12, 10)
    assert (await types(w, hazard_id))[-2:] == ["HazardGraded", "GovernancePlanDueSet"]


async def test_the_default_comes_from_configuration_and_never_passes_the_deadline():
    w = bootstrap.in_memory(clock=FixedClock(T0), plan_policy=PlanDuePolicy(days=3))
    assert (await w.hazards.get(await graded(w))).plan_due == date(2026, 12, 6)
    assert (await w.hazards.get(await graded(w, deadline=date(2026, 12, 4)))).plan_due == date(2026, 12, 4)


async def test_the_grader_may_name_the_date_within_today_and_the_deadline():
    w = wired()
    hazard_id = await graded(w, plan_due=date(2026, 12, 5))
    assert (await w.hazards.get(hazard_id)).plan_due == date(2026, 12, 5)
    for bad in (date(2026, 12, 2), date(2027, 1, 1)):
        with pytest.raises(DomainError) as refused:
            await graded(w, plan_due=bad)
        assert refused.value.field == "plan_due"


async def test_a_general_hazard_has_no_plan_date():
    w = wired()
    hazard_id = await graded(w, level=0)
    assert "GovernancePlanDueSet" not in await types(w, hazard_id)
    with pytest.raises(DomainError) as refused:
        await graded(w, level=0, plan_due=date(2026, 12, 5))
    assert refused.value.field == "plan_due"


async def test_revised_up_to_major_it_gets_a_plan_date_from_that_day():
    w = wired()
    hazard_id = await graded(w, level=0)
    w.clock.set(beijing(5, 9))
    await h.revise_grading(c.ReviseGrading(**MAJOR).for_(EID, hazard_id), w, OFFICER)
    assert (await w.hazards.get(hazard_id)).plan_due == date(2026, 12, 12)


async def test_the_date_passing_with_the_five_missing_records_once_what_alerting_needs():
    w = wired()
    hazard_id = await graded(w)
    await h.set_plan(c.SetPlan(responsibility="设备部 王工", funds="12000").for_(EID, hazard_id), w, OFFICER)
    w.clock.set(beijing(10, 23))  # the last hour of the plan date: not yet
    assert await fire(w) == 0
    w.clock.set(beijing(11))
    assert await fire(w) == 1
    w.clock.advance(timedelta(days=5))
    assert await fire(w) == 0
    [overdue] = await events_of(w, hazard_id, ev.GovernancePlanOverdue)
    assert {k: overdue.data[k] for k in ("name", "level", "plan_due", "missing", "liable_person_id",
                                         "department_id", "graded_by", "deadline")} == {
        "name": "进料阀内漏", "level": 1, "plan_due": "2026-12-10",
        "missing": ["measures", "completion_date", "emergency_plan"], "liable_person_id": "p-rectifier",
        "department_id": "d-tank-farm", "graded_by": "p-officer", "deadline": "2026-12-31"}


async def test_a_second_firing_of_the_same_deadline_records_nothing():
    w = wired()
    hazard_id = await graded(w)
    w.clock.set(beijing(11))
    stream = w.hazards.stream_id(hazard_id)
    deadline = Deadline(key=f"{stream}:{PLAN_OVERDUE}", stream_id=stream, kind=PLAN_OVERDUE,
                        due_at=beijing(11), data={"hazard_id": hazard_id, "plan_due": "2026-12-10"})
    on_plan_overdue = w.rectification.handlers()[PLAN_OVERDUE]
    for _ in range(2):  # a redelivery, a second instance that lost the race
        uow = UnitOfWork(w.store, OFFICER)
        await on_plan_overdue(deadline, uow)
        await uow.commit()
    assert (await types(w, hazard_id)).count("GovernancePlanOverdue") == 1


async def test_a_plan_completed_in_time_records_nothing():
    w = wired()
    hazard_id = await graded(w)
    await h.set_plan(c.SetPlan(**FULL_PLAN).for_(EID, hazard_id), w, OFFICER)
    w.clock.set(beijing(11))
    await fire(w)
    assert "GovernancePlanOverdue" not in await types(w, hazard_id)


async def test_a_voided_hazard_or_one_graded_down_records_nothing():
    w = wired()
    voided, downgraded = await graded(w), await graded(w)
    await h.void(c.Void(reason="误报").for_(EID, voided), w, OFFICER)
    await h.revise_grading(c.ReviseGrading(**{**MAJOR, "level": 0}).for_(EID, downgraded), w, OFFICER)
    w.clock.set(beijing(11))
    await fire(w)
    for hazard_id in (voided, downgraded):
        assert "GovernancePlanOverdue" not in await types(w, hazard_id)


def test_the_policy_refuses_a_default_of_less_than_a_day():
    with pytest.raises(DomainError) as refused:
        PlanDuePolicy(days=0)
    assert refused.value.field == "plan_due_days"


def test_the_default_is_a_setting_of_the_service(monkeypatch):
    monkeypatch.setenv("SK_HAZARD_PLAN_DUE_DAYS", "3")
    assert HazardSettings().plan_due() == PlanDuePolicy(days=3)
    assert HazardSettings(plan_due_days=7).plan_due().days == 7
    with pytest.raises(ValueError):
        HazardSettings(plan_due_days=0)
