"""Reads of the directory read model. Every query names the enterprise, so one enterprise's
rows never answer another's question."""

from __future__ import annotations

from typing import Any

import asyncpg

from libs.pagination import PageParams

_ENTERPRISE = "id, name, credit_code, hazchem_code, industry, registered_at, updated_at, version"
_UNIT = "id, enterprise_id, kind, name, parent_id, retired, created_at, updated_at, version"
_PERSON = "id, enterprise_id, name, mobile, post_id, roles, left_at, created_at, updated_at, version"


# Every ancestor however deep; the CYCLE clause ends the walk should a cycle ever exist.
_WALK_UP = """WITH RECURSIVE up(id, parent_id, depth) AS (
                  SELECT id, parent_id, 0 FROM org_units WHERE id = $1
                  UNION ALL
                  SELECT u.id, u.parent_id, up.depth + 1 FROM org_units u JOIN up ON u.id = up.parent_id
              ) CYCLE id SET is_cycle USING path """
ANCESTRY = _WALK_UP + "SELECT id FROM up WHERE depth > 0 AND NOT is_cycle ORDER BY depth"
IN_CYCLE = _WALK_UP + "SELECT bool_or(is_cycle) FROM up"


def _rows(records) -> list[dict[str, Any]]:
    return [dict(r) for r in records]


class DirectoryQueries:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def enterprises(self, ids: list[str] | None, p: PageParams) -> tuple[list[dict], int]:
        where, args = ("WHERE id = ANY($1)", [ids]) if ids is not None else ("", [])
        n = len(args)
        rows = await self._pool.fetch(
            f"SELECT {_ENTERPRISE} FROM enterprises {where} ORDER BY registered_at, id "
            f"LIMIT ${n + 1} OFFSET ${n + 2}", *args, p.limit, p.offset)
        total = await self._pool.fetchval(f"SELECT count(*) FROM enterprises {where}", *args)
        return _rows(rows), total

    async def enterprise(self, enterprise_id: str) -> dict | None:
        row = await self._pool.fetchrow(f"SELECT {_ENTERPRISE} FROM enterprises WHERE id = $1", enterprise_id)
        return dict(row) if row else None

    async def units(self, enterprise_id: str, kind: str | None, parent_id: str | None, include_retired: bool,
                    p: PageParams) -> tuple[list[dict], int]:
        conditions = ["enterprise_id = $1", "($2::text IS NULL OR kind = $2)",
                      "($3::text IS NULL OR parent_id = $3)", "($4 OR NOT retired)"]
        where = " AND ".join(conditions)
        args = [enterprise_id, kind, parent_id, include_retired]
        rows = await self._pool.fetch(
            f"SELECT {_UNIT} FROM org_units WHERE {where} ORDER BY kind, name, id LIMIT $5 OFFSET $6",
            *args, p.limit, p.offset)
        total = await self._pool.fetchval(f"SELECT count(*) FROM org_units WHERE {where}", *args)
        return _rows(rows), total

    async def unit(self, enterprise_id: str, unit_id: str) -> dict | None:
        row = await self._pool.fetchrow(
            f"SELECT {_UNIT} FROM org_units WHERE enterprise_id = $1 AND id = $2", enterprise_id, unit_id)
        return dict(row) if row else None

    async def tree(self, enterprise_id: str) -> list[dict]:
        """The active org tree, nested: departments → sub-departments/teams → posts."""
        rows = _rows(await self._pool.fetch(
            f"SELECT {_UNIT} FROM org_units WHERE enterprise_id = $1 AND NOT retired ORDER BY name, id",
            enterprise_id))
        nodes = {r["id"]: {**r, "children": []} for r in rows}
        roots = []
        for node in nodes.values():
            parent = nodes.get(node["parent_id"])
            (parent["children"] if parent else roots).append(node)
        return roots

    async def ancestry(self, unit_id: str) -> list[str]:
        """The ids above `unit_id`, nearest first."""
        rows = await self._pool.fetch(
            ANCESTRY, unit_id)
        return [r["id"] for r in rows]

    async def active_children(self, unit_id: str) -> int:
        return await self._pool.fetchval(
            "SELECT count(*) FROM org_units WHERE parent_id = $1 AND NOT retired", unit_id)

    async def active_members(self, unit_id: str) -> int:
        return await self._pool.fetchval(
            "SELECT count(*) FROM people WHERE post_id = $1 AND left_at IS NULL", unit_id)

    async def people(self, enterprise_id: str, post_id: str | None, role: str | None, q: str | None,
                     include_left: bool, p: PageParams, by_mobile: bool = True) -> tuple[list[dict], int]:
        # Literal matches (strpos, starts_with), so a % or _ in `q` is a character, not a wildcard.
        by_number = " OR starts_with(mobile, $4)" if by_mobile else ""
        conditions = ["enterprise_id = $1", "($2::text IS NULL OR post_id = $2)",
                      "($3::text IS NULL OR $3 = ANY(roles))",
                      f"($4::text IS NULL OR strpos(name, $4) > 0{by_number})",
                      "($5 OR left_at IS NULL)"]
        where = " AND ".join(conditions)
        args = [enterprise_id, post_id, role, q, include_left]
        rows = await self._pool.fetch(
            f"SELECT {_PERSON} FROM people WHERE {where} ORDER BY name, id LIMIT $6 OFFSET $7",
            *args, p.limit, p.offset)
        total = await self._pool.fetchval(f"SELECT count(*) FROM people WHERE {where}", *args)
        return _rows(rows), total

    async def person(self, enterprise_id: str, person_id: str) -> dict | None:
        row = await self._pool.fetchrow(
            f"SELECT {_PERSON} FROM people WHERE enterprise_id = $1 AND id = $2", enterprise_id, person_id)
        return dict(row) if row else None
