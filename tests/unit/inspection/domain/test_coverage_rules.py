"""The lowest frequencies per control level: spans compared on the longest a unit can be, the
defaults of common practice, an admin's rule checked as a task's cycle is, and the rules' stream."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from libs.aggregate import DomainError
from services.inspection.domain.codes import CheckCycleUnit as U
from services.inspection.domain.coverage_rules import DEFAULT_RULES, ControlLevel, FrequencyRule
from services.inspection.domain.coverage_rules_events import CoverageRules, CoverageRulesSet

T0 = datetime(2026, 12, 3, tzinfo=UTC)


@pytest.mark.parametrize(("level", "cycle", "unit", "rare"), [
    (ControlLevel.COMPANY, "1", U.MONTH, False), (ControlLevel.COMPANY, "31", U.DAY, False),
    (ControlLevel.COMPANY, "32", U.DAY, True), (ControlLevel.DEPARTMENT, "7", U.DAY, False),
    (ControlLevel.DEPARTMENT, "1", U.MONTH, True), (ControlLevel.TEAM, "24", U.HOUR, False),
    (ControlLevel.TEAM, "1.5", U.DAY, True), (ControlLevel.POST, "8", U.HOUR, False),
    (ControlLevel.POST, "1", U.DAY, True),
])
def test_the_defaults_hold_a_task_to_its_levels_span(level, cycle, unit, rare):
    assert DEFAULT_RULES[level].too_rare(Decimal(cycle), unit) is rare


def test_a_rule_is_checked_as_a_cycle_is_and_the_refusal_names_the_field():
    assert FrequencyRule.of(ControlLevel.TEAM, 12, "小时").text == "班组级至少每 12 小时排查一次"
    with pytest.raises(DomainError) as refused:
        FrequencyRule.of(ControlLevel.TEAM, 0, "小时", "frequencies[1].")
    assert refused.value.field == "frequencies[1].check_cycle"
    with pytest.raises(DomainError) as refused:
        FrequencyRule.of(ControlLevel.TEAM, 1, "周", "frequencies[0].")
    assert refused.value.field == "frequencies[0].check_cycle_unit"


def test_a_setting_replaces_the_last_and_a_level_left_out_is_the_default_again():
    rules = CoverageRules("ent-1")
    rules.set([FrequencyRule(ControlLevel.TEAM, Decimal(12), U.HOUR),
               FrequencyRule(ControlLevel.COMPANY, Decimal(7), U.DAY)], "admin-1", T0)
    assert rules.frequencies[ControlLevel.TEAM].unit is U.HOUR
    assert rules.own == {ControlLevel.TEAM, ControlLevel.COMPANY}
    rules.set([FrequencyRule(ControlLevel.POST, Decimal(4), U.HOUR)], "admin-1", T0)
    assert rules.frequencies[ControlLevel.TEAM] == DEFAULT_RULES[ControlLevel.TEAM]
    assert rules.own == {ControlLevel.POST}
    [first, second] = rules.pending()
    assert isinstance(second, CoverageRulesSet) and second.model_dump(mode="json")["frequencies"] == [
        {"control_level": "post", "check_cycle": 4.0, "check_cycle_unit": "小时"}]
    assert first.enterprise_id == "ent-1"
