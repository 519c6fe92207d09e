"""The risk chain's read model, kept in the append's transaction (inline projection): `project`
maps each event class to the handler that updates the tables (libs/inline.py)."""

from __future__ import annotations

from libs.errors import Conflict
from libs.events import RecordedEvent
from libs.inline import Projector
from services.risk_registry import unique_names
from services.risk_registry.directory.lookups import GUARDIAN_SLOTS, PERSON_ROLE_LABELS
from services.risk_registry.events import registry
from services.risk_registry.risk_chain.domain import events as ev
from services.risk_registry.risk_chain.domain.codes import RiskStage


# Cross-aggregate rules are re-checked here, in the append's transaction with the rows locked,
# so a command racing a retirement cannot leave a child under a retired parent. A revision
# re-checks only the references it changes (`_changed`): what it keeps was checked when it was
# set, and data stored before a rule (a liable person who left, a retired department) must not
# block every later revision of the thing.
async def _parent_active(conn, table: str, parent_id: str, field: str) -> None:
    if await conn.fetchval(f"SELECT retired FROM {table} WHERE id = $1 FOR SHARE", parent_id):
        raise Conflict("上级对象刚刚被停用，请刷新后重试", field=field)


async def _person_active(conn, person_id: str, field: str) -> None:
    """The person still works here (locked until the append commits, so a departure waits)."""
    if await conn.fetchval("SELECT left_at IS NOT NULL FROM people WHERE id = $1 FOR SHARE", person_id):
        raise Conflict("该人员刚刚离职，请刷新后重试", field=field, code="unknown_reference")


async def _changed(conn, table: str, row_id: str, column: str, value: str) -> bool:
    """Whether the event moves `column` of the row (locked until the append commits) to `value`."""
    return await conn.fetchval(f"SELECT {column} FROM {table} WHERE id = $1 FOR UPDATE", row_id) != value


async def _object_registered(conn, e: ev.RiskObjectRegistered, r: RecordedEvent) -> None:
    await _parent_active(conn, "org_units", e.department_id, "department_id")
    await conn.execute(
        """INSERT INTO risk_objects (id, enterprise_id, kind, name, code, department_id, outline, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
        e.object_id, e.enterprise_id, e.kind.value, e.name, e.code, e.department_id,
        [list(p) for p in e.outline] if e.outline else None, r.recorded_at, r.version)
    await unique_names.claim(conn, "risk_object", e.object_id, e.enterprise_id, e.name)


async def _object_revised(conn, e: ev.RiskObjectRevised, r: RecordedEvent) -> None:
    if await _changed(conn, "risk_objects", e.object_id, "department_id", e.department_id):
        await _parent_active(conn, "org_units", e.department_id, "department_id")
    await conn.execute(
        """UPDATE risk_objects SET name = $2, code = $3, department_id = $4, outline = $5, updated_at = $6,
           version = $7 WHERE id = $1""",
        e.object_id, e.name, e.code, e.department_id, [list(p) for p in e.outline] if e.outline else None,
        r.recorded_at, r.version)
    await unique_names.claim(conn, "risk_object", e.object_id, e.enterprise_id, e.name)


async def _major_hazard_rated(conn, e: ev.MajorHazardRated, r: RecordedEvent) -> None:
    await conn.execute(
        """UPDATE risk_objects SET alpha = $2, substances = $3, r_value = $4, hazard_grade = $5, updated_at = $6,
           version = $7 WHERE id = $1""",
        e.object_id, e.alpha, [s.model_dump() for s in e.substances], e.r_value, int(e.grade), r.recorded_at,
        r.version)


async def _guardians(conn, e: ev.MajorHazardGuardiansAssigned, r: RecordedEvent) -> None:
    # Only the slots this assignment changes are judged: a holder it leaves in place was judged
    # when assigned, and one who left before duties blocked departures (decision 17) must not stop
    # the hand-over of another slot.
    before = await conn.fetchrow(
        "SELECT principal_id, technical_id, operations_id FROM risk_objects WHERE id = $1 FOR UPDATE", e.object_id)
    for column, role in GUARDIAN_SLOTS.values():
        person_id = getattr(e, column)
        if before is not None and before[column] == person_id:
            continue
        await _person_active(conn, person_id, column)
        if role.value not in await conn.fetchval("SELECT roles FROM people WHERE id = $1", person_id):
            raise Conflict(f"该人员刚刚被取消了{PERSON_ROLE_LABELS[role]}职务，请刷新后重试", field=column,
                           code="wrong_role")
    await conn.execute(
        """UPDATE risk_objects SET principal_id = $2, technical_id = $3, operations_id = $4, updated_at = $5,
           version = $6 WHERE id = $1""",
        e.object_id, e.principal_id, e.technical_id, e.operations_id, r.recorded_at, r.version)


def _retire(table: str, id_field: str, child_table: str | None = None, child_column: str = ""):
    async def apply(conn, e, r: RecordedEvent) -> None:
        await conn.execute(f"UPDATE {table} SET retired = true, updated_at = $2, version = $3 WHERE id = $1",
                           getattr(e, id_field), r.recorded_at, r.version)
        await unique_names.release(conn, getattr(e, id_field))  # the name is free again
        if child_table and await conn.fetchval(
                f"SELECT count(*) FROM {child_table} WHERE {child_column} = $1 AND NOT retired", getattr(e, id_field)):
            raise Conflict("刚刚有新的下级对象加入，不能停用", field=id_field)
    return apply


async def _unit_created(conn, e: ev.RiskUnitCreated, r: RecordedEvent) -> None:
    await _parent_active(conn, "risk_objects", e.object_id, "object_id")
    await _parent_active(conn, "org_units", e.department_id, "department_id")
    await _person_active(conn, e.liable_person_id, "liable_person_id")
    await conn.execute(
        """INSERT INTO risk_units (id, enterprise_id, object_id, name, department_id, liable_person_id, updated_at,
                                   version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
        e.unit_id, e.enterprise_id, e.object_id, e.name, e.department_id, e.liable_person_id, r.recorded_at,
        r.version)
    await unique_names.claim(conn, "risk_unit", e.unit_id, e.object_id, e.name)


async def _unit_revised(conn, e: ev.RiskUnitRevised, r: RecordedEvent) -> None:
    if await _changed(conn, "risk_units", e.unit_id, "department_id", e.department_id):
        await _parent_active(conn, "org_units", e.department_id, "department_id")
    if await _changed(conn, "risk_units", e.unit_id, "liable_person_id", e.liable_person_id):
        await _person_active(conn, e.liable_person_id, "liable_person_id")
    object_id = await conn.fetchval(
        """UPDATE risk_units SET name = $2, department_id = $3, liable_person_id = $4, updated_at = $5, version = $6
           WHERE id = $1 RETURNING object_id""",
        e.unit_id, e.name, e.department_id, e.liable_person_id, r.recorded_at, r.version)
    await unique_names.claim(conn, "risk_unit", e.unit_id, object_id, e.name)


async def _risk_identified(conn, e: ev.RiskEventIdentified, r: RecordedEvent) -> None:
    await _parent_active(conn, "risk_units", e.unit_id, "unit_id")
    await conn.execute(
        """INSERT INTO risk_events (id, enterprise_id, unit_id, name, accident_types, consequence, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
        e.risk_event_id, e.enterprise_id, e.unit_id, e.name, [int(t) for t in e.accident_types], e.consequence,
        r.recorded_at, r.version)
    await unique_names.claim(conn, "risk_event", e.risk_event_id, e.unit_id, e.name)


async def _risk_revised(conn, e: ev.RiskEventRevised, r: RecordedEvent) -> None:
    unit_id = await conn.fetchval(
        """UPDATE risk_events SET name = $2, accident_types = $3, consequence = $4, updated_at = $5, version = $6
           WHERE id = $1 RETURNING unit_id""",
        e.risk_event_id, e.name, [int(t) for t in e.accident_types], e.consequence, r.recorded_at, r.version)
    await unique_names.claim(conn, "risk_event", e.risk_event_id, unit_id, e.name)


async def _set_grade(conn, risk_event_id: str, stage: RiskStage, method: str, value: float, level: int,
                     control_level: str, assessed_on) -> None:
    """Make this the stage's current grade. The control level follows the residual risk once
    there is one, the inherent risk before."""
    prefix = "inherent" if stage is RiskStage.INHERENT else "residual"
    control = "control_level = $5" if stage is RiskStage.RESIDUAL else \
        "control_level = CASE WHEN residual_level IS NULL THEN $5 ELSE control_level END"
    await conn.execute(
        f"""UPDATE risk_events SET {prefix}_method = $2, {prefix}_value = $3, {prefix}_level = $4, {control},
            {prefix}_assessed_on = coalesce($6, {prefix}_assessed_on) WHERE id = $1""",
        risk_event_id, method, value, level, control_level, assessed_on)


async def _touch(conn, risk_event_id: str, r: RecordedEvent) -> None:
    await conn.execute("UPDATE risk_events SET updated_at = $2, version = $3 WHERE id = $1",
                       risk_event_id, r.recorded_at, r.version)


async def _assessed(conn, e: ev.RiskAssessed, r: RecordedEvent) -> None:
    await conn.execute(
        """INSERT INTO risk_assessments (id, risk_event_id, enterprise_id, stage, method, inputs, value, level,
                                         control_level, assessor_id, assessed_on, reassess_on, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""",
        e.assessment_id, e.risk_event_id, e.enterprise_id, e.stage.value, e.method.value, e.inputs, e.value,
        int(e.level), e.control_level.value, e.assessor_id, e.assessed_on, e.reassess_on, r.recorded_at)
    await _touch(conn, e.risk_event_id, r)
    # The current grade is the latest assessment by its date; on the same date the later record.
    # A back-dated assessment is kept in the list but grades nothing.
    prefix = "inherent" if e.stage is RiskStage.INHERENT else "residual"
    current = await conn.fetchval(f"SELECT {prefix}_assessed_on FROM risk_events WHERE id = $1", e.risk_event_id)
    if current is None or e.assessed_on >= current:
        await _set_grade(conn, e.risk_event_id, e.stage, e.method.value, e.value, int(e.level),
                         e.control_level.value, e.assessed_on)
    await conn.execute(
        """UPDATE risk_events SET reassess_on = $2, assessed_on = $3
           WHERE id = $1 AND (assessed_on IS NULL OR assessed_on <= $3)""",
        e.risk_event_id, e.reassess_on, e.assessed_on)


async def _regraded(conn, e: ev.RiskRegraded, r: RecordedEvent) -> None:
    # The domain re-grades the current assessment of the stage; its method and date stay.
    await _touch(conn, e.risk_event_id, r)
    method = await conn.fetchval(f"SELECT {e.stage.value}_method FROM risk_events WHERE id = $1", e.risk_event_id)
    await _set_grade(conn, e.risk_event_id, e.stage, method, e.value, int(e.level), e.control_level.value, None)


async def _measure_defined(conn, e: ev.ControlMeasureDefined, r: RecordedEvent) -> None:
    await _parent_active(conn, "risk_events", e.risk_event_id, "risk_event_id")
    await _parent_active(conn, "org_units", e.responsible_post_id, "responsible_post_id")
    await conn.execute(
        """INSERT INTO control_measures (id, enterprise_id, risk_event_id, description, classify1, classify2,
               classify3, data_source, inspection_content, responsible_post_id, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""",
        e.measure_id, e.enterprise_id, e.risk_event_id, e.description, e.classify1.value, e.classify2, e.classify3,
        e.data_source.value, e.inspection_content, e.responsible_post_id, r.recorded_at, r.version)
    await unique_names.claim(conn, "control_measure", e.measure_id, e.risk_event_id, e.description)


async def _measure_revised(conn, e: ev.ControlMeasureRevised, r: RecordedEvent) -> None:
    if await _changed(conn, "control_measures", e.measure_id, "responsible_post_id", e.responsible_post_id):
        await _parent_active(conn, "org_units", e.responsible_post_id, "responsible_post_id")
    risk_event_id = await conn.fetchval(
        """UPDATE control_measures SET description = $2, classify1 = $3, classify2 = $4, classify3 = $5,
               data_source = $6, inspection_content = $7, responsible_post_id = $8, updated_at = $9, version = $10
           WHERE id = $1 RETURNING risk_event_id""",
        e.measure_id, e.description, e.classify1.value, e.classify2, e.classify3, e.data_source.value,
        e.inspection_content, e.responsible_post_id, r.recorded_at, r.version)
    await unique_names.claim(conn, "control_measure", e.measure_id, risk_event_id, e.description)


async def _policy_changed(conn, e: ev.GradingPolicyChanged, r: RecordedEvent) -> None:
    await conn.execute(
        """INSERT INTO grading_policies (enterprise_id, lec, ls, control_levels, version, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (enterprise_id) DO UPDATE SET lec = $2, ls = $3, control_levels = $4, version = $5,
               updated_at = $6""",
        e.enterprise_id, e.lec.model_dump(), e.ls.model_dump(),
        {str(int(k)): v.value for k, v in e.control_levels.items()}, r.version, r.recorded_at)


project = Projector(registry, {
    ev.RiskObjectRegistered: _object_registered,
    ev.RiskObjectRevised: _object_revised,
    ev.MajorHazardRated: _major_hazard_rated,
    ev.MajorHazardGuardiansAssigned: _guardians,
    ev.RiskObjectRetired: _retire("risk_objects", "object_id", "risk_units", "object_id"),
    ev.RiskUnitCreated: _unit_created,
    ev.RiskUnitRevised: _unit_revised,
    ev.RiskUnitRetired: _retire("risk_units", "unit_id", "risk_events", "unit_id"),
    ev.RiskEventIdentified: _risk_identified,
    ev.RiskEventRevised: _risk_revised,
    ev.RiskAssessed: _assessed,
    ev.RiskRegraded: _regraded,
    ev.RiskEventRetired: _retire("risk_events", "risk_event_id", "control_measures", "risk_event_id"),
    ev.ControlMeasureDefined: _measure_defined,
    ev.ControlMeasureRevised: _measure_revised,
    ev.ControlMeasureRetired: _retire("control_measures", "measure_id"),
    ev.GradingPolicyChanged: _policy_changed,
})
