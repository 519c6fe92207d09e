"""The directory as the identity service knows it: a replica of the risk registry's people and
enterprises (libs/replica.py), in a schema of its own (`identity_directory`), and its look-ups.

A person who left keeps their row (retired), so no late event brings them back. The sign-in
looks a mobile number up here; a person's name, mobile and roles in their tokens come from here
at every sign-in and refresh, so a change in the directory reaches the tokens within one access
token's lifetime.
"""

from __future__ import annotations

from pathlib import Path

import asyncpg

from libs.config import Settings
from libs.directory_replica import PERSON, directory_schema, registry_directory
from libs.directory_replica import REGISTRY as R
from libs.replica import Replica, Retire, Upsert
from services.identity.application.ports import PersonFacts

HERE = Path(__file__).resolve().parents[1]
SCHEMA = directory_schema("identity")
ENTERPRISE = {"enterprise_id": "enterprise_id"}


def directory_replica(settings: Settings) -> Replica:
    # Its own people: mobile and roles for the sign-in, no post; enterprises, no org units.
    return registry_directory("identity", settings, HERE / "replica_migrations", {
        R + "PersonRegistered": [Upsert("people", PERSON, {"enterprise_id": "enterprise_id", "name": "name",
                                                            "mobile": "mobile", "roles": "roles"})],
        R + "PersonRolesChanged": [Upsert("people", PERSON, {"enterprise_id": "enterprise_id", "roles": "roles"})],
        R + "PersonContactChanged": [Upsert("people", PERSON, {"enterprise_id": "enterprise_id", "name": "name",
                                                                "mobile": "mobile"})],
        R + "PersonLeft": [Retire("people", PERSON)],
        R + "EnterpriseRegistered": [Upsert("enterprises", ENTERPRISE, {"name": "name"})],
        R + "EnterpriseRenamed": [Upsert("enterprises", ENTERPRISE, {"name": "name"})],
    })


_PERSON = f"SELECT person_id, enterprise_id, name, mobile, roles, retired FROM {SCHEMA}.people"


def _facts(row: asyncpg.Record) -> PersonFacts:
    return PersonFacts(row["person_id"], row["enterprise_id"], row["name"], row["mobile"], list(row["roles"] or []),
                       row["retired"])


class SqlDirectory:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def person(self, person_id: str) -> PersonFacts | None:
        row = await self._pool.fetchrow(_PERSON + " WHERE person_id = $1", person_id)
        return None if row is None else _facts(row)

    async def people_with_mobile(self, mobile: str) -> list[PersonFacts]:
        return [_facts(r) for r in await self._pool.fetch(_PERSON + " WHERE mobile = $1 AND NOT retired", mobile)]

    async def known_enterprises(self, enterprise_ids: list[str]) -> set[str]:
        rows = await self._pool.fetch(
            f"SELECT enterprise_id FROM {SCHEMA}.enterprises WHERE enterprise_id = ANY($1::text[]) AND NOT retired",
            enterprise_ids)
        return {r["enterprise_id"] for r in rows}
