"""A risk's current grade is its latest assessment by date, whatever order assessments are
entered in; dates cannot lie in the future; controls never make a risk worse."""

from __future__ import annotations

from datetime import date

import pytest

from libs.aggregate import DomainError
from services.risk_registry.risk_chain.domain.codes import AssessmentMethod, RiskLevel, RiskStage
from services.risk_registry.risk_chain.domain.grading import Bands, GradingPolicy
from services.risk_registry.risk_chain.domain.risk_event import RiskEvent
from tests.unit.risk_registry.builders import TODAY, assess, risk_event

LEC, LS = AssessmentMethod.LEC, AssessmentMethod.LS
INHERENT, RESIDUAL = RiskStage.INHERENT, RiskStage.RESIDUAL
RED = {"L": 3, "E": 6, "C": 40}  # 720: 重大
BLUE = {"L": 1, "E": 1, "C": 7}  # 7: 低


def test_a_back_dated_assessment_entered_last_does_not_become_current():
    risk = risk_event()
    assess(risk, INHERENT, LEC, BLUE, date(2026, 11, 1))
    assess(risk, INHERENT, LEC, RED, date(2020, 5, 1))  # entered last, dated years ago
    assert risk.current[INHERENT].level is RiskLevel.LOW
    assert risk.current[INHERENT].assessed_on == date(2026, 11, 1)


def test_on_the_same_date_the_later_record_wins():
    risk = risk_event()
    assess(risk, INHERENT, LEC, BLUE, date(2026, 11, 1))
    assess(risk, INHERENT, LEC, RED, date(2026, 11, 1))
    assert risk.current[INHERENT].level is RiskLevel.MAJOR


def test_order_of_entry_does_not_matter_for_the_current_grade():
    dated = [(BLUE, date(2025, 1, 1)), (RED, date(2026, 6, 1)), (BLUE, date(2024, 1, 1))]
    for order in ([0, 1, 2], [2, 1, 0], [1, 0, 2], [2, 0, 1]):
        risk = risk_event()
        for i in order:
            assess(risk, INHERENT, LEC, *dated[i])
        assert risk.current[INHERENT].level is RiskLevel.MAJOR, order


def test_rebuilt_from_its_events_the_current_grade_is_the_same():
    risk = risk_event()
    assess(risk, INHERENT, LEC, BLUE, date(2026, 11, 1))
    assess(risk, INHERENT, LEC, RED, date(2020, 5, 1))
    rebuilt = RiskEvent.rehydrate("re-1", risk.pending())
    assert rebuilt.current == risk.current


def test_regrading_applies_to_the_current_assessment_not_the_last_entered():
    risk = risk_event()
    assess(risk, INHERENT, LS, {"L": 2, "S": 5}, date(2026, 11, 1))  # 10: 一般 by default
    assess(risk, INHERENT, LS, {"L": 1, "S": 1}, date(2020, 1, 1))  # 1: 低, back-dated
    risk.mark_saved()
    risk.regrade(GradingPolicy(ls=Bands(15, 9, 4)), policy_version=1)  # 10 is now 较大
    [regraded] = risk.pending()
    assert (regraded.value, regraded.from_level, regraded.level) == (10, RiskLevel.GENERAL, RiskLevel.LARGE)
    assert risk.current[INHERENT].level is RiskLevel.LARGE


def test_an_assessment_dated_after_today_is_refused():
    with pytest.raises(DomainError) as refused:
        assess(risk_event(), INHERENT, LEC, RED, date(2026, 12, 3), today=date(2026, 12, 2))
    assert refused.value.field == "assessed_on"
    assess(risk_event(), INHERENT, LEC, RED, TODAY, today=TODAY)  # today itself is fine


def test_reassessment_must_follow_the_assessment():
    with pytest.raises(DomainError) as refused:
        risk_event().assess("a-1", INHERENT, LEC, RED, GradingPolicy(), "o", date(2026, 1, 1), date(2026, 1, 1),
                            today=TODAY)
    assert refused.value.field == "reassess_on"


@pytest.mark.parametrize(("inherent", "residual", "refused"), [
    ((LEC, {"L": 3, "E": 6, "C": 7}), (LEC, {"L": 3, "E": 6, "C": 15}), True),  # 126 → 270
    ((LEC, {"L": 3, "E": 6, "C": 15}), (LEC, {"L": 3, "E": 6, "C": 7}), False),
    ((LEC, {"L": 3, "E": 6, "C": 15}), (LEC, {"L": 3, "E": 6, "C": 15}), False),  # equal is fine
    ((LS, {"L": 2, "S": 2}), (LEC, RED), True),  # across methods: 低 → 重大 by level
    ((LEC, RED), (LS, {"L": 2, "S": 5}), False),
])
def test_a_residual_risk_above_the_inherent_one_is_refused(inherent, residual, refused):
    risk = assess(risk_event(), INHERENT, *inherent, date(2026, 11, 1))
    if not refused:
        assess(risk, RESIDUAL, *residual, date(2026, 11, 2))
        return
    with pytest.raises(DomainError) as error:
        assess(risk, RESIDUAL, *residual, date(2026, 11, 2))
    assert error.value.field == "inputs" and "剩余风险不能高于固有风险" in error.value.message


def test_an_inherent_risk_below_the_residual_one_is_refused_too():
    risk = assess(risk_event(), INHERENT, LEC, {"L": 3, "E": 6, "C": 15}, date(2026, 11, 1))
    assess(risk, RESIDUAL, LEC, {"L": 3, "E": 6, "C": 15}, date(2026, 11, 1))
    with pytest.raises(DomainError) as error:
        assess(risk, INHERENT, LEC, {"L": 3, "E": 6, "C": 7}, date(2026, 11, 2))
    assert error.value.code == "residual_above_inherent"


HIGH = {"L": 3, "E": 6, "C": 15}  # 270: 较大
MID = {"L": 3, "E": 6, "C": 7}  # 126: 一般
LOWER = {"L": 3, "E": 6, "C": 3}  # 54: 低


def test_a_back_dated_inherent_that_never_stands_beside_the_residual_is_accepted():
    """The residual of July stands beside the inherent of June only; an inherent dated March,
    superseded in June, stood beside no residual at all (the current grade would have refused it)."""
    risk = risk_event()
    assess(risk, INHERENT, LEC, HIGH, date(2026, 1, 1))
    assess(risk, INHERENT, LEC, HIGH, date(2026, 6, 1))
    assess(risk, RESIDUAL, LEC, MID, date(2026, 7, 1))
    assess(risk, INHERENT, LEC, LOWER, date(2026, 3, 1))
    assert risk.current[INHERENT].value == 270


def test_a_back_dated_inherent_is_judged_against_every_residual_of_its_span():
    risk = risk_event()
    assess(risk, INHERENT, LEC, HIGH, date(2026, 1, 1))
    assess(risk, RESIDUAL, LEC, MID, date(2026, 3, 1))
    with pytest.raises(DomainError) as error:  # dated February, it stands from then on: beside March's 126
        assess(risk, INHERENT, LEC, LOWER, date(2026, 2, 1))
    assert error.value.code == "residual_above_inherent" and "2026-03-01" in error.value.message


def test_a_back_dated_residual_is_judged_against_the_inherent_risks_of_its_span():
    risk = risk_event()
    assess(risk, INHERENT, LEC, HIGH, date(2026, 1, 1))
    assess(risk, INHERENT, LEC, LOWER, date(2026, 6, 1))
    with pytest.raises(DomainError):  # from March on; from June beside 54
        assess(risk, RESIDUAL, LEC, MID, date(2026, 3, 1))
    assess(risk, RESIDUAL, LEC, {"L": 1, "E": 6, "C": 3}, date(2026, 5, 1))  # 18
    assess(risk, RESIDUAL, LEC, MID, date(2026, 3, 1))  # now until May only: beside January's 270
    assert risk.current[RESIDUAL].value == 18


def test_on_one_date_only_the_last_recorded_assessment_ever_stood():
    risk = risk_event()
    assess(risk, INHERENT, LEC, LOWER, date(2026, 1, 1))
    assess(risk, INHERENT, LEC, HIGH, date(2026, 1, 1))  # replaces the 54 of that same day
    assess(risk, RESIDUAL, LEC, MID, date(2026, 1, 1))


def test_a_residual_risk_needs_an_inherent_one_assessed_by_its_date():
    with pytest.raises(DomainError) as refused:
        assess(risk_event(), RESIDUAL, LEC, BLUE, date(2026, 11, 1))
    assert (refused.value.field, refused.value.code) == ("stage", "no_inherent_assessment")
    assert "须先评价固有风险" in refused.value.message
    risk = assess(risk_event(), INHERENT, LEC, RED, date(2026, 11, 1))
    with pytest.raises(DomainError) as refused:  # back-dated before any inherent assessment
        assess(risk, RESIDUAL, LEC, BLUE, date(2026, 10, 31))
    assert (refused.value.field, refused.value.code) == ("assessed_on", "no_inherent_assessment")
    assess(risk, RESIDUAL, LEC, BLUE, date(2026, 11, 1))  # the same day is fine


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1900, 1, 1), date(1949, 10, 1), date(2002, 10, 31)])
def test_an_assessment_before_the_work_safety_law_is_refused(day):
    with pytest.raises(DomainError) as refused:
        risk_event().assess("a-1", INHERENT, LEC, RED, GradingPolicy(), "o", day, date(2003, 1, 1), today=TODAY)
    assert refused.value.field == "assessed_on" and "2002-11-01" in refused.value.message
    assess(risk_event(), INHERENT, LEC, RED, date(2002, 11, 1))


@pytest.mark.parametrize(("assessed_on", "reassess_on", "ok"), [
    (date(2025, 1, 1), date(2028, 1, 1), True),  # three years: the longest cycle
    (date(2025, 1, 1), date(2028, 1, 2), False),
    (date(2024, 2, 29), date(2027, 2, 28), True),
    (date(2024, 2, 29), date(2027, 3, 1), False),
    (date(2025, 1, 1), date(9999, 12, 31), False),
])
def test_the_reassessment_date_is_within_three_years(assessed_on, reassess_on, ok):
    def run():
        risk_event().assess("a-1", INHERENT, LEC, RED, GradingPolicy(), "o", assessed_on, reassess_on, today=TODAY)

    if ok:
        run()
        return
    with pytest.raises(DomainError) as refused:
        run()
    assert refused.value.field == "reassess_on" and "3年" in refused.value.message
