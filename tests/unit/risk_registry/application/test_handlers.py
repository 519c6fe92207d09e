"""Directory handlers on fakes: the in-memory event store and a read model held in dicts."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from libs.aggregate import DomainConflict, DomainError
from libs.errors import NotFound
from libs.eventstore import ConcurrencyError, InMemoryEventStore
from libs.repository import CommandContext, Repository
from services.risk_registry.directory.application import commands as c
from services.risk_registry.directory.application import handlers as h
from services.risk_registry.directory.domain.codes import Industry, OrgUnitKind, PersonRole
from services.risk_registry.directory.domain.duties import Duty, DutyKind
from services.risk_registry.directory.domain.model import Enterprise, OrgUnit, Person
from services.risk_registry.events import registry
from tests.unit.risk_registry.builders import MOBILE, credit_code

CTX = CommandContext(actor="admin-1", enterprise_id=None, correlation_id="corr-1")


@dataclass
class FakeQueries:
    """What the handlers ask of the read model, answered from dicts the test fills in."""

    ancestors: dict[str, list[str]] = field(default_factory=dict)
    children: dict[str, int] = field(default_factory=dict)
    members: dict[str, int] = field(default_factory=dict)

    async def ancestry(self, unit_id: str) -> list[str]:
        return self.ancestors.get(unit_id, [])

    async def active_children(self, unit_id: str) -> int:
        return self.children.get(unit_id, 0)

    async def active_members(self, unit_id: str) -> int:
        return self.members.get(unit_id, 0)


@dataclass
class FakeDuties:
    """Duties of people and holdings of org units, filled in by the test."""

    of_people: dict[str, list[Duty]] = field(default_factory=dict)
    of_units: dict[str, list[Duty]] = field(default_factory=dict)

    async def person_duties(self, person_id: str) -> list[Duty]:
        return self.of_people.get(person_id, [])

    async def unit_holdings(self, unit_id: str) -> list[Duty]:
        return self.of_units.get(unit_id, [])


@pytest.fixture
def store() -> InMemoryEventStore:
    return InMemoryEventStore()


@pytest.fixture
def d(store) -> h.Directory:
    return h.Directory(
        enterprises=Repository(store, registry, Enterprise, "enterprise", "risk_registry"),
        units=Repository(store, registry, OrgUnit, "orgunit", "risk_registry"),
        people=Repository(store, registry, Person, "person", "risk_registry"),
        queries=FakeQueries(),
        duties=FakeDuties(),
    )


async def new_enterprise(d: h.Directory, n: int = 1) -> str:
    cmd = c.RegisterEnterprise(name=f"企业{n}", credit_code=credit_code(n), industry=Industry.INDUSTRY_TRADE)
    return await h.register_enterprise(cmd, d, CTX)


async def new_unit(d: h.Directory, ent: str, kind: OrgUnitKind, parent: str | None = None) -> str:
    return await h.create_org_unit(c.CreateOrgUnit(kind=kind, name=f"新{kind}", parent_id=parent).for_(ent), d, CTX)


async def test_enterprise_department_team_post_and_person_are_set_up_in_order(d):
    ent = await new_enterprise(d)
    dept = await new_unit(d, ent, OrgUnitKind.DEPARTMENT)
    team = await new_unit(d, ent, OrgUnitKind.TEAM, dept)
    post = await new_unit(d, ent, OrgUnitKind.POST, team)
    pid = await h.register_person(c.RegisterPerson(name="张三", mobile=MOBILE, post_id=post,
                                                        roles=[PersonRole.TEAM_LEADER]).for_(ent), d, CTX)

    someone = await d.people.get(pid)
    assert (someone.enterprise_id, someone.post_id, someone.roles) == (ent, post, [PersonRole.TEAM_LEADER])
    assert (await d.units.get(team)).parent_id == dept
    assert (await d.enterprises.get(ent)).name == "企业1"


async def test_registered_enterprise_events_carry_its_own_id_as_tenant(d, store):
    ent = await new_enterprise(d)
    [recorded] = await store.load(f"enterprise-{ent}")
    assert recorded.metadata["enterprise_id"] == ent
    assert recorded.metadata["actor"] == "admin-1"


async def test_unit_for_an_unknown_enterprise_is_not_found(d):
    with pytest.raises(NotFound):
        await new_unit(d, "no-such-enterprise", OrgUnitKind.DEPARTMENT)


async def test_parent_unit_of_another_enterprise_is_not_found(d):
    ours, theirs = await new_enterprise(d, 1), await new_enterprise(d, 2)
    their_dept = await new_unit(d, theirs, OrgUnitKind.DEPARTMENT)
    with pytest.raises(NotFound) as missing:
        await new_unit(d, ours, OrgUnitKind.TEAM, their_dept)
    assert missing.value.field == "parent_id"


async def test_post_of_another_enterprise_is_not_found_when_registering_a_person(d):
    ours, theirs = await new_enterprise(d, 1), await new_enterprise(d, 2)
    their_post = await new_unit(d, theirs, OrgUnitKind.POST, await new_unit(d, theirs, OrgUnitKind.DEPARTMENT))
    with pytest.raises(NotFound) as missing:
        await h.register_person(c.RegisterPerson(name="张三", mobile=MOBILE, post_id=their_post).for_(ours), d, CTX)
    assert missing.value.field == "post_id"


async def test_renaming_a_unit_of_another_enterprise_is_not_found(d):
    ours, theirs = await new_enterprise(d, 1), await new_enterprise(d, 2)
    their_dept = await new_unit(d, theirs, OrgUnitKind.DEPARTMENT)
    with pytest.raises(NotFound):
        await h.rename_org_unit(c.RenameOrgUnit(name="改名").for_(ours, their_dept), d, CTX)
    assert (await d.units.get(their_dept)).name == "新department"


async def test_changing_roles_of_another_enterprises_person_is_not_found(d):
    ours, theirs = await new_enterprise(d, 1), await new_enterprise(d, 2)
    their_person = await h.register_person(c.RegisterPerson(name="李四", mobile=MOBILE).for_(theirs), d, CTX)
    with pytest.raises(NotFound):
        await h.change_roles(c.ChangeRoles(roles=[PersonRole.PRINCIPAL]).for_(ours, their_person), d, CTX)


async def test_stale_expected_version_is_a_concurrency_conflict(d):
    ent = await new_enterprise(d)
    dept = await new_unit(d, ent, OrgUnitKind.DEPARTMENT)
    await h.rename_org_unit(c.RenameOrgUnit(name="一车间", expected_version=1).for_(ent, dept), d, CTX)
    with pytest.raises(ConcurrencyError):
        await h.rename_org_unit(c.RenameOrgUnit(name="二车间", expected_version=1).for_(ent, dept), d, CTX)
    assert (await d.units.get(dept)).name == "一车间"


async def test_stale_expected_version_of_an_enterprise_is_a_concurrency_conflict(d):
    ent = await new_enterprise(d)
    with pytest.raises(ConcurrencyError):
        await h.update_enterprise(c.UpdateEnterprise(name="新名", expected_version=5).for_(ent), d, CTX)


async def test_two_writers_of_one_stream_cannot_both_win(d):
    ent = await new_enterprise(d)
    first, second = await d.enterprises.get(ent), await d.enterprises.get(ent)
    first.rename("甲")
    second.rename("乙")
    await d.enterprises.save(first, CTX)
    with pytest.raises(ConcurrencyError):
        await d.enterprises.save(second, CTX)


async def test_moving_a_department_under_its_own_descendant_is_refused(d):
    ent = await new_enterprise(d)
    top = await new_unit(d, ent, OrgUnitKind.DEPARTMENT)
    below = await new_unit(d, ent, OrgUnitKind.DEPARTMENT, top)
    d.queries.ancestors[below] = [top]
    with pytest.raises(DomainError):
        await h.move_org_unit(c.MoveOrgUnit(parent_id=below).for_(ent, top), d, CTX)


async def test_unit_with_people_on_it_cannot_retire(d):
    ent = await new_enterprise(d)
    dept = await new_unit(d, ent, OrgUnitKind.DEPARTMENT)
    d.duties.of_units[dept] = [Duty(DutyKind.MEMBER, f"p-{i}", f"张{i}") for i in range(3)]
    with pytest.raises(DomainConflict) as refused:
        await h.retire_org_unit(c.RetireOrgUnit(reason="撤并").for_(ent, dept), d, CTX)
    assert refused.value.code == "has_members"


async def test_person_who_left_is_stored_as_left(d):
    ent = await new_enterprise(d)
    pid = await h.register_person(c.RegisterPerson(name="张三", mobile=MOBILE).for_(ent), d, CTX)
    await h.person_leaves(c.PersonLeaves(reason="退休", expected_version=1).for_(ent, pid), d, CTX)
    someone = await d.people.get(pid)
    assert someone.left and someone.version == 2
