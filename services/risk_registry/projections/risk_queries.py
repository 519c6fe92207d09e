"""Reads of the risk chain. The "current level" of a risk event is its residual level once it
has one, else its inherent level."""

from __future__ import annotations

from typing import Any

import asyncpg

from libs.pagination import PageParams

CURRENT_LEVEL = "coalesce(re.residual_level, re.inherent_level)"

_RISK_LIST = f"""
SELECT re.id, re.name, re.accident_types, re.consequence, re.inherent_method, re.inherent_value,
       re.inherent_level, re.residual_method, re.residual_value, re.residual_level,
       {CURRENT_LEVEL} AS level, re.control_level, re.reassess_on, re.retired, re.version, re.updated_at,
       ru.id AS unit_id, ru.name AS unit_name, ro.id AS object_id, ro.name AS object_name, ro.kind AS object_kind,
       ru.department_id, d.name AS department_name, ru.liable_person_id, p.name AS liable_person_name
FROM risk_events re
JOIN risk_units ru ON ru.id = re.unit_id
JOIN risk_objects ro ON ro.id = ru.object_id
JOIN org_units d ON d.id = ru.department_id
JOIN people p ON p.id = ru.liable_person_id
"""

_MEASURE_LIST = f"""
SELECT cm.id, cm.description, cm.classify1, cm.classify2, cm.classify3, cm.data_source, cm.inspection_content,
       cm.responsible_post_id, post.name AS responsible_post_name, cm.retired, cm.version, cm.updated_at,
       re.id AS risk_event_id, re.name AS risk_event_name, {CURRENT_LEVEL} AS level, re.control_level,
       ru.id AS unit_id, ru.name AS unit_name, ro.id AS object_id, ro.name AS object_name,
       ru.department_id, d.name AS department_name
FROM control_measures cm
JOIN risk_events re ON re.id = cm.risk_event_id
JOIN risk_units ru ON ru.id = re.unit_id
JOIN risk_objects ro ON ro.id = ru.object_id
JOIN org_units d ON d.id = ru.department_id
JOIN org_units post ON post.id = cm.responsible_post_id
"""

_RESPONSIBILITY_LIST = f"""
SELECT ru.id AS unit_id, ru.name AS unit_name, ro.id AS object_id, ro.name AS object_name, ro.kind AS object_kind,
       ru.department_id, d.name AS department_name, ru.liable_person_id, p.name AS liable_person_name,
       p.mobile AS liable_person_mobile,
       min({CURRENT_LEVEL}) AS level,
       count(DISTINCT re.id) AS risk_events,
       count(DISTINCT cm.id) AS control_measures,
       coalesce(array_agg(DISTINCT post.name) FILTER (WHERE post.name IS NOT NULL), '{{}}') AS posts
FROM risk_units ru
JOIN risk_objects ro ON ro.id = ru.object_id
JOIN org_units d ON d.id = ru.department_id
JOIN people p ON p.id = ru.liable_person_id
LEFT JOIN risk_events re ON re.unit_id = ru.id AND NOT re.retired
LEFT JOIN control_measures cm ON cm.risk_event_id = re.id AND NOT cm.retired
LEFT JOIN org_units post ON post.id = cm.responsible_post_id
"""


def _filters(department_id: str | None, level: int | None, control_level: str | None, level_sql: str,
             control_sql: str = "re.control_level", start: int = 2) -> tuple[str, list[Any]]:
    conditions, args = [], []
    for sql, value in (("ru.department_id = ${}", department_id), (f"{level_sql} = ${{}}", level),
                       (f"{control_sql} = ${{}}", control_level)):
        if value is not None:
            args.append(value)
            conditions.append(sql.format(start + len(args) - 1))
    return "".join(f" AND {c}" for c in conditions), args


class RiskQueries:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def active_children(self, table: str, column: str, parent_id: str) -> int:
        return await self._pool.fetchval(f"SELECT count(*) FROM {table} WHERE {column} = $1 AND NOT retired",
                                         parent_id)

    async def assessed_risk_ids(self, eid: str) -> list[str]:
        rows = await self._pool.fetch(
            """SELECT id FROM risk_events WHERE enterprise_id = $1 AND NOT retired
               AND (inherent_level IS NOT NULL OR residual_level IS NOT NULL) ORDER BY id""", eid)
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
        row = await self._pool.fetchrow(f"{_RISK_LIST} WHERE re.enterprise_id = $1 AND re.id = $2", eid, risk_id)
        if row is None:
            return None
        risk = dict(row)
        risk["assessments"] = [dict(a) for a in await self._pool.fetch(
            "SELECT * FROM risk_assessments WHERE risk_event_id = $1 ORDER BY recorded_at, id", risk_id)]
        return risk

    async def measure(self, eid: str, measure_id: str) -> dict | None:
        row = await self._pool.fetchrow(f"{_MEASURE_LIST} WHERE cm.enterprise_id = $1 AND cm.id = $2",
                                        eid, measure_id)
        return dict(row) if row else None

    # -- 三清单 ----------------------------------------------------------------------------------
    async def risk_list(self, eid: str, department_id: str | None, level: int | None, control_level: str | None,
                        p: PageParams, unit_id: str | None = None):
        where, args = _filters(department_id, level, control_level, CURRENT_LEVEL)
        if unit_id is not None:
            args.append(unit_id)
            where += f" AND re.unit_id = ${len(args) + 1}"
        return await self._page(f"{_RISK_LIST} WHERE re.enterprise_id = $1 AND NOT re.retired{where}",
                                f"{CURRENT_LEVEL} NULLS LAST, ro.name, ru.name, re.name, re.id", [eid, *args], p)

    async def measure_list(self, eid: str, department_id: str | None, level: int | None, control_level: str | None,
                           p: PageParams, risk_event_id: str | None = None, post_id: str | None = None):
        where, args = _filters(department_id, level, control_level, CURRENT_LEVEL)
        for column, value in (("cm.risk_event_id", risk_event_id), ("cm.responsible_post_id", post_id)):
            if value is not None:
                args.append(value)
                where += f" AND {column} = ${len(args) + 1}"
        return await self._page(f"{_MEASURE_LIST} WHERE cm.enterprise_id = $1 AND NOT cm.retired{where}",
                                "ro.name, ru.name, re.name, cm.classify1, cm.classify2, cm.id", [eid, *args], p)

    async def responsibility_list(self, eid: str, department_id: str | None, level: int | None,
                                  p: PageParams):
        where, args = _filters(department_id, None, None, CURRENT_LEVEL)
        having = f" HAVING min({CURRENT_LEVEL}) = ${len(args) + 2}" if level is not None else ""
        if level is not None:
            args.append(level)
        sql = (f"{_RESPONSIBILITY_LIST} WHERE ru.enterprise_id = $1 AND NOT ru.retired{where} "
               f"GROUP BY ru.id, ro.id, d.id, p.id{having}")
        return await self._page(sql, "level NULLS LAST, object_name, unit_name, unit_id", [eid, *args], p)

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
