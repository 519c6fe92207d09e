"""Reads of the risk chain. The "current level" of a risk event is its residual level once it
has one, else its inherent level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg

from libs.clock import CHINA_TIME, Clock, SystemClock
from libs.pagination import PageParams
from services.risk_registry.risk_chain.projections.chain_rows import CURRENT_LEVEL, MEASURE_ROWS, RISK_ROWS

# The risks a policy change re-grades (of `re`, risk_events): what `assessed_risk_ids` lists and the
# grading guard checks is still the same set.
ASSESSED = "NOT re.retired AND (re.inherent_level IS NOT NULL OR re.residual_level IS NOT NULL)"

# Per unit ($1's): its highest current level and the control level of the risk that has it; the
# three 包保责任人 of its object when that is a 重大危险源; and each responsible post with its
# duties (the measures it carries out). The counts and the duties are grouped once each, then
# joined: no subquery per unit. A holder who has left (data from before departures waited for the
# hand-over) is flagged, and named in `departed_holders`.
_RESPONSIBILITY_LIST = f"""
WITH graded AS (
    SELECT re.unit_id, min({CURRENT_LEVEL}) AS level,
           (array_agg(re.control_level ORDER BY {CURRENT_LEVEL}, re.id)
               FILTER (WHERE {CURRENT_LEVEL} IS NOT NULL))[1] AS control_level,
           count(*) AS risk_events
    FROM risk_events re WHERE re.enterprise_id = $1 AND NOT re.retired GROUP BY re.unit_id
), post_measures AS (
    SELECT re.unit_id, cm.responsible_post_id AS post_id, post.name AS post_name,
           jsonb_agg(cm.description ORDER BY cm.classify1, cm.classify2, cm.id) AS duties, count(*) AS measures
    FROM control_measures cm
    JOIN risk_events re ON re.id = cm.risk_event_id AND NOT re.retired
    JOIN org_units post ON post.id = cm.responsible_post_id
    WHERE cm.enterprise_id = $1 AND NOT cm.retired
    GROUP BY re.unit_id, cm.responsible_post_id, post.name
), duties AS (
    SELECT unit_id, sum(measures) AS control_measures,
           array_agg(post_name ORDER BY post_name, post_id) AS posts,
           jsonb_agg(jsonb_build_object('post_id', post_id, 'post_name', post_name, 'duties', duties)
                     ORDER BY post_name, post_id) AS post_duties
    FROM post_measures GROUP BY unit_id
)
SELECT ru.id AS unit_id, ru.name AS unit_name, ro.id AS object_id, ro.name AS object_name, ro.kind AS object_kind,
       ru.department_id, d.name AS department_name, ru.liable_person_id, p.name AS liable_person_name,
       p.mobile AS liable_person_mobile,
       ro.principal_id, g1.name AS principal_name, ro.technical_id, g2.name AS technical_name,
       ro.operations_id, g3.name AS operations_name,
       g.level, g.control_level, coalesce(g.risk_events, 0) AS risk_events,
       coalesce(du.control_measures, 0)::bigint AS control_measures,
       coalesce(du.posts, '{{}}') AS posts, coalesce(du.post_duties, '[]'::jsonb) AS post_duties,
       p.left_at IS NOT NULL AS liable_person_left, g1.left_at IS NOT NULL AS principal_left,
       g2.left_at IS NOT NULL AS technical_left, g3.left_at IS NOT NULL AS operations_left,
       array_remove(ARRAY[CASE WHEN p.left_at IS NOT NULL THEN p.name END,
                          CASE WHEN g1.left_at IS NOT NULL THEN g1.name END,
                          CASE WHEN g2.left_at IS NOT NULL THEN g2.name END,
                          CASE WHEN g3.left_at IS NOT NULL THEN g3.name END], NULL) AS departed_holders
FROM risk_units ru
JOIN risk_objects ro ON ro.id = ru.object_id
JOIN org_units d ON d.id = ru.department_id
JOIN people p ON p.id = ru.liable_person_id
LEFT JOIN people g1 ON g1.id = ro.principal_id
LEFT JOIN people g2 ON g2.id = ro.technical_id
LEFT JOIN people g3 ON g3.id = ro.operations_id
LEFT JOIN graded g ON g.unit_id = ru.id
LEFT JOIN duties du ON du.unit_id = ru.id
"""


# A risk event "of a post": one of its active measures is that post's.
_RISK_HAS_POST = """EXISTS (SELECT 1 FROM control_measures pm WHERE pm.risk_event_id = re.id AND NOT pm.retired
                           AND pm.responsible_post_id = $?)"""
RISK_LIST_ORDER = f"{CURRENT_LEVEL} NULLS LAST, ro.name, ru.name, re.name, re.id"
MEASURE_LIST_ORDER = "ro.name, ru.name, re.name, cm.classify1, cm.classify2, cm.id"


# 复评逾期: an active risk event whose re-assessment date (复评日期) is before today, Beijing time.
# The one rule, twice in one place: as SQL for the filters and as Python for the field every
# answer with a risk event carries (`reassessment_overdue`).
_OVERDUE = "re.reassess_on < $?"
_NOT_OVERDUE = "(re.reassess_on IS NULL OR re.reassess_on >= $?)"
_UNIT_OVERDUE = """EXISTS (SELECT 1 FROM risk_events o WHERE o.unit_id = ru.id AND NOT o.retired
                          AND o.reassess_on < $?)"""


def overdue(risk: dict[str, Any], today: date) -> bool:
    """Whether `risk` (a row of the risk list) is overdue for re-assessment on `today`."""
    return not risk["retired"] and risk["reassess_on"] is not None and risk["reassess_on"] < today


def mark_overdue(risks: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Each risk event says whether it is overdue for re-assessment (`reassessment_overdue`)."""
    for risk in risks:
        risk["reassessment_overdue"] = overdue(risk, today)
    return risks


def like(text: str) -> str:
    """`text` as a LIKE pattern that matches it anywhere, its own % _ \\ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class ChainFilter:
    """What a list of risk events or control measures may be narrowed by; None means any."""

    object_id: str | None = None
    unit_id: str | None = None
    risk_event_id: str | None = None
    department_id: str | None = None
    post_id: str | None = None
    level: int | None = None
    control_level: str | None = None
    q: str | None = None
    overdue: bool | None = None  # 复评逾期 (True) or not (False)


class _Where:
    """AND-ed conditions with numbered parameters after the enterprise id ($1)."""

    def __init__(self, eid: str, *base: str) -> None:
        self.args: list[Any] = [eid]
        self.conditions = list(base)

    def add(self, sql: str, value: Any) -> None:
        if value is not None:
            self.args.append(value)
            self.conditions.append(sql.replace("$?", f"${len(self.args)}"))

    def sql(self) -> str:
        return " AND ".join(self.conditions)


def _overdue_where(w: _Where, wanted: bool | None, today: date, overdue_sql: str, not_overdue_sql: str) -> None:
    if wanted is not None:
        w.add(overdue_sql if wanted else not_overdue_sql, today)


def _chain_where(f: ChainFilter, w: _Where, post_sql: str, q_sql: str, today: date) -> _Where:
    w.add("ru.object_id = $?", f.object_id)
    w.add("re.unit_id = $?", f.unit_id)
    w.add("re.id = $?", f.risk_event_id)
    w.add("ru.department_id = $?", f.department_id)
    w.add(post_sql, f.post_id)
    w.add(f"{CURRENT_LEVEL} = $?", f.level)
    w.add("re.control_level = $?", f.control_level)
    w.add(q_sql, like(f.q) if f.q else None)
    _overdue_where(w, f.overdue, today, _OVERDUE, _NOT_OVERDUE)
    return w


class RiskQueries:
    def __init__(self, pool: asyncpg.Pool, clock: Clock | None = None) -> None:
        self._pool = pool
        self._clock = clock or SystemClock()

    def today(self) -> date:
        """Today in Beijing by the service's clock: what 复评日期 are compared with."""
        return self._clock.now().astimezone(CHINA_TIME).date()

    async def active_children(self, table: str, column: str, parent_id: str) -> int:
        return await self._pool.fetchval(f"SELECT count(*) FROM {table} WHERE {column} = $1 AND NOT retired",
                                         parent_id)

    async def assessed_risk_ids(self, eid: str) -> list[str]:
        rows = await self._pool.fetch(f"SELECT id FROM risk_events re WHERE re.enterprise_id = $1 AND {ASSESSED} "
                                      "ORDER BY id", eid)
        return [r["id"] for r in rows]

    async def _page(self, sql: str, order: str, args: list, p: PageParams) -> tuple[list[dict], int]:
        n = len(args)
        rows = await self._pool.fetch(f"{sql} ORDER BY {order} LIMIT ${n + 1} OFFSET ${n + 2}", *args, p.limit,
                                      p.offset)
        total = await self._pool.fetchval(f"SELECT count(*) FROM ({sql}) AS q", *args)
        return [dict(r) for r in rows], total

    # -- the chain, item by item ---------------------------------------------------------------
    async def objects(self, eid: str, kind: str | None, include_retired: bool, p: PageParams):
        return await self._page(
            """SELECT * FROM risk_objects WHERE enterprise_id = $1 AND ($2::text IS NULL OR kind = $2)
               AND ($3 OR NOT retired)""", "kind, name, id", [eid, kind, include_retired], p)

    async def object(self, eid: str, object_id: str) -> dict | None:
        row = await self._pool.fetchrow("SELECT * FROM risk_objects WHERE enterprise_id = $1 AND id = $2",
                                        eid, object_id)
        return dict(row) if row else None

    async def units(self, eid: str, object_id: str | None, include_retired: bool, p: PageParams):
        return await self._page(
            """SELECT * FROM risk_units WHERE enterprise_id = $1 AND ($2::text IS NULL OR object_id = $2)
               AND ($3 OR NOT retired)""", "name, id", [eid, object_id, include_retired], p)

    async def unit(self, eid: str, unit_id: str) -> dict | None:
        row = await self._pool.fetchrow("SELECT * FROM risk_units WHERE enterprise_id = $1 AND id = $2", eid, unit_id)
        return dict(row) if row else None

    async def risk(self, eid: str, risk_id: str) -> dict | None:
        row = await self._pool.fetchrow(f"{RISK_ROWS} WHERE re.enterprise_id = $1 AND re.id = $2", eid, risk_id)
        if row is None:
            return None
        risk = mark_overdue([dict(row)], self.today())[0]
        risk["assessments"] = [dict(a) for a in await self._pool.fetch(
            "SELECT * FROM risk_assessments WHERE risk_event_id = $1 ORDER BY recorded_at, id", risk_id)]
        return risk

    async def measure(self, eid: str, measure_id: str) -> dict | None:
        row = await self._pool.fetchrow(f"{MEASURE_ROWS} WHERE cm.enterprise_id = $1 AND cm.id = $2",
                                        eid, measure_id)
        return dict(row) if row else None

    # -- 风险事件 / 管控措施 lists and the 三清单 ---------------------------------------------------
    async def risk_events(self, eid: str, f: ChainFilter, order: str, p: PageParams):
        today = self.today()
        w = _chain_where(f, _Where(eid, "re.enterprise_id = $1", "NOT re.retired"), _RISK_HAS_POST,
                         "re.name ILIKE $?", today)
        items, total = await self._page(f"{RISK_ROWS} WHERE {w.sql()}", order, w.args, p)
        return mark_overdue(items, today), total

    async def control_measures(self, eid: str, f: ChainFilter, order: str, p: PageParams):
        w = _chain_where(f, _Where(eid, "cm.enterprise_id = $1", "NOT cm.retired"), "cm.responsible_post_id = $?",
                         "(cm.description ILIKE $? OR cm.inspection_content ILIKE $?)", self.today())
        return await self._page(f"{MEASURE_ROWS} WHERE {w.sql()}", order, w.args, p)

    async def risk_list(self, eid: str, department_id: str | None, level: int | None, control_level: str | None,
                        p: PageParams, unit_id: str | None = None, overdue: bool | None = None):
        return await self.risk_events(eid, ChainFilter(department_id=department_id, level=level,
                                                       control_level=control_level, unit_id=unit_id,
                                                       overdue=overdue),
                                      RISK_LIST_ORDER, p)

    async def measure_list(self, eid: str, department_id: str | None, level: int | None, control_level: str | None,
                           p: PageParams, risk_event_id: str | None = None, post_id: str | None = None,
                           overdue: bool | None = None):
        return await self.control_measures(eid, ChainFilter(department_id=department_id, level=level,
                                                            control_level=control_level,
                                                            risk_event_id=risk_event_id, post_id=post_id,
                                                            overdue=overdue),
                                           MEASURE_LIST_ORDER, p)

    async def responsibility_list(self, eid: str, department_id: str | None, level: int | None,
                                  p: PageParams, control_level: str | None = None, overdue: bool | None = None):
        # A unit is listed at the level of its highest risk, and controlled where that risk is.
        w = _Where(eid, "ru.enterprise_id = $1", "NOT ru.retired")
        w.add("ru.department_id = $?", department_id)
        w.add("g.level = $?", level)
        w.add("g.control_level = $?", control_level)
        _overdue_where(w, overdue, self.today(), _UNIT_OVERDUE, f"NOT {_UNIT_OVERDUE}")  # a unit with one due
        return await self._page(f"{_RESPONSIBILITY_LIST} WHERE {w.sql()}",
                                "level NULLS LAST, object_name, unit_name, unit_id", w.args, p)

    async def overdue_by_department(self, eid: str, today: date) -> list[dict]:
        """Risk events whose re-assessment date has passed, counted per responsible department."""
        rows = await self._pool.fetch(
            f"""SELECT ru.department_id, d.name AS department_name, count(*) AS overdue,
                       min(re.reassess_on) AS earliest_reassess_on
                FROM risk_events re JOIN risk_units ru ON ru.id = re.unit_id JOIN org_units d ON d.id = ru.department_id
                WHERE re.enterprise_id = $1 AND NOT re.retired AND {_OVERDUE.replace("$?", "$2")}
                GROUP BY ru.department_id, d.name ORDER BY count(*) DESC, d.name, ru.department_id""", eid, today)
        return [dict(r) for r in rows]

    async def policy(self, eid: str) -> dict | None:
        row = await self._pool.fetchrow("SELECT * FROM grading_policies WHERE enterprise_id = $1", eid)
        return dict(row) if row else None

    # -- the four-colour map ---------------------------------------------------------------------
    async def map_areas(self, eid: str) -> list[dict]:
        rows = await self._pool.fetch(
            f"""SELECT ro.id, ro.name, ro.kind, ro.outline, min({CURRENT_LEVEL}) AS level
                FROM risk_objects ro
                LEFT JOIN risk_units ru ON ru.object_id = ro.id AND NOT ru.retired
                LEFT JOIN risk_events re ON re.unit_id = ru.id AND NOT re.retired
                WHERE ro.enterprise_id = $1 AND NOT ro.retired AND ro.outline IS NOT NULL
                GROUP BY ro.id ORDER BY ro.name, ro.id""", eid)
        return [dict(r) for r in rows]
