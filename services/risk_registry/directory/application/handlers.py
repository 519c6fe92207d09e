"""Command handlers: load → decide → append, one small function each.

Every handler gets the command (which carries its enterprise and aggregate ids), the `Directory`
(repositories and read-model queries) and the command's context. An aggregate of another
enterprise is reported as not found: a caller never learns that another tenant's id exists.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from libs.repository import CommandContext, Repository
from services.risk_registry.directory.application import commands as c
from services.risk_registry.directory.domain.duties import Duty
from services.risk_registry.directory.domain.model import Enterprise, OrgUnit, Person
from services.risk_registry.directory.projections.queries import DirectoryQueries


class Duties(Protocol):
    """Where the duties of people and org units are found (projections.duties.DutyQueries)."""

    async def person_duties(self, person_id: str) -> list[Duty]: ...

    async def unit_holdings(self, unit_id: str) -> list[Duty]: ...


@dataclass
class Directory:
    enterprises: Repository[Enterprise]
    units: Repository[OrgUnit]
    people: Repository[Person]
    queries: DirectoryQueries
    duties: Duties


def _new_id() -> str:
    return uuid.uuid4().hex


async def _optional_unit(d: Directory, enterprise_id: str, unit_id: str | None, field: str) -> OrgUnit | None:
    if unit_id is None:
        return None
    return await d.units.load(unit_id, what="单位", enterprise_id=enterprise_id, field=field)


async def _unit(d: Directory, cmd: c.Guarded) -> OrgUnit:
    return await d.units.load(cmd.id, cmd.expected_version, what="单位", enterprise_id=cmd.enterprise_id)


async def _person(d: Directory, cmd: c.Guarded) -> Person:
    return await d.people.load(cmd.id, cmd.expected_version, what="人员", enterprise_id=cmd.enterprise_id)


async def register_enterprise(cmd: c.RegisterEnterprise, d: Directory, ctx: CommandContext) -> str:
    enterprise_id = _new_id()
    enterprise = Enterprise.register(enterprise_id, cmd.name, cmd.credit_code, cmd.industry, cmd.hazchem_code)
    await d.enterprises.save(enterprise, CommandContext(ctx.actor, enterprise_id, ctx.correlation_id))
    return enterprise_id


async def update_enterprise(cmd: c.UpdateEnterprise, d: Directory, ctx: CommandContext) -> None:
    enterprise = await d.enterprises.load(cmd.enterprise_id, cmd.expected_version, what="企业")
    if cmd.name is not None:
        enterprise.rename(cmd.name)
    if cmd.hazchem_code is not None:
        enterprise.assign_hazchem_code(cmd.hazchem_code)
    await d.enterprises.save(enterprise, ctx)


async def create_org_unit(cmd: c.CreateOrgUnit, d: Directory, ctx: CommandContext) -> str:
    await d.enterprises.load(cmd.enterprise_id, what="企业")
    parent = await _optional_unit(d, cmd.enterprise_id, cmd.parent_id, "parent_id")
    unit = OrgUnit.create(_new_id(), cmd.enterprise_id, cmd.kind, cmd.name, parent)
    await d.units.save(unit, ctx)
    return unit.id


async def rename_org_unit(cmd: c.RenameOrgUnit, d: Directory, ctx: CommandContext) -> None:
    unit = await _unit(d, cmd)
    unit.rename(cmd.name)
    await d.units.save(unit, ctx)


async def move_org_unit(cmd: c.MoveOrgUnit, d: Directory, ctx: CommandContext) -> None:
    unit = await _unit(d, cmd)
    parent = await _optional_unit(d, cmd.enterprise_id, cmd.parent_id, "parent_id")
    ancestry = await d.queries.ancestry(parent.id) if parent else []
    unit.move(parent, ancestry)
    await d.units.save(unit, ctx)


async def retire_org_unit(cmd: c.RetireOrgUnit, d: Directory, ctx: CommandContext) -> None:
    unit = await _unit(d, cmd)
    unit.retire(cmd.reason, holdings=await d.duties.unit_holdings(unit.id))
    await d.units.save(unit, ctx)


async def register_person(cmd: c.RegisterPerson, d: Directory, ctx: CommandContext) -> str:
    await d.enterprises.load(cmd.enterprise_id, what="企业")
    post = await _optional_unit(d, cmd.enterprise_id, cmd.post_id, "post_id")
    person = Person.register(_new_id(), cmd.enterprise_id, cmd.name, cmd.mobile, post, cmd.roles)
    await d.people.save(person, ctx)
    return person.id


async def assign_post(cmd: c.AssignPost, d: Directory, ctx: CommandContext) -> None:
    person = await _person(d, cmd)
    person.assign_to_post(await _optional_unit(d, cmd.enterprise_id, cmd.post_id, "post_id"))
    await d.people.save(person, ctx)


async def change_roles(cmd: c.ChangeRoles, d: Directory, ctx: CommandContext) -> None:
    person = await _person(d, cmd)
    person.change_roles(cmd.roles, await d.duties.person_duties(person.id))
    await d.people.save(person, ctx)


async def change_contact(cmd: c.ChangeContact, d: Directory, ctx: CommandContext) -> None:
    person = await _person(d, cmd)
    person.change_contact(cmd.name, cmd.mobile)
    await d.people.save(person, ctx)


async def person_leaves(cmd: c.PersonLeaves, d: Directory, ctx: CommandContext) -> None:
    person = await _person(d, cmd)
    person.leave(cmd.reason, await d.duties.person_duties(person.id))
    await d.people.save(person, ctx)
