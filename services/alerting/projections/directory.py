"""Who each rung of the ladder is, from the replica (projections/replica.py), as the directory is now.

The registry has no "leader of unit X" event: a person holds duty roles and one post. So a team's
leader is whoever holds `team_leader` on a post of that team; a department's head whoever holds
`department_head` on a post anywhere under it; the principal whoever holds `principal` in the
enterprise (decisions: 58). The assignee's units are found from the cause's posts and its people's
posts, walking up the tree (depth-bounded, so a tree caught mid-move cannot loop)."""

from __future__ import annotations

import asyncpg

from services.alerting.application.ports import CauseFacts
from services.alerting.domain.codes import Level
from services.alerting.domain.events import Cause
from services.alerting.projections.replica import SCHEMA

S = SCHEMA
_POSTS = f"""
WITH RECURSIVE posts AS (
    SELECT unnest($2::text[]) AS unit_id
    UNION SELECT post_id FROM {S}.people WHERE person_id = ANY($3) AND enterprise_id = $1 AND post_id IS NOT NULL
), up AS (
    SELECT u.unit_id AS origin, u.unit_id, u.kind, u.parent_id, 0 AS depth FROM {S}.org_units u
    JOIN posts p USING (unit_id) WHERE u.enterprise_id = $1
    UNION ALL SELECT up.origin, u.unit_id, u.kind, u.parent_id, up.depth + 1 FROM {S}.org_units u
    JOIN up ON u.unit_id = up.parent_id WHERE up.depth < 16 AND u.enterprise_id = $1
)"""
_ASSIGNEES = f"""
SELECT person_id FROM {S}.people WHERE enterprise_id = $1 AND NOT retired
  AND (person_id = ANY($3) OR post_id = ANY($2))"""
# The team above a post (a team holds posts only).
_TEAM = _POSTS + f"""
SELECT p.person_id FROM {S}.people p JOIN {S}.org_units post ON post.unit_id = p.post_id
WHERE p.enterprise_id = $1 AND NOT p.retired AND 'team_leader' = ANY(p.roles)
  AND (post.parent_id IN (SELECT unit_id FROM up WHERE kind = 'team') OR p.post_id IN (SELECT unit_id FROM up
       WHERE kind = 'team'))"""
# The nearest department above each post (or the cause's own), and every post under it.
_DEPARTMENT = _POSTS + f""", nearest AS (
    SELECT DISTINCT ON (origin) unit_id FROM up WHERE kind = 'department' ORDER BY origin, depth
), departments AS (
    SELECT unit_id FROM nearest UNION SELECT $4::text WHERE $4::text IS NOT NULL
), down AS (
    SELECT unit_id, 0 AS depth FROM departments
    UNION ALL SELECT u.unit_id, down.depth + 1 FROM {S}.org_units u JOIN down ON u.parent_id = down.unit_id
    WHERE down.depth < 16 AND u.enterprise_id = $1
)
SELECT p.person_id FROM {S}.people p
WHERE p.enterprise_id = $1 AND NOT p.retired AND 'department_head' = ANY(p.roles)
  AND p.post_id IN (SELECT unit_id FROM down)"""
_PRINCIPAL = f"""
SELECT person_id FROM {S}.people WHERE enterprise_id = $1 AND NOT retired AND 'principal' = ANY(roles)"""


class SqlDirectory:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def people_at(self, enterprise_id: str, level: Level, cause: Cause) -> list[str]:
        args: list = [enterprise_id, cause.post_ids, cause.person_ids]
        if level is Level.ASSIGNEE:
            sql = _ASSIGNEES
        elif level is Level.TEAM:
            sql = _TEAM
        elif level is Level.DEPARTMENT:
            sql, args = _DEPARTMENT, [*args, cause.department_id]
        else:
            sql, args = _PRINCIPAL, [enterprise_id]
        return sorted({r["person_id"] for r in await self.pool.fetch(sql, *args)})


class SqlFacts:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def of(self, enterprise_id: str, cause_type: str, cause_id: str) -> CauseFacts | None:
        if cause_type == "occurrence":
            row = await self.pool.fetchrow(f"SELECT post_ids, person_ids FROM {S}.occurrences "
                                           "WHERE occurrence_id = $1 AND enterprise_id = $2", cause_id, enterprise_id)
            return CauseFacts(post_ids=list(row["post_ids"] or []), person_ids=list(row["person_ids"] or [])) \
                if row else None
        if cause_type == "hazard":
            row = await self.pool.fetchrow(f"SELECT name, level, liable_person_id, department_id FROM {S}.hazards "
                                           "WHERE hazard_id = $1 AND enterprise_id = $2", cause_id, enterprise_id)
            if row is None or row["level"] is None:
                return None  # not graded yet here: its level decides the urgency
            liable = [row["liable_person_id"]] if row["liable_person_id"] else []
            return CauseFacts(title=row["name"], person_ids=liable,
                              department_id=row["department_id"], major=row["level"] == 1)
        return None
