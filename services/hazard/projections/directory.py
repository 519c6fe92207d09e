"""The directory as hazard governance knows it: a replica of the risk registry's people and org
units (libs/replica.py) in a schema of its own (`hazard_directory`), and the names a hazard's
history shows — of one enterprise only, so an id another tenant also uses is never named from there."""

from __future__ import annotations

from pathlib import Path

import asyncpg

from libs.cloudevent import topic_for
from libs.config import Settings
from libs.replica import Replica, Retire, Upsert

HERE = Path(__file__).resolve().parents[1]
SCHEMA = "hazard_directory"
R = "shuangkong.risk_registry."
PERSON, UNIT, EID = {"person_id": "person_id"}, {"unit_id": "unit_id"}, {"enterprise_id": "enterprise_id"}


def directory_replica(settings: Settings) -> Replica:
    return Replica(name="hazard-directory", schema=SCHEMA, migrations=HERE / "replica_migrations",
                   topics=[topic_for("risk_registry", settings.topic_prefix)], keeps={
        R + "PersonRegistered": [Upsert("people", PERSON, {**EID, "name": "name", "post_id": "post_id"})],
        R + "PersonAssignedToPost": [Upsert("people", PERSON, {**EID, "post_id": "to_post_id"})],
        R + "PersonContactChanged": [Upsert("people", PERSON, {**EID, "name": "name"})],
        R + "PersonLeft": [Retire("people", PERSON)],
        R + "OrgUnitCreated": [Upsert("org_units", UNIT, {**EID, "kind": "kind", "name": "name",
                                                          "parent_id": "parent_id"})],
        R + "OrgUnitRenamed": [Upsert("org_units", UNIT, {**EID, "name": "name"})],
        R + "OrgUnitMoved": [Upsert("org_units", UNIT, {**EID, "parent_id": "to_parent_id"})],
        R + "OrgUnitRetired": [Retire("org_units", UNIT)],
    })


_NAMES = f"""
SELECT person_id AS id, name FROM {SCHEMA}.people WHERE person_id = ANY($1) AND enterprise_id = $2
UNION ALL SELECT unit_id, name FROM {SCHEMA}.org_units WHERE unit_id = ANY($1) AND enterprise_id = $2
"""


def name_lookup(pool: asyncpg.Pool):
    async def lookup(enterprise_id: str, ids: set[str]) -> dict[str, str]:
        return {r["id"]: r["name"] for r in await pool.fetch(_NAMES, sorted(ids), enterprise_id) if r["name"]}
    return lookup
