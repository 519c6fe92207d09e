"""The directory as inspection knows it: a replica of the risk registry's people, org units,
major hazards' 包保 guardians and the risk chain the coverage report reads (coverage_replica.py)
(libs/replica.py), in a schema of its own (`inspection_directory`), and its look-ups (the
`Directory` port of application/my_tasks.py).

A person's post follows PersonRegistered and PersonAssignedToPost; one who left keeps their row
(retired), so no late event brings them back, and is no longer asked for tasks."""

from __future__ import annotations

from pathlib import Path

import asyncpg

from libs.config import Settings
from libs.directory_replica import EID, directory_schema, org_unit_keeps, people_keeps, registry_directory
from libs.directory_replica import REGISTRY as R
from libs.replica import Replica, Retire, Upsert
from services.inspection.application.my_tasks import Member, Unit
from services.inspection.projections.coverage_replica import RISK_CHAIN

HERE = Path(__file__).resolve().parents[1]
SCHEMA = directory_schema("inspection")
OBJECT = {"object_id": "object_id"}
# A post's department: the nearest unit of kind 'department' above it (a post may sit under a team,
# a team under a department; the registry's OrgUnitKind). As the replica knows the tree now, so a
# report read after a reorganisation groups by today's departments. Depth-bounded: a cycle the
# replica might pass through mid-move cannot loop. `$1` is the enterprise.
DEPARTMENTS = f"""departments AS (
    WITH RECURSIVE up(post_id, unit_id, kind, parent_id, depth) AS (
        SELECT p.unit_id, a.unit_id, a.kind, a.parent_id, 1
          FROM {SCHEMA}.org_units p JOIN {SCHEMA}.org_units a ON a.unit_id = p.parent_id
         WHERE p.kind = 'post' AND p.enterprise_id = $1
        UNION ALL
        SELECT up.post_id, a.unit_id, a.kind, a.parent_id, up.depth + 1
          FROM up JOIN {SCHEMA}.org_units a ON a.unit_id = up.parent_id
         WHERE up.kind <> 'department' AND up.depth < 16)
    SELECT DISTINCT ON (up.post_id) up.post_id, up.unit_id AS department_id, d.name AS department_name
      FROM up JOIN {SCHEMA}.org_units d ON d.unit_id = up.unit_id
     WHERE up.kind = 'department' ORDER BY up.post_id, up.depth)"""


def directory_replica(settings: Settings) -> Replica:
    return registry_directory("inspection", settings, HERE / "replica_migrations", people_keeps(), org_unit_keeps(), {
        R + "MajorHazardGuardiansAssigned": [Upsert("guardians", OBJECT, {
            **EID, "principal_id": "principal_id", "technical_id": "technical_id",
            "operations_id": "operations_id"})],
        R + "RiskObjectRetired": [Retire("guardians", OBJECT), Retire("risk_objects", OBJECT)],
    }, RISK_CHAIN)


class SqlDirectory:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def member(self, enterprise_id: str, person_id: str) -> Member | None:
        row = await self._pool.fetchrow(
            f"""SELECT p.person_id, p.name, p.post_id, u.name AS post_name, p.retired
                FROM {SCHEMA}.people p LEFT JOIN {SCHEMA}.org_units u ON u.unit_id = p.post_id
                WHERE p.person_id = $1 AND p.enterprise_id = $2""", person_id, enterprise_id)
        if row is None:
            return None
        return Member(row["person_id"], row["name"], row["post_id"], row["post_name"], row["retired"])

    async def post_names(self, post_ids: list[str]) -> dict[str, str]:
        rows = await self._pool.fetch(
            f"SELECT unit_id, name FROM {SCHEMA}.org_units WHERE unit_id = ANY($1::text[]) AND kind = 'post'",
            post_ids)
        return {r["unit_id"]: r["name"] for r in rows if r["name"] is not None}

    async def departments(self, enterprise_id: str, post_ids: list[str]) -> dict[str, Unit]:
        """Each post's department (id and name), for the posts the replica places under one."""
        rows = await self._pool.fetch(f"WITH {DEPARTMENTS} SELECT * FROM departments WHERE post_id = ANY($2::text[])",
                                      enterprise_id, post_ids)
        return {r["post_id"]: Unit(r["department_id"], r["department_name"]) for r in rows}

    async def units(self, enterprise_id: str, kind: str) -> dict[str, str | None]:
        """The enterprise's units of `kind` (not retired), id → name."""
        rows = await self._pool.fetch(
            f"SELECT unit_id, name FROM {SCHEMA}.org_units WHERE enterprise_id = $1 AND kind = $2 AND NOT retired",
            enterprise_id, kind)
        return {r["unit_id"]: r["name"] for r in rows}
