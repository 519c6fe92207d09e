"""The regulator's coverage checks (seed 004 annex 3-1 item 1, DOMAIN.md §9), each a pure function
of one enterprise's facts (coverage_facts.py) answering its offending rows, ids with names.

- **Live task**: scheduled and not retired (coverage_facts.Task): a task with no cycle is never
  issued, so it checks nothing yet.
- **Responsible posts** are the posts with people on them or named responsible by a live control
  measure: 全员安全生产责任制 gives every post that is staffed duties (the seed's 全部有安全生产责任的
  岗位), and a measure's post has them by name even before anyone is assigned.
- **Process and equipment rounds** are the tasks of inspected measures classified 1-1 工艺控制, 1-2
  关键设备/部件, 2-1 动设备 or 2-2 静设备 (the ones read off gauges: temperatures, pressures,
  vibration), and 日常排查 plans or plans naming such a measure. A measure's round records a key
  parameter only through a published plan's key-parameter item naming the measure (a measure's own
  task has one item, its content, and no reading); a plan's checklist needs at least one
  key-parameter item, and each of its items with only one bound is listed (a safe range open on one
  side is allowed when drawn up, but a regulator asks for the range).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from services.inspection.domain.codes import PlanKind
from services.inspection.domain.coverage_facts import INSPECTED, LEVEL_LABELS, MAJOR_HAZARD_SOURCE, Facts, Plan
from services.inspection.domain.coverage_rules import ControlLevel, FrequencyRule, cycle_text

Row = dict[str, Any]
HIGH_LEVELS = (1, 2)  # 重大, 较大
PROCESS_EQUIPMENT = {"1-1": "工艺控制", "1-2": "关键设备/部件", "2-1": "动设备", "2-2": "静设备"}
ROUNDS = (PlanKind.ROUTINE,)


def _measure_units(f: Facts) -> dict[str, str | None]:
    return {m.id: m.unit_id for m in f.measures}


def _tasked_units(f: Facts) -> set[str | None]:
    unit_of = _measure_units(f)
    return {unit_of.get(t.measure_id) for t in f.tasks if t.measure_id}


def hazard_sources_without_tasks(f: Facts) -> list[Row]:
    """重大危险源 with no live task from a measure of any of its units, nor a 包保 task naming it."""
    object_of = {u.id: u.object_id for u in f.units}
    covered = {object_of.get(u) for u in _tasked_units(f) if u} | {t.object_id for t in f.tasks if t.object_id}
    return [{"object_id": o.id, "object_name": o.name} for o in f.objects
            if o.kind == MAJOR_HAZARD_SOURCE and o.id not in covered]


def high_risk_units_without_tasks(f: Facts) -> list[Row]:
    """重大/较大 risk units with no live task from one of their measures."""
    names = {o.id: o.name for o in f.objects}
    covered = _tasked_units(f)
    return [{"unit_id": u.id, "unit_name": u.name, "level": u.level, "level_label": LEVEL_LABELS[u.level],
             "object_id": u.object_id, "object_name": names.get(u.object_id or "")}
            for u in f.units if u.level in HIGH_LEVELS and u.id not in covered]


def posts_without_tasks(f: Facts) -> list[Row]:
    """Responsible posts (staffed, or named by a live measure) with no live task."""
    duties = Counter(m.post_id for m in f.measures)
    tasked = {t.post_id for t in f.tasks}
    return [{"post_id": p.id, "post_name": p.name, "people": p.people, "measures": duties[p.id]}
            for p in f.posts if (p.people or duties[p.id]) and p.id not in tasked]


def rounds_without_key_parameters(f: Facts) -> tuple[list[Row], list[Row]]:
    """(measures' tasks, plans): the process and equipment rounds recording no key parameter."""
    posts = {p.id: p.name for p in f.posts}
    measures = {m.id: m for m in f.measures}
    recorded = {i.measure_id for p in f.plans for i in p.items if i.key_parameter and i.measure_id}
    tasks = []
    for t in f.tasks:
        m = measures.get(t.measure_id or "")
        if m and m.data_source == INSPECTED and m.classify2 in PROCESS_EQUIPMENT and m.id not in recorded:
            tasks.append({"task_id": t.id, "post_id": t.post_id, "post_name": posts.get(t.post_id),
                          "measure_id": m.id, "measure_description": m.description, "classify2": m.classify2,
                          "classify2_label": PROCESS_EQUIPMENT[m.classify2]})
    plans = [row for p in f.plans if (row := _plan_without_range(p, measures, posts, f)) is not None]
    return tasks, plans


def _plan_without_range(p: Plan, measures: dict, posts: dict, f: Facts) -> Row | None:
    names_round = any(measures.get(i.measure_id or "") and measures[i.measure_id].classify2 in PROCESS_EQUIPMENT
                      for i in p.items)
    if p.kind not in ROUNDS and not names_round:
        return None
    keys = [i for i in p.items if i.key_parameter]
    open_sided = [{"no": i.no, "item": i.item} for i in keys if i.low is None or i.high is None]
    if keys and not open_sided:
        return None
    task_posts = sorted({t.post_id for t in f.tasks if t.plan_id == p.id})
    return {"plan_id": p.id, "plan_title": p.title, "kind": p.kind, "kind_label": PlanKind(p.kind).label,
            "reason": "one_sided_range" if keys else "no_key_parameter",
            "reason_label": "关键参数安全范围缺上限或下限" if keys else "检查表无关键参数",
            "items": open_sided, "post_ids": task_posts, "post_names": [posts.get(x) for x in task_posts]}


def too_rare_tasks(f: Facts, rules: dict[ControlLevel, FrequencyRule]) -> list[Row]:
    """Measures' live tasks checked less often than their risk's control level asks. A plan's task
    has no control level (a plan is drawn up for posts, not for a risk) and is not judged."""
    posts = {p.id: p.name for p in f.posts}
    measures = {m.id: m for m in f.measures}
    rows = []
    for t in f.tasks:
        m = measures.get(t.measure_id or "")
        if m is None or m.control_level is None or t.cycle is None or t.unit is None:
            continue
        rule = rules[m.control_level]
        if rule.too_rare(t.cycle, t.unit):
            rows.append({"task_id": t.id, "post_id": t.post_id, "post_name": posts.get(t.post_id),
                         "measure_id": m.id, "measure_description": m.description,
                         "control_level": m.control_level.value, "control_level_label": m.control_level.label,
                         "cycle": cycle_text(t.cycle, t.unit), "rule": rule.text})
    return rows

