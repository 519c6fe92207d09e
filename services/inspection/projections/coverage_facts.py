"""The coverage report's facts of one enterprise in SQL (the `CoverageFacts` port of
application/coverage.py): the risk chain, posts and people from the directory replica, the live
tasks and published plans from inspection's read models. Six statements, each over the
enterprise's rows only (the replica's indexes by enterprise, replica migration 0002).

A risk event's current grade is worked out here as the registry does (replica migration 0002):
each stage's latest assessment by date, then record, unless re-graded later in the stream; the
residual stage once there is one, else the inherent."""

from __future__ import annotations

import asyncpg

from services.inspection.domain.codes import CheckCycleUnit, TaskState
from services.inspection.domain.coverage_facts import Facts, Measure, Plan, PlanItem, Post, RiskObject, RiskUnit, Task
from services.inspection.domain.coverage_rules import ControlLevel
from services.inspection.domain.plan_state import PlanState
from services.inspection.projections.directory import SCHEMA as D

CURRENT_GRADES = f"""
WITH latest AS (
    SELECT DISTINCT ON (a.risk_event_id, a.stage) a.risk_event_id, a.stage, a.level, a.control_level, a.fact_version
    FROM {D}.risk_assessments a WHERE a.enterprise_id = $1
    ORDER BY a.risk_event_id, a.stage, a.assessed_on DESC, a.fact_version DESC
), graded AS (
    SELECT l.risk_event_id, l.stage,
           CASE WHEN g.fact_version > l.fact_version THEN g.level ELSE l.level END AS level,
           CASE WHEN g.fact_version > l.fact_version THEN g.control_level ELSE l.control_level END AS control_level
    FROM latest l LEFT JOIN {D}.risk_regrades g ON g.risk_event_id = l.risk_event_id AND g.stage = l.stage
), current AS (
    SELECT DISTINCT ON (risk_event_id) risk_event_id, level, control_level
    FROM graded ORDER BY risk_event_id, stage = 'residual' DESC
)"""

UNITS = CURRENT_GRADES + f"""
SELECT u.unit_id, u.name, u.object_id, min(c.level) AS level
FROM {D}.risk_units u
LEFT JOIN {D}.risk_events e ON e.unit_id = u.unit_id AND NOT e.retired
LEFT JOIN current c ON c.risk_event_id = e.risk_event_id
WHERE u.enterprise_id = $1 AND NOT u.retired GROUP BY u.unit_id, u.name, u.object_id ORDER BY u.unit_id"""

# A live measure: itself, its risk event and its unit not retired.
MEASURES = CURRENT_GRADES + f"""
SELECT m.measure_id, m.description, m.classify2, m.data_source, m.responsible_post_id, e.unit_id, c.control_level
FROM {D}.control_measures m
JOIN {D}.risk_events e ON e.risk_event_id = m.risk_event_id AND NOT e.retired
JOIN {D}.risk_units u ON u.unit_id = e.unit_id AND NOT u.retired
LEFT JOIN current c ON c.risk_event_id = m.risk_event_id
WHERE m.enterprise_id = $1 AND NOT m.retired ORDER BY m.measure_id"""

OBJECTS = f"""SELECT object_id, name, kind FROM {D}.risk_objects
              WHERE enterprise_id = $1 AND NOT retired ORDER BY object_id"""

POSTS = f"""
SELECT o.unit_id, o.name, count(p.person_id) FILTER (WHERE NOT p.retired) AS people
FROM {D}.org_units o LEFT JOIN {D}.people p ON p.post_id = o.unit_id AND p.enterprise_id = $1
WHERE o.enterprise_id = $1 AND o.kind = 'post' AND NOT o.retired GROUP BY o.unit_id, o.name ORDER BY o.unit_id"""

TASKS = f"""SELECT id, post_id, troubleshoot_content, measure_id, plan_id, object_id, check_cycle, check_cycle_unit
            FROM check_tasks WHERE enterprise_id = $1 AND state = '{TaskState.SCHEDULED.value}' ORDER BY id"""

PLANS = f"""SELECT id, title, kind, items FROM plans
            WHERE enterprise_id = $1 AND state = '{PlanState.PUBLISHED.value}' ORDER BY id"""


class SqlCoverageFacts:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def facts(self, enterprise_id: str) -> Facts:
        async with self._pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            fetch = conn.fetch
            return Facts(
                objects=[RiskObject(r["object_id"], r["name"], r["kind"]) for r in await fetch(OBJECTS, enterprise_id)],
                units=[RiskUnit(r["unit_id"], r["name"], r["object_id"], r["level"])
                       for r in await fetch(UNITS, enterprise_id)],
                measures=[Measure(r["measure_id"], r["description"], r["classify2"], r["data_source"],
                                  r["responsible_post_id"], r["unit_id"], _level(r["control_level"]))
                          for r in await fetch(MEASURES, enterprise_id)],
                posts=[Post(r["unit_id"], r["name"], r["people"]) for r in await fetch(POSTS, enterprise_id)],
                tasks=[Task(r["id"], r["post_id"], r["troubleshoot_content"], r["measure_id"], r["plan_id"],
                            r["object_id"], r["check_cycle"],
                            CheckCycleUnit(r["check_cycle_unit"]) if r["check_cycle_unit"] else None)
                       for r in await fetch(TASKS, enterprise_id)],
                plans=[Plan(r["id"], r["title"], r["kind"], tuple(_item(i) for i in r["items"]))
                       for r in await fetch(PLANS, enterprise_id)])


def _level(value: str | None) -> ControlLevel | None:
    return ControlLevel(value) if value in ControlLevel._value2member_map_ else None


def _item(i: dict) -> PlanItem:
    bounds = i.get("safe_range") or {}
    return PlanItem(i["no"], i["item"], i.get("measure_id"), bounds.get("low"), bounds.get("high"),
                    key_parameter=bool(bounds))
