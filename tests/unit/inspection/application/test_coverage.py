"""The coverage report on fakes: one answer with a section per check, each counted, and the summary;
the similarity threshold of the request or the setting; the rules set by the admin are in force at
once and shown with their source; a rule refused names its field and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from libs.aggregate import DomainError
from libs.clock import FixedClock
from libs.repository import CommandContext
from services.inspection import bootstrap
from services.inspection.application.coverage_commands import SetCoverageRules
from services.inspection.domain.codes import CheckCycleUnit as U
from services.inspection.domain.coverage_facts import Facts, Measure, Post, RiskObject, RiskUnit, Task
from services.inspection.domain.coverage_rules import ControlLevel

ADMIN = CommandContext("admin-1", "ent-1", "corr-admin")
COPY = "检查储罐液位计读数是否正常，液位应在20%至80%之间"


def facts() -> Facts:
    return Facts(
        objects=[RiskObject("o-1", "液氯储罐区", "major_hazard_source")],
        units=[RiskUnit("u-1", "储罐单元", "o-1", 2)],
        measures=[Measure("m-1", "巡检液位", "1-5", "2", "p-1", "u-1", ControlLevel.TEAM)],
        posts=[Post("p-1", "储罐操作岗", 1), Post("p-2", "装车岗", 1), Post("p-3", "化验岗", 1)],
        tasks=[Task("t-1", "p-1", COPY, "m-1", cycle=Decimal(12), unit=U.HOUR),
               Task("t-2", "p-2", COPY.replace("80", "85"), None, "pl-1", cycle=Decimal(1), unit=U.DAY)])


@pytest.fixture
def coverage():
    w = bootstrap.in_memory(clock=FixedClock(datetime(2026, 12, 3, tzinfo=UTC)))
    w.coverage.facts.of["ent-1"] = facts()
    return w.coverage


async def test_the_report_has_every_section_counted_and_a_summary(coverage):
    report = await coverage.report("ent-1")
    assert report["similarity"] == 0.9
    assert report["summary"] == {"hazard_sources": 0, "high_risk_units": 0, "posts": 1, "copied_tasks": 1,
                                 "key_parameters": 0, "frequencies": 0, "guardians": 0, "total": 2}
    assert report["posts"]["items"] == [{"post_id": "p-3", "post_name": "化验岗", "people": 1, "measures": 0}]
    [pair] = report["copied_tasks"]["items"]
    assert (pair["a"]["plan_id"], pair["a"]["post_names"], pair["b"]["task_ids"], pair["b"]["post_names"]) == (
        "pl-1", ["装车岗"], ["t-1"], ["储罐操作岗"])
    assert [r["text"] for r in report["frequencies"]["rules"]][2] == "班组级至少每 1 天排查一次"
    assert (await coverage.report("ent-2"))["summary"]["total"] == 0  # another enterprise: nothing of this one


async def test_the_requests_threshold_wins_over_the_setting(coverage):
    assert (await coverage.report("ent-1", 0.999))["copied_tasks"]["count"] == 0


async def test_rules_set_by_the_admin_are_in_force_at_once_and_named_as_the_enterprises(coverage):
    cmd = SetCoverageRules(frequencies=[{"control_level": "team", "check_cycle": 8, "check_cycle_unit": "小时"}])
    answer = await coverage.set_rules(cmd.for_("ent-1"), ADMIN)
    team = answer["rules"][2]
    assert (team["control_level"], team["source"], team["text"]) == ("team", "企业设定", "班组级至少每 8 小时排查一次")
    assert answer["rules"][0]["source"] == "默认"
    [rare] = (await coverage.report("ent-1"))["frequencies"]["items"]
    assert (rare["task_id"], rare["cycle"], rare["rule"]) == ("t-1", "每 12 小时", "班组级至少每 8 小时排查一次")
    assert (await coverage.report("ent-2"))["frequencies"]["rules"][2]["source"] == "默认"


async def test_a_refused_rule_names_its_field_and_nothing_is_kept(coverage):
    twice = [{"control_level": "team", "check_cycle": 8, "check_cycle_unit": "小时"}] * 2
    with pytest.raises(DomainError) as refused:
        await coverage.set_rules(SetCoverageRules(frequencies=twice).for_("ent-1"), ADMIN)
    assert refused.value.field == "frequencies[1].control_level"
    with pytest.raises(DomainError) as refused:
        await coverage.set_rules(SetCoverageRules(frequencies=[
            {"control_level": "post", "check_cycle": 48, "check_cycle_unit": "小时"}]).for_("ent-1"), ADMIN)
    assert refused.value.field == "frequencies[0].check_cycle"
    assert await coverage.rules.find("ent-1") is None
