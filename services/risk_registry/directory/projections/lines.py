"""Who is in whose line (DOMAIN.md §2: post → team → department → company): a team leader's
line is everyone on a post under their team, a department head's everyone under their
department. Their own post places them: the nearest team (or department) above it."""

from __future__ import annotations

from collections.abc import Callable

import asyncpg

from libs.auth import Principal, Role

_HEADS = {Role.TEAM_LEADER: "team", Role.DEPARTMENT_HEAD: "department"}

# The nearest unit of each kind above the viewer's post (the post itself excluded).
_LINE_UNITS = """
WITH RECURSIVE up(id, parent_id, kind, depth) AS (
    SELECT o.id, o.parent_id, o.kind, 0 FROM org_units o
    JOIN people p ON p.post_id = o.id
    WHERE p.id = $1 AND p.enterprise_id = $2 AND p.left_at IS NULL
    UNION ALL
    SELECT u.id, u.parent_id, u.kind, up.depth + 1 FROM org_units u JOIN up ON u.id = up.parent_id
) CYCLE id SET is_cycle USING path
SELECT DISTINCT ON (kind) id, kind FROM up WHERE depth > 0 AND kind = ANY($3) AND NOT is_cycle
ORDER BY kind, depth
"""

# Of `$3`, the active people on a post anywhere under the units `$2`.
_IN_LINE = """
WITH RECURSIVE down(id) AS (
    SELECT id FROM org_units WHERE id = ANY($2)
    UNION
    SELECT u.id FROM org_units u JOIN down ON u.parent_id = down.id
)
SELECT id FROM people WHERE enterprise_id = $1 AND id = ANY($3) AND left_at IS NULL
  AND post_id IN (SELECT id FROM down)
"""


def line_of(pool_of: Callable[[], asyncpg.Pool]):
    """The service's `LineOf` (libs/disclosure.py); the pool is looked up when asked (it exists
    only once the service has started)."""

    async def visible(principal: Principal, enterprise_id: str, people: set[str]) -> set[str]:
        kinds = [kind for role, kind in _HEADS.items() if role in principal.roles]
        if not kinds or not people or principal.enterprise_id != enterprise_id:
            return set()
        pool = pool_of()
        units = [r["id"] for r in await pool.fetch(_LINE_UNITS, principal.person_id, enterprise_id, kinds)]
        if not units:
            return set()
        return {r["id"] for r in await pool.fetch(_IN_LINE, enterprise_id, units, sorted(people))}
    return visible
