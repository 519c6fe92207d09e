"""The coverage checks on plain facts: a 重大危险源 or a 重大/较大 unit is covered by a live task of one
of its measures (or, for the object, a 包保 task naming it); a responsible post (staffed, or named by
a measure) needs a live task; process and equipment rounds need a key parameter with its range; a
task is too rare for its risk's control level."""

from __future__ import annotations

from decimal import Decimal

from services.inspection.domain import coverage as c
from services.inspection.domain.codes import CheckCycleUnit as U
from services.inspection.domain.coverage_facts import Facts, Measure, Plan, PlanItem, Post, RiskObject, RiskUnit, Task
from services.inspection.domain.coverage_rules import DEFAULT_RULES, ControlLevel

TANKS = RiskObject("o-1", "液氯储罐区", "major_hazard_source")
HALL = RiskObject("o-2", "包装车间", "area")


def plant(*tasks: Task, plans: tuple[Plan, ...] = (), measures: tuple[Measure, ...] | None = None) -> Facts:
    return Facts(
        objects=[TANKS, HALL],
        units=[RiskUnit("u-1", "储罐单元", "o-1", 1), RiskUnit("u-2", "包装线", "o-2", 2),
               RiskUnit("u-3", "办公区", "o-2", 4)],
        measures=list(measures if measures is not None else (
            Measure("m-1", "液位高高联锁", "1-1", "2", "p-1", "u-1", ControlLevel.COMPANY),
            Measure("m-2", "皮带防护罩", "1-5", "2", "p-2", "u-2", ControlLevel.DEPARTMENT),
            Measure("m-3", "液位在线监测", "1-1", "1", "p-3", "u-1", ControlLevel.COMPANY))),
        posts=[Post("p-1", "储罐操作岗", 2), Post("p-2", "包装岗", 1), Post("p-3", "仪表岗", 0),
               Post("p-4", "空岗", 0)],
        tasks=list(tasks), plans=list(plans))


def task(tid: str, post: str, measure: str | None = None, cycle: str = "8", unit: U = U.HOUR, **kw) -> Task:
    return Task(tid, post, kw.pop("content", f"内容{tid}"), measure, cycle=Decimal(cycle), unit=unit, **kw)


def test_a_hazard_source_and_high_units_without_tasks_are_listed_with_names():
    facts = plant()
    assert c.hazard_sources_without_tasks(facts) == [{"object_id": "o-1", "object_name": "液氯储罐区"}]
    assert [(u["unit_id"], u["level_label"], u["object_name"]) for u in c.high_risk_units_without_tasks(facts)] == [
        ("u-1", "重大风险", "液氯储罐区"), ("u-2", "较大风险", "包装车间")]  # the 低 unit is no gap


def test_a_task_of_a_units_measure_covers_the_unit_and_its_object():
    facts = plant(task("t-1", "p-1", "m-1"))
    assert c.hazard_sources_without_tasks(facts) == []
    assert [u["unit_id"] for u in c.high_risk_units_without_tasks(facts)] == ["u-2"]


def test_a_guardians_task_naming_the_object_covers_the_hazard_source_but_not_its_unit():
    facts = plant(task("t-9", "p-1", object_id="o-1"))
    assert c.hazard_sources_without_tasks(facts) == []
    assert [u["unit_id"] for u in c.high_risk_units_without_tasks(facts)] == ["u-1", "u-2"]


def test_responsible_posts_are_staffed_or_named_by_a_measure_and_empty_posts_are_not():
    rows = c.posts_without_tasks(plant(task("t-1", "p-1", "m-1")))
    assert rows == [{"post_id": "p-2", "post_name": "包装岗", "people": 1, "measures": 1},
                    {"post_id": "p-3", "post_name": "仪表岗", "people": 0, "measures": 1}]


def test_a_process_measures_task_records_no_key_parameter_until_a_plan_item_with_a_range_names_it():
    facts = plant(task("t-1", "p-1", "m-1"), task("t-2", "p-2", "m-2"))
    tasks, plans = c.rounds_without_key_parameters(facts)
    assert [(t["task_id"], t["classify2_label"]) for t in tasks] == [("t-1", "工艺控制")] and plans == []
    ranged = Plan("pl-1", "罐区巡检", 1, (PlanItem(1, "液位", "m-1", 20.0, 80.0, key_parameter=True),))
    assert c.rounds_without_key_parameters(plant(*facts.tasks, plans=(ranged,))) == ([], [])


def test_a_round_plan_without_a_key_parameter_or_with_a_one_sided_range_is_listed():
    bare = Plan("pl-1", "罐区日常巡检", 1, (PlanItem(1, "消防器材"),))
    one_sided = Plan("pl-2", "压力巡检", 3, (PlanItem(1, "压力", "m-1", None, 1.6, key_parameter=True),))
    seasonal = Plan("pl-3", "防汛检查", 4, (PlanItem(1, "排水沟"),))  # no round: no key parameter expected
    _, plans = c.rounds_without_key_parameters(plant(task("t-p", "p-1", plan_id="pl-1"),
                                                     plans=(bare, one_sided, seasonal)))
    assert [(p["plan_id"], p["reason"], p["items"], p["post_names"]) for p in plans] == [
        ("pl-1", "no_key_parameter", [], ["储罐操作岗"]),
        ("pl-2", "one_sided_range", [{"no": 1, "item": "压力"}], [])]


def test_a_task_rarer_than_its_control_level_allows_is_listed_with_the_rule():
    facts = plant(task("t-1", "p-1", "m-1", "1", U.MONTH), task("t-2", "p-2", "m-2", "8", U.DAY))
    [row] = c.too_rare_tasks(facts, DEFAULT_RULES)
    assert (row["task_id"], row["control_level_label"], row["cycle"], row["rule"]) == (
        "t-2", "部门级", "每 8 天", "部门级至少每 7 天排查一次")


def test_a_plans_task_and_a_task_of_an_ungraded_risk_are_not_judged_for_frequency():
    ungraded = (Measure("m-1", "液位高高联锁", "1-1", "2", "p-1", "u-1", None),)
    facts = plant(task("t-1", "p-1", "m-1", "1", U.YEAR), task("t-2", "p-2", None, "1", U.YEAR, plan_id="pl-1"),
                  measures=ungraded)
    assert c.too_rare_tasks(facts, DEFAULT_RULES) == []
