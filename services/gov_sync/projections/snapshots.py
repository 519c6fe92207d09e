"""The snapshot projection (快照投影): fed by the risk registry's, inspection's and hazard's topics,
it keeps the current state of every synced entity and the facts its mapping needs. Each event type
says which entity it fills (its id and parent fields) or which fact it keeps; an entity's row
merges its events' fields, so a revision changes the snapshot and a retirement marks it deleted
(keeping its last content; a reinstatement clears the mark). Rebuildable like every projection
(`shuangkong rebuild gov_sync`): the rows are a function of the log."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from libs.cloudevent import InboundEvent, topic_for
from libs.config import Settings
from services.gov_sync.domain.snapshots import Entity

HERE = Path(__file__).resolve().parents[1]
SCHEMA = "gov_sync_snapshots"
R, INS, HAZ = "shuangkong.risk_registry.", "shuangkong.inspection.", "shuangkong.hazard."


@dataclass(frozen=True)
class Fills:
    """An event that fills an entity's snapshot: its id field, its parent field, and what it makes of
    the deleted state (True a retirement, False a creation or reinstatement, None leaves it)."""

    entity: Entity
    id_field: str
    parent_field: str | None = None
    deleted: bool | None = None
    drops: frozenset[str] = frozenset()  # data no platform field takes (a record's items, its location)
    shape: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # the fields, where not the data itself


TASK, HZ, RECORD_DROPS = "task_id", "hazard_id", frozenset({"items", "location", "client_id", "photo_ids", "note"})


def _grading(data: dict[str, Any]) -> dict[str, Any]:
    """dangerLevel … liablePerson: the grading's fields, flat (a revision replaces each)."""
    g = data["grading"]
    return {k: g.get(k) for k in ("level", "hazard_type", "manage_type", "management_class", "occurrence_link",
                                  "liable_person_id")}


def _rectified(data: dict[str, Any]) -> dict[str, Any]:
    r = data["rectified"]
    return {"cause": r.get("cause"), "measures_taken": r.get("measures_taken"), "cost": r.get("cost"),
            "after_photo_ids": r.get("after_photo_ids", [])}


FILLS: dict[str, Fills] = {
    R + "RiskUnitCreated": Fills(Entity.RISK_UNIT, "unit_id", deleted=False),
    R + "RiskUnitRevised": Fills(Entity.RISK_UNIT, "unit_id"),
    R + "RiskUnitRetired": Fills(Entity.RISK_UNIT, "unit_id", deleted=True),
    R + "RiskEventIdentified": Fills(Entity.RISK_EVENT, "risk_event_id", "unit_id", deleted=False),
    R + "RiskEventRevised": Fills(Entity.RISK_EVENT, "risk_event_id"),
    R + "RiskEventRetired": Fills(Entity.RISK_EVENT, "risk_event_id", deleted=True),
    R + "ControlMeasureDefined": Fills(Entity.CONTROL_MEASURE, "measure_id", "risk_event_id", deleted=False),
    R + "ControlMeasureRevised": Fills(Entity.CONTROL_MEASURE, "measure_id"),
    R + "ControlMeasureRetired": Fills(Entity.CONTROL_MEASURE, "measure_id", deleted=True),
    # A measure's task; a plan's task has no measure and no place on any platform (decision 60).
    INS + "CheckTaskDrawnUp": Fills(Entity.CHECK_TASK, TASK, "measure_id", deleted=False),
    INS + "CheckTaskRevised": Fills(Entity.CHECK_TASK, TASK, "measure_id"),
    INS + "CheckTaskScheduled": Fills(Entity.CHECK_TASK, TASK),
    INS + "CheckTaskRetired": Fills(Entity.CHECK_TASK, TASK, deleted=True),
    INS + "CheckTaskReinstated": Fills(Entity.CHECK_TASK, TASK, "measure_id", deleted=False),
    INS + "CheckRecorded": Fills(Entity.CHECK_RECORD, "record_id", TASK, deleted=False, drops=RECORD_DROPS),
    HAZ + "HazardReported": Fills(Entity.HAZARD, HZ, deleted=False, shape=lambda d: {
        **{k: d.get(k) for k in ("name", "description", "photo_ids", "reporter_id", "reported_at", "source",
                                 "category", "enforcement_id", "measure_id", "record_id")}, "state": 0}),
    HAZ + "HazardGraded": Fills(Entity.HAZARD, HZ, shape=lambda d: {**_grading(d), "deadline": d["deadline"]}),
    HAZ + "GradingRevised": Fills(Entity.HAZARD, HZ, shape=_grading),
    HAZ + "ExtensionApproved": Fills(Entity.HAZARD, HZ, shape=lambda d: {"deadline": d["new_deadline"]}),
    HAZ + "RectificationSubmitted": Fills(Entity.HAZARD, HZ, shape=lambda d: {**_rectified(d), "state": 1}),
    HAZ + "HazardFixedOnTheSpot": Fills(Entity.HAZARD, HZ, shape=lambda d: {**_rectified(d), "state": 1}),
    HAZ + "AcceptanceRejected": Fills(Entity.HAZARD, HZ, shape=lambda d: {"state": 0}),
    HAZ + "HazardAccepted": Fills(Entity.HAZARD, HZ, shape=lambda d: {
        "accept_person_id": d["accepted_by"], "accept_time": d["accepted_at"], "accept_comment": d.get("comment"),
        "state": 9}),
    HAZ + "HazardVoided": Fills(Entity.HAZARD, HZ, deleted=True),
}
# What a retirement's data says is no field of the snapshot.
NOT_FIELDS = {"reason", "enterprise_id"}

_UPSERT = """
INSERT INTO snapshots (entity, id, enterprise_id, parent_id, fields, created_at, created_by, updated_at,
                       updated_by, deleted)
VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $7, COALESCE($8, false))
ON CONFLICT (entity, id) DO UPDATE SET
    fields = snapshots.fields || excluded.fields, parent_id = COALESCE(excluded.parent_id, snapshots.parent_id),
    updated_at = excluded.updated_at, updated_by = excluded.updated_by,
    deleted = COALESCE($8, snapshots.deleted)"""


async def _fill(conn: asyncpg.Connection, fills: Fills, e: InboundEvent) -> None:
    if fills.deleted:
        data: dict[str, Any] = {}
    elif fills.shape is not None:
        data = fills.shape(e.data)
    else:
        data = {k: v for k, v in e.data.items() if k not in NOT_FIELDS | fills.drops}
    # A hazard's parent is the record it was found in, else the measure (snapshots.HazardSnapshot).
    parent = e.data.get(fills.parent_field) if fills.parent_field else \
        (e.data.get("record_id") or e.data.get("measure_id")) if fills.entity is Entity.HAZARD else None
    await conn.execute(_UPSERT, int(fills.entity), e.data[fills.id_field], e.enterprise_id or e.data["enterprise_id"],
                       parent, data, e.time, e.actor or "", fills.deleted)


Fact = Callable[[asyncpg.Connection, InboundEvent], Awaitable[None]]


def _fact(sql: str, *fields: str) -> Fact:
    async def keep(conn: asyncpg.Connection, e: InboundEvent) -> None:
        await conn.execute(sql, *(e.data.get(f) for f in fields))
    return keep


_PERSON = "INSERT INTO people VALUES ($1, $2, $3) ON CONFLICT (person_id) DO UPDATE SET name = excluded.name"
_UNIT = "INSERT INTO org_units VALUES ($1, $2, $3) ON CONFLICT (unit_id) DO UPDATE SET name = excluded.name"
_OBJECT = """INSERT INTO objects VALUES ($1, $2, $3, $4 = 'major_hazard_source')
             ON CONFLICT (object_id) DO UPDATE SET code = excluded.code"""
_OBJECT_REVISED = "UPDATE objects SET code = $2 WHERE object_id = $1"
_EVENT_OF_UNIT = """INSERT INTO risk_levels (risk_event_id, enterprise_id, unit_id) VALUES ($1, $2, $3)
                    ON CONFLICT (risk_event_id) DO UPDATE SET unit_id = excluded.unit_id"""
_LEVEL = """INSERT INTO risk_levels (risk_event_id, enterprise_id, level) VALUES ($1, $2, $3)
            ON CONFLICT (risk_event_id) DO UPDATE SET level = excluded.level"""
_EVENT_RETIRED = "UPDATE risk_levels SET level = NULL WHERE risk_event_id = $1"  # a retired risk grades no unit
_ENTERPRISE = """INSERT INTO enterprises VALUES ($1, $2, $3) ON CONFLICT (enterprise_id) DO UPDATE SET
                 credit_code = excluded.credit_code,
                 hazchem_code = COALESCE(excluded.hazchem_code, enterprises.hazchem_code)"""
_HAZCHEM = """INSERT INTO enterprises (enterprise_id, hazchem_code) VALUES ($1, $2)
              ON CONFLICT (enterprise_id) DO UPDATE SET hazchem_code = excluded.hazchem_code"""

FACTS: dict[str, list[Fact]] = {
    R + "PersonRegistered": [_fact(_PERSON, "person_id", "enterprise_id", "name")],
    R + "PersonContactChanged": [_fact(_PERSON, "person_id", "enterprise_id", "name")],
    R + "OrgUnitCreated": [_fact(_UNIT, "unit_id", "enterprise_id", "name")],
    R + "OrgUnitRenamed": [_fact(_UNIT, "unit_id", "enterprise_id", "name")],
    R + "RiskObjectRegistered": [_fact(_OBJECT, "object_id", "enterprise_id", "code", "kind")],
    R + "RiskObjectRevised": [_fact(_OBJECT_REVISED, "object_id", "code")],
    R + "RiskEventIdentified": [_fact(_EVENT_OF_UNIT, "risk_event_id", "enterprise_id", "unit_id")],
    R + "RiskAssessed": [_fact(_LEVEL, "risk_event_id", "enterprise_id", "level")],
    R + "RiskRegraded": [_fact(_LEVEL, "risk_event_id", "enterprise_id", "level")],
    R + "RiskEventRetired": [_fact(_EVENT_RETIRED, "risk_event_id")],
    R + "EnterpriseRegistered": [_fact(_ENTERPRISE, "enterprise_id", "credit_code", "hazchem_code")],
    R + "HazchemCodeAssigned": [_fact(_HAZCHEM, "enterprise_id", "hazchem_code")],
}


class SnapshotProjection:
    name = "gov_sync-snapshots"
    schema = SCHEMA
    migrations = HERE / "snapshot_migrations"

    def __init__(self, topics: list[str]) -> None:
        self.topics = topics

    async def apply(self, conn: asyncpg.Connection, event: InboundEvent) -> None:
        for fact in FACTS.get(event.type, ()):
            await fact(conn, event)
        fills = FILLS.get(event.type)
        if fills is not None:
            await _fill(conn, fills, event)


def snapshot_projection(settings: Settings) -> SnapshotProjection:
    return SnapshotProjection([topic_for(s, settings.topic_prefix)
                               for s in ("risk_registry", "inspection", "hazard")])
