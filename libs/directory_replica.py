"""The risk registry's directory as a service replicates it (libs/replica.py): people with their
post and org units with their kind and parent — what inspection, hazard governance and alerting
each need to name a person, find a post's department or walk up the org tree.

A service composes its replica from these entries and its own (inspection adds the 包保
guardians); the replica lives in the service's schema `<service>_directory`, named
`<service>-directory`, fed by the registry's topic. Its first replica migration creates the two
tables with `create_people_and_org_units(op)` after `create_inbox(op)`, then its own.

    registry_directory("alerting", settings, HERE / "replica_migrations",
                       people_keeps(), org_unit_keeps(), {REGISTRY + "OrgUnitHeadAppointed": [...]})

A person who left, a unit retired, keeps its row (retired), so no late event brings it back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from libs.cloudevent import topic_for
from libs.config import Settings
from libs.replica import Kept, Replica, Retire, Rows, Upsert

REGISTRY = "shuangkong.risk_registry."  # the prefix of the registry's event types
PERSON, UNIT, EID = {"person_id": "person_id"}, {"unit_id": "unit_id"}, {"enterprise_id": "enterprise_id"}
Keeps = Mapping[Kept, Sequence[Rows]]


def people_keeps(*, roles: bool = False) -> dict[Kept, Sequence[Rows]]:
    """`people`: a person's enterprise, name and post (PersonAssignedToPost moves it); with
    `roles`, their duty roles too (a `roles text[]` column: who leads a team, heads a department)."""
    registered = {**EID, "name": "name", "post_id": "post_id", **({"roles": "roles"} if roles else {})}
    keeps: dict[Kept, Sequence[Rows]] = {
        REGISTRY + "PersonRegistered": [Upsert("people", PERSON, registered)],
        REGISTRY + "PersonAssignedToPost": [Upsert("people", PERSON, {**EID, "post_id": "to_post_id"})],
        REGISTRY + "PersonContactChanged": [Upsert("people", PERSON, {**EID, "name": "name"})],
        REGISTRY + "PersonLeft": [Retire("people", PERSON)],
    }
    if roles:
        keeps[REGISTRY + "PersonRolesChanged"] = [Upsert("people", PERSON, {**EID, "roles": "roles"})]
    return keeps


def org_unit_keeps() -> dict[Kept, Sequence[Rows]]:
    """`org_units`: every unit (department, team, post… the registry's OrgUnitKind) and its parent."""
    return {
        REGISTRY + "OrgUnitCreated": [Upsert("org_units", UNIT, {**EID, "kind": "kind", "name": "name",
                                                                 "parent_id": "parent_id"})],
        REGISTRY + "OrgUnitRenamed": [Upsert("org_units", UNIT, {**EID, "name": "name"})],
        REGISTRY + "OrgUnitMoved": [Upsert("org_units", UNIT, {**EID, "parent_id": "to_parent_id"})],
        REGISTRY + "OrgUnitRetired": [Retire("org_units", UNIT)],
    }


def directory_schema(service: str) -> str:
    return f"{service}_directory"


def registry_directory(service: str, settings: Settings, migrations: Path, *keeps: Keeps) -> Replica:
    """The service's replica of the registry's directory, keeping the union of `keeps`. An event
    type two of them both declare is refused: one would silently replace the other's rows."""
    union: dict[Kept, Sequence[Rows]] = {}
    for part in keeps:
        if twice := union.keys() & part.keys():
            raise ValueError(f"directory replica of {service}: {sorted(map(str, twice))} declared twice")
        union.update(part)
    return Replica(name=f"{service}-directory", schema=directory_schema(service), migrations=migrations,
                   topics=[topic_for("risk_registry", settings.topic_prefix)], keeps=union)


# The tables people_keeps and org_unit_keeps write, version 1. Replica migrations already applied
# run these very statements: never edit them; a change is a new migration of each service. Every
# org unit has its row, so a unit's row follows its stream; the posts are those of kind 'post'.
PEOPLE_AND_ORG_UNITS_V1 = [
    """
        CREATE TABLE people (
            person_id     text PRIMARY KEY,
            enterprise_id text,
            name          text,
            post_id       text,
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false   -- the person left
        )""",
    """
        CREATE TABLE org_units (
            unit_id       text PRIMARY KEY,
            enterprise_id text,
            kind          text,
            name          text,
            parent_id     text,
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false
        )""",
]


def create_people_and_org_units(op) -> None:
    """In a replica's first migration, after create_inbox(op)."""
    for statement in PEOPLE_AND_ORG_UNITS_V1:
        op.execute(statement)
