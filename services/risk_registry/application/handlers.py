"""Command handlers: load → decide → append, one small function each.

Every handler gets the `Directory` (repositories and read-model queries) and the command's
context. An aggregate of another enterprise is reported as not found: a caller never learns
that another tenant's id exists.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from libs.aggregate import Aggregate
from libs.errors import NotFound
from libs.eventstore.port import ConcurrencyError
from libs.repository import CommandContext, Repository
from services.risk_registry.application import commands as c
from services.risk_registry.domain.duties import Duty
from services.risk_registry.domain.model import Enterprise, OrgUnit, Person
from services.risk_registry.projections.queries import DirectoryQueries


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


def _check_version(aggregate: Aggregate, expected: int | None) -> None:
    if expected is not None and expected != aggregate.version:
        raise ConcurrencyError(aggregate.id, expected)


async def _unit_in(d: Directory, enterprise_id: str, unit_id: str, field: str | None = None) -> OrgUnit:
    unit = await d.units.find(unit_id)
    if unit is None or unit.enterprise_id != enterprise_id:
        raise NotFound(f"单位不存在: {unit_id}", field=field)
    return unit


async def _person_in(d: Directory, enterprise_id: str, person_id: str) -> Person:
    person = await d.people.find(person_id)
    if person is None or person.enterprise_id != enterprise_id:
        raise NotFound(f"人员不存在: {person_id}")
    return person


async def _optional_unit(d: Directory, enterprise_id: str, unit_id: str | None, field: str) -> OrgUnit | None:
    return None if unit_id is None else await _unit_in(d, enterprise_id, unit_id, field)


async def register_enterprise(cmd: c.RegisterEnterprise, d: Directory, ctx: CommandContext) -> str:
    enterprise_id = _new_id()
    enterprise = Enterprise.register(enterprise_id, cmd.name, cmd.credit_code, cmd.industry, cmd.hazchem_code)
    await d.enterprises.save(enterprise, CommandContext(ctx.actor, enterprise_id, ctx.correlation_id))
    return enterprise_id


async def update_enterprise(enterprise_id: str, cmd: c.UpdateEnterprise, d: Directory,
                            ctx: CommandContext) -> None:
    enterprise = await d.enterprises.get(enterprise_id, "企业")
    _check_version(enterprise, cmd.expected_version)
    if cmd.name is not None:
        enterprise.rename(cmd.name)
    if cmd.hazchem_code is not None:
        enterprise.assign_hazchem_code(cmd.hazchem_code)
    await d.enterprises.save(enterprise, ctx)


async def create_org_unit(enterprise_id: str, cmd: c.CreateOrgUnit, d: Directory, ctx: CommandContext) -> str:
    await d.enterprises.get(enterprise_id, "企业")
    parent = await _optional_unit(d, enterprise_id, cmd.parent_id, "parent_id")
    unit = OrgUnit.create(_new_id(), enterprise_id, cmd.kind, cmd.name, parent)
    await d.units.save(unit, ctx)
    return unit.id


async def rename_org_unit(enterprise_id: str, unit_id: str, cmd: c.RenameOrgUnit, d: Directory,
                          ctx: CommandContext) -> None:
    unit = await _unit_in(d, enterprise_id, unit_id)
    _check_version(unit, cmd.expected_version)
    unit.rename(cmd.name)
    await d.units.save(unit, ctx)


async def move_org_unit(enterprise_id: str, unit_id: str, cmd: c.MoveOrgUnit, d: Directory,
                        ctx: CommandContext) -> None:
    unit = await _unit_in(d, enterprise_id, unit_id)
    _check_version(unit, cmd.expected_version)
    parent = await _optional_unit(d, enterprise_id, cmd.parent_id, "parent_id")
    ancestry = await d.queries.ancestry(parent.id) if parent else []
    unit.move(parent, ancestry)
    await d.units.save(unit, ctx)


async def retire_org_unit(enterprise_id: str, unit_id: str, cmd: c.RetireOrgUnit, d: Directory,
                          ctx: CommandContext) -> None:
    unit = await _unit_in(d, enterprise_id, unit_id)
    _check_version(unit, cmd.expected_version)
    unit.retire(cmd.reason, holdings=await d.duties.unit_holdings(unit_id))
    await d.units.save(unit, ctx)


async def register_person(enterprise_id: str, cmd: c.RegisterPerson, d: Directory, ctx: CommandContext) -> str:
    await d.enterprises.get(enterprise_id, "企业")
    post = await _optional_unit(d, enterprise_id, cmd.post_id, "post_id")
    person = Person.register(_new_id(), enterprise_id, cmd.name, cmd.mobile, post, cmd.roles)
    await d.people.save(person, ctx)
    return person.id


async def assign_post(enterprise_id: str, person_id: str, cmd: c.AssignPost, d: Directory,
                      ctx: CommandContext) -> None:
    person = await _person_in(d, enterprise_id, person_id)
    _check_version(person, cmd.expected_version)
    person.assign_to_post(await _optional_unit(d, enterprise_id, cmd.post_id, "post_id"))
    await d.people.save(person, ctx)


async def change_roles(enterprise_id: str, person_id: str, cmd: c.ChangeRoles, d: Directory,
                       ctx: CommandContext) -> None:
    person = await _person_in(d, enterprise_id, person_id)
    _check_version(person, cmd.expected_version)
    person.change_roles(cmd.roles, await d.duties.person_duties(person_id))
    await d.people.save(person, ctx)


async def change_contact(enterprise_id: str, person_id: str, cmd: c.ChangeContact, d: Directory,
                         ctx: CommandContext) -> None:
    person = await _person_in(d, enterprise_id, person_id)
    _check_version(person, cmd.expected_version)
    person.change_contact(cmd.name, cmd.mobile)
    await d.people.save(person, ctx)


async def person_leaves(enterprise_id: str, person_id: str, cmd: c.PersonLeaves, d: Directory,
                        ctx: CommandContext) -> None:
    person = await _person_in(d, enterprise_id, person_id)
    _check_version(person, cmd.expected_version)
    person.leave(cmd.reason, await d.duties.person_duties(person_id))
    await d.people.save(person, ctx)
