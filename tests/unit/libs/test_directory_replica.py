"""The shared declaration of the registry's directory: a service's replica is named after it, reads
the registry's topic, keeps the union of what it composes, and refuses one event type declared
twice (the second would silently replace the first's rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from libs.config import Settings
from libs.directory_replica import (
    PEOPLE_AND_ORG_UNITS_V1,
    REGISTRY,
    create_people_and_org_units,
    org_unit_keeps,
    people_keeps,
    registry_directory,
)
from libs.replica import Upsert


def test_a_replica_is_named_after_its_service_and_keeps_the_union_of_its_parts():
    extra = {REGISTRY + "MajorHazardGuardiansAssigned": [Upsert("guardians", {"object_id": "object_id"})]}
    replica = registry_directory("alerting", Settings(topic_prefix="t."), Path("m"),
                                 people_keeps(), org_unit_keeps(), extra)
    assert (replica.name, replica.schema) == ("alerting-directory", "alerting_directory")
    assert list(replica.topics) == ["t.shuangkong.risk_registry.events.v1"]
    assert set(replica.keeps) == set(people_keeps()) | set(org_unit_keeps()) | set(extra)
    assert {rows[0].table for rows in replica.keeps.values()} == {"people", "org_units", "guardians"}


def test_an_event_type_two_parts_both_declare_is_refused():
    mine = {REGISTRY + "PersonLeft": [Upsert("people", {"person_id": "person_id"})]}
    with pytest.raises(ValueError, match="PersonLeft"):
        registry_directory("alerting", Settings(), Path("m"), people_keeps(), mine)


def test_the_migration_helper_runs_the_version_1_tables_in_order():
    class Op:
        def __init__(self) -> None:
            self.run: list[str] = []

        def execute(self, sql: str) -> None:
            self.run.append(sql)

    op = Op()
    create_people_and_org_units(op)
    assert op.run == PEOPLE_AND_ORG_UNITS_V1
    assert [s.split("(")[0].split()[-1] for s in op.run] == ["people", "org_units"]
