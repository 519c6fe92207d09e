"""The directory as hazard governance knows it: a replica of the risk registry's people and org
units (libs/replica.py) in a schema of its own (`hazard_directory`), and the names a hazard's
history shows — of one enterprise only, so an id another tenant also uses is never named from there."""

from __future__ import annotations

from pathlib import Path

import asyncpg

from libs.config import Settings
from libs.directory_replica import directory_schema, org_unit_keeps, people_keeps, registry_directory
from libs.replica import Replica

HERE = Path(__file__).resolve().parents[1]
SCHEMA = directory_schema("hazard")


def directory_replica(settings: Settings) -> Replica:
    return registry_directory("hazard", settings, HERE / "replica_migrations", people_keeps(), org_unit_keeps())


_NAMES = f"""
SELECT person_id AS id, name FROM {SCHEMA}.people WHERE person_id = ANY($1) AND enterprise_id = $2
UNION ALL SELECT unit_id, name FROM {SCHEMA}.org_units WHERE unit_id = ANY($1) AND enterprise_id = $2
"""


def name_lookup(pool: asyncpg.Pool):
    async def lookup(enterprise_id: str, ids: set[str]) -> dict[str, str]:
        return {r["id"]: r["name"] for r in await pool.fetch(_NAMES, sorted(ids), enterprise_id) if r["name"]}
    return lookup
