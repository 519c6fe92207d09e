"""The hazard's loop, step by step: every transition, the refusals naming what is allowed instead."""

from __future__ import annotations

from datetime import date

import pytest

from libs.aggregate import DomainConflict, DomainError
from libs.errors import NotFound
from services.hazard.domain import events as ev
from services.hazard.domain.codes import DangerState, HazardLevel, ManageType
from services.hazard.domain.duties import Entitlements
from services.hazard.domain.hazard import Hazard, IllegalStep
from services.hazard.domain.steps import ALLOWED, Action, Step
from tests.unit.hazard.domain.builders import (
    FIXED,
    NOW,
    OFFICER,
    PLAN,
    PRINCIPAL,
    RECTIFIER,
    TODAY,
    awaiting,
    graded,
    grading,
    rectifying,
    reported,
    types,
)

ENTITLED = Entitlements()


def test_a_general_hazard_goes_from_report_to_closed_and_the_platforms_see_three_states():
    hazard = reported()
    seen = [hazard.step.danger_state]
    hazard.grade(OFFICER, grading(), date(2026, 12, 31), TODAY)
    hazard.start(RECTIFIER)
    seen.append(hazard.step.danger_state)
    hazard.submit(RECTIFIER, FIXED, NOW)
    seen.append(hazard.step.danger_state)
    hazard.accept(OFFICER, NOW, "整改到位", ENTITLED)
    assert hazard.step is Step.CLOSED
    assert seen + [hazard.step.danger_state] == [DangerState.RECTIFYING, DangerState.RECTIFYING,
                                                 DangerState.AWAITING_ACCEPTANCE, DangerState.ACCEPTED]
    assert types(hazard) == ["HazardReported", "HazardGraded", "RectificationStarted", "RectificationSubmitted",
                             "HazardAccepted"]


def test_the_same_report_again_is_one_hazard():
    hazard = reported()
    again = ev.HazardReported(**hazard.pending()[0].model_dump())
    assert hazard.report(again) is False
    assert types(hazard) == ["HazardReported"]


def test_a_rejection_sends_it_back_to_rectifying_with_the_reason():
    hazard = awaiting()
    hazard.reject(OFFICER, "  照片未显示试压结果 ", ENTITLED)
    assert hazard.step is Step.RECTIFYING
    assert hazard.pending()[-1].reason == "照片未显示试压结果"
    hazard.submit(RECTIFIER, FIXED, NOW)
    hazard.accept(OFFICER, NOW, None, ENTITLED)
    assert hazard.step is Step.CLOSED


def test_an_illegal_step_is_refused_naming_what_is_allowed_from_here():
    hazard = awaiting()
    with pytest.raises(IllegalStep) as refused:
        hazard.start(RECTIFIER)
    assert refused.value.message == "当前状态「待验收」不能「开始整改」；可执行：验收通过、验收驳回、抄送"
    assert isinstance(refused.value, DomainConflict)


@pytest.mark.parametrize("step", list(Step))
def test_every_step_refuses_every_action_it_does_not_list(step):
    assert all(isinstance(a, Action) for a in ALLOWED[step])
    assert (Action.ACCEPT in ALLOWED[step]) == (step is Step.AWAITING_ACCEPTANCE)
    assert (Action.GRADE in ALLOWED[step]) == (step is Step.REPORTED)


def test_a_voided_hazard_allows_nothing_and_keeps_its_reason():
    hazard = graded()
    hazard.void(OFFICER, "重复上报")
    assert hazard.step is Step.VOIDED and hazard.step.danger_state is None
    with pytest.raises(IllegalStep, match="已作废的隐患不能再办理"):
        hazard.copy(OFFICER, ["p-x"])
    with pytest.raises(DomainError) as blank:
        graded().void(OFFICER, "  ")
    assert blank.value.field == "reason"


def test_a_hazard_that_is_not_there_is_not_found():
    with pytest.raises(NotFound):
        Hazard("nope").start(RECTIFIER)


def test_a_deadline_before_today_is_refused_naming_it():
    with pytest.raises(DomainError) as refused:
        reported().grade(OFFICER, grading(), date(2026, 12, 2), TODAY)
    assert refused.value.field == "deadline"


def test_a_major_hazard_is_never_fixed_on_the_spot():
    with pytest.raises(DomainError) as refused:
        reported().grade(OFFICER, grading(HazardLevel.MAJOR, ManageType.ON_THE_SPOT), TODAY, TODAY)
    assert refused.value.field == "manage_type"


def test_a_major_hazard_starts_rectification_only_with_all_five_in_place():
    hazard = graded(HazardLevel.MAJOR)
    with pytest.raises(DomainConflict, match="尚缺：责任落实、措施落实、资金落实、时限落实、应急预案落实"):
        hazard.start(RECTIFIER)
    hazard.set_plan(OFFICER, PLAN.model_copy(update={"funds": None, "emergency_plan": " "}))
    with pytest.raises(DomainConflict, match="尚缺：资金落实、应急预案落实$"):
        hazard.start(RECTIFIER)
    hazard.set_plan(OFFICER, PLAN)
    hazard.start(RECTIFIER)
    assert hazard.step is Step.RECTIFYING


def test_a_plan_is_for_major_hazards_and_keeps_within_the_deadline():
    with pytest.raises(DomainError) as general:
        graded().set_plan(OFFICER, PLAN)
    assert general.value.field == "level"
    with pytest.raises(DomainError) as late:
        graded(HazardLevel.MAJOR, deadline=date(2026, 12, 10)).set_plan(OFFICER, PLAN)
    assert late.value.field == "completion_date"


def test_setting_the_same_plan_again_records_nothing():
    hazard = graded(HazardLevel.MAJOR)
    hazard.set_plan(OFFICER, PLAN)
    hazard.set_plan(OFFICER, PLAN)
    assert types(hazard).count("GovernancePlanSet") == 1


def test_fixed_on_the_spot_from_report_grades_and_closes_in_one_go():
    hazard = reported()
    hazard.fix_on_the_spot(RECTIFIER, FIXED, NOW, grading(manage=ManageType.ON_THE_SPOT))
    assert hazard.step is Step.CLOSED
    assert types(hazard) == ["HazardReported", "HazardGraded", "HazardFixedOnTheSpot"]
    assert hazard.deadline == TODAY  # the day it was fixed, in Beijing


def test_fixed_on_the_spot_needs_its_grading_its_evidence_and_a_spot_manage_type():
    with pytest.raises(DomainError) as no_grading:
        reported().fix_on_the_spot(RECTIFIER, FIXED, NOW)
    assert no_grading.value.field == "grading"
    with pytest.raises(DomainError) as no_photo:
        reported().fix_on_the_spot(RECTIFIER, FIXED.model_copy(update={"after_photo_ids": []}), NOW,
                                   grading(manage=ManageType.ON_THE_SPOT))
    assert no_photo.value.field == "after_photo_ids"
    with pytest.raises(DomainConflict, match="限期整改"):
        graded().fix_on_the_spot(RECTIFIER, FIXED, NOW)


def test_a_submission_needs_after_photos_and_what_was_done():
    with pytest.raises(DomainError) as blank:
        rectifying().submit(RECTIFIER, FIXED.model_copy(update={"measures_taken": " "}), NOW)
    assert blank.value.field == "measures_taken"


def test_revising_the_grading_never_moves_the_deadline_nor_the_manage_type():
    hazard = graded(deadline=date(2026, 12, 31))
    hazard.revise(OFFICER, grading(liable="p-other"))
    assert hazard.deadline == date(2026, 12, 31)
    assert "deadline" not in hazard.pending()[-1].model_dump()
    with pytest.raises(DomainError) as refused:
        hazard.revise(OFFICER, grading(manage=ManageType.ON_THE_SPOT))
    assert refused.value.field == "manage_type"


def test_copies_go_to_named_people_once_each_at_any_open_or_closed_step():
    hazard = awaiting()
    hazard.copy(OFFICER, ["p-a", "p-b", "p-a", ""])
    assert hazard.pending()[-1].person_ids == ["p-a", "p-b"]
    hazard.accept(PRINCIPAL, NOW, None, ENTITLED)
    hazard.copy(OFFICER, ["p-c"], "已销号")
    with pytest.raises(DomainError) as nobody:
        hazard.copy(OFFICER, [])
    assert nobody.value.field == "person_ids"


def test_history_replays_to_the_same_hazard():
    hazard = awaiting(HazardLevel.MAJOR)
    replayed = Hazard.rehydrate(hazard.id, hazard.pending())
    assert (replayed.step, replayed.deadline, replayed.plan, replayed.rectifier_ids) == \
        (hazard.step, hazard.deadline, hazard.plan, hazard.rectifier_ids)
