"""The directory read model, kept in the same transaction as each append (an inline
projection), so a read right after a write sees it and unique indexes refuse duplicates.
`project` maps each event class to the handler that updates the tables (libs/inline.py)."""

from __future__ import annotations

from libs.errors import Conflict
from libs.events import RecordedEvent
from libs.inline import Projector
from services.risk_registry import unique_names
from services.risk_registry.directory.domain import events as ev
from services.risk_registry.directory.domain.duties import listing
from services.risk_registry.directory.projections.duties import person_duties, unit_holdings
from services.risk_registry.directory.projections.queries import IN_CYCLE
from services.risk_registry.events import registry

# Rules that span two aggregates were checked by the handler against this read model, but a
# concurrent command may have changed the other side since. They are checked again here, in
# the append's own transaction, with the rows locked; a violation rolls the append back (409).


async def _active_parent(conn, unit_id: str | None, field: str) -> None:
    if unit_id is None:
        return
    retired = await conn.fetchval("SELECT retired FROM org_units WHERE id = $1 FOR SHARE", unit_id)
    if retired:
        raise Conflict("该单位刚刚被撤销，请刷新后重试", field=field)


async def _enterprise_registered(conn, e: ev.EnterpriseRegistered, r: RecordedEvent) -> None:
    await conn.execute(
        """INSERT INTO enterprises (id, name, credit_code, hazchem_code, industry, registered_at, updated_at,
                                    version) VALUES ($1, $2, $3, $4, $5, $6, $6, $7)""",
        e.enterprise_id, e.name, e.credit_code, e.hazchem_code, e.industry.value, r.recorded_at, r.version)


async def _enterprise_renamed(conn, e: ev.EnterpriseRenamed, r: RecordedEvent) -> None:
    await conn.execute("UPDATE enterprises SET name = $2, updated_at = $3, version = $4 WHERE id = $1",
                       e.enterprise_id, e.name, r.recorded_at, r.version)


async def _hazchem_code_assigned(conn, e: ev.HazchemCodeAssigned, r: RecordedEvent) -> None:
    await conn.execute("UPDATE enterprises SET hazchem_code = $2, updated_at = $3, version = $4 WHERE id = $1",
                       e.enterprise_id, e.hazchem_code, r.recorded_at, r.version)


async def _unit_created(conn, e: ev.OrgUnitCreated, r: RecordedEvent) -> None:
    await _active_parent(conn, e.parent_id, "parent_id")
    await conn.execute(
        """INSERT INTO org_units (id, enterprise_id, kind, name, parent_id, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $6, $7)""",
        e.unit_id, e.enterprise_id, e.kind.value, e.name, e.parent_id, r.recorded_at, r.version)
    await unique_names.claim(conn, "org_unit", e.unit_id, unique_names.org_unit_scope(e.enterprise_id, e.parent_id),
                             e.name)


async def _unit_renamed(conn, e: ev.OrgUnitRenamed, r: RecordedEvent) -> None:
    parent_id = await conn.fetchval(
        "UPDATE org_units SET name = $2, updated_at = $3, version = $4 WHERE id = $1 RETURNING parent_id",
        e.unit_id, e.name, r.recorded_at, r.version)
    await unique_names.claim(conn, "org_unit", e.unit_id, unique_names.org_unit_scope(e.enterprise_id, parent_id),
                             e.name)


async def _unit_retired(conn, e: ev.OrgUnitRetired, r: RecordedEvent) -> None:
    await conn.execute("UPDATE org_units SET retired = true, updated_at = $2, version = $3 WHERE id = $1",
                       e.unit_id, r.recorded_at, r.version)
    await unique_names.release(conn, e.unit_id)
    if holdings := await unit_holdings(conn, e.unit_id):
        raise Conflict(f"该单位刚刚有了下级单位、人员或职责，不能撤销：{listing(holdings)}", code="has_duties")


async def _unit_moved(conn, e: ev.OrgUnitMoved, r: RecordedEvent) -> None:
    # Moves in one enterprise queue up, so each sees the tree the one before it left.
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"sk-org-move:{e.enterprise_id}")
    await _active_parent(conn, e.to_parent_id, "parent_id")
    name = await conn.fetchval(
        "UPDATE org_units SET parent_id = $2, updated_at = $3, version = $4 WHERE id = $1 RETURNING name",
        e.unit_id, e.to_parent_id, r.recorded_at, r.version)
    await unique_names.claim(conn, "org_unit", e.unit_id, unique_names.org_unit_scope(e.enterprise_id, e.to_parent_id),
                             name)
    if await conn.fetchval(IN_CYCLE, e.unit_id):
        raise Conflict("该移动会形成循环（另一次移动刚刚完成），请刷新后重试", field="parent_id")


async def _person_registered(conn, e: ev.PersonRegistered, r: RecordedEvent) -> None:
    await _active_parent(conn, e.post_id, "post_id")
    await conn.execute(
        """INSERT INTO people (id, enterprise_id, name, mobile, post_id, roles, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)""",
        e.person_id, e.enterprise_id, e.name, e.mobile, e.post_id, [x.value for x in e.roles],
        r.recorded_at, r.version)


async def _person_assigned(conn, e: ev.PersonAssignedToPost, r: RecordedEvent) -> None:
    await _active_parent(conn, e.to_post_id, "post_id")
    await conn.execute("UPDATE people SET post_id = $2, updated_at = $3, version = $4 WHERE id = $1",
                       e.person_id, e.to_post_id, r.recorded_at, r.version)


async def _person_roles(conn, e: ev.PersonRolesChanged, r: RecordedEvent) -> None:
    # Only the roles this change drops are judged (one lost before the rule is old data).
    had = await conn.fetchval("SELECT roles FROM people WHERE id = $1 FOR UPDATE", e.person_id)
    await conn.execute("UPDATE people SET roles = $2, updated_at = $3, version = $4 WHERE id = $1",
                       e.person_id, [x.value for x in e.roles], r.recorded_at, r.version)
    lost = [d for d in await person_duties(conn, e.person_id)
            if d.required_role is not None and d.required_role.value in had and d.required_role not in e.roles]
    if lost:
        raise Conflict(f"该人员刚刚被指定为包保责任人，不能取消该职务：{listing(lost)}", field="roles",
                       code="has_duties")


async def _person_contact(conn, e: ev.PersonContactChanged, r: RecordedEvent) -> None:
    await conn.execute("UPDATE people SET name = $2, mobile = $3, updated_at = $4, version = $5 WHERE id = $1",
                       e.person_id, e.name, e.mobile, r.recorded_at, r.version)


async def _person_left(conn, e: ev.PersonLeft, r: RecordedEvent) -> None:
    await conn.execute(
        "UPDATE people SET left_at = $2, post_id = NULL, updated_at = $2, version = $3 WHERE id = $1",
        e.person_id, r.recorded_at, r.version)
    # The row is locked now: an assignment that names this person waits, then finds them gone.
    if duties := await person_duties(conn, e.person_id):
        raise Conflict(f"该人员刚刚被指定了新的职责，不能离职，请先移交：{listing(duties)}", code="has_duties")


project = Projector(registry, {
    ev.EnterpriseRegistered: _enterprise_registered,
    ev.EnterpriseRenamed: _enterprise_renamed,
    ev.HazchemCodeAssigned: _hazchem_code_assigned,
    ev.OrgUnitCreated: _unit_created,
    ev.OrgUnitRenamed: _unit_renamed,
    ev.OrgUnitMoved: _unit_moved,
    ev.OrgUnitRetired: _unit_retired,
    ev.PersonRegistered: _person_registered,
    ev.PersonAssignedToPost: _person_assigned,
    ev.PersonRolesChanged: _person_roles,
    ev.PersonContactChanged: _person_contact,
    ev.PersonLeft: _person_left,
})
