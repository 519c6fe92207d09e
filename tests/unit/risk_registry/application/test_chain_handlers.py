"""The risk chain's handlers on the fakes (bootstrap.in_memory): the same handlers as production,
reading the directory through its lookups, answered by the in-memory read model that the store's
inline projection keeps — milliseconds per test."""

from __future__ import annotations

from datetime import date

import pytest

from libs.aggregate import DomainConflict, DomainError
from libs.errors import NotFound
from libs.eventstore import ConcurrencyError
from libs.repository import CommandContext
from services.risk_registry import bootstrap
from services.risk_registry.directory.application import commands as dc
from services.risk_registry.directory.application import handlers as dh
from services.risk_registry.directory.domain.codes import Industry, OrgUnitKind, PersonRole
from services.risk_registry.risk_chain.application import commands as rc
from services.risk_registry.risk_chain.application import handlers as rh
from services.risk_registry.risk_chain.domain.codes import RiskLevel, RiskObjectKind
from tests.unit.risk_registry.builders import credit_code

ADMIN = CommandContext(actor="operator", enterprise_id=None, correlation_id="corr-1")
TIGHTER_LS = {"lec": {"major": 320, "large": 160, "general": 70}, "ls": {"major": 15, "large": 9, "general": 4},
              "control_levels": {"1": "company", "2": "department", "3": "team", "4": "post"}}


class Plant:
    """An enterprise with a department, a post, a department head and a principal, set up through
    the directory's handlers."""

    def __init__(self) -> None:
        self.wired = bootstrap.in_memory()
        self.d, self.ch = self.wired.directory, self.wired.chain

    async def setup(self, n: int = 1) -> Plant:
        self.eid = await dh.register_enterprise(dc.RegisterEnterprise(
            name=f"企业{n}", credit_code=credit_code(n), industry=Industry.INDUSTRY_TRADE), self.d, ADMIN)
        self.ctx = CommandContext(actor="officer-1", enterprise_id=self.eid, correlation_id="corr-2")
        self.dept = await self.unit(OrgUnitKind.DEPARTMENT, "生产部")
        self.post = await self.unit(OrgUnitKind.POST, "氢化岗位", self.dept)
        self.head = await self.person("李强", "13900000001", [PersonRole.DEPARTMENT_HEAD])
        self.boss = await self.person("张建国", "13900000002", [PersonRole.PRINCIPAL])
        return self

    async def unit(self, kind: OrgUnitKind, name: str, parent: str | None = None) -> str:
        return await dh.create_org_unit(dc.CreateOrgUnit(kind=kind, name=name, parent_id=parent).for_(self.eid),
                                        self.d, self.ctx)

    async def person(self, name: str, mobile: str, roles: list[PersonRole]) -> str:
        return await dh.register_person(dc.RegisterPerson(name=name, mobile=mobile, roles=roles).for_(self.eid),
                                        self.d, self.ctx)

    async def object(self, name: str = "氢化装置", department: str | None = None) -> str:
        return await rh.register_object(rc.RegisterRiskObject(
            kind=RiskObjectKind.PROCESS_UNIT, name=name, department_id=department or self.dept).for_(self.eid),
            self.ch, self.ctx)

    async def risk_unit(self, object_id: str, liable: str | None = None) -> str:
        return await rh.create_unit(rc.CreateRiskUnit(
            object_id=object_id, name="氢化釜单元", department_id=self.dept,
            liable_person_id=liable or self.head).for_(self.eid), self.ch, self.ctx)

    async def graded_risk(self, unit_id: str, name: str) -> str:
        risk_id = await rh.identify_risk(rc.IdentifyRiskEvent(
            unit_id=unit_id, name=name, accident_types=[8], consequence="人员伤亡").for_(self.eid), self.ch, self.ctx)
        await rh.assess_risk(rc.AssessRisk(stage="inherent", method="LS", inputs={"L": 2, "S": 5},
                                           assessed_on=date(2026, 11, 2), reassess_on=date(2027, 5, 1))
                             .for_(self.eid, risk_id), self.ch, self.ctx)
        return risk_id


@pytest.fixture
async def plant() -> Plant:
    return await Plant().setup()


async def test_a_risk_object_answers_to_an_active_department_of_the_enterprise(plant):
    object_id = await plant.object()
    assert (await plant.ch.objects.get(object_id)).department_id == plant.dept
    with pytest.raises(DomainError) as refused:
        await plant.object("储罐区", department=plant.post)
    assert (refused.value.field, refused.value.code) == ("department_id", "unknown_reference")


async def test_a_retired_department_takes_no_new_risk_object(plant):
    empty = await plant.unit(OrgUnitKind.DEPARTMENT, "旧车间")
    await dh.retire_org_unit(dc.RetireOrgUnit(reason="撤并").for_(plant.eid, empty), plant.d, plant.ctx)
    with pytest.raises(DomainError, match="已撤销"):
        await plant.object(department=empty)


async def test_a_person_who_left_cannot_become_liable_for_a_risk_unit(plant):
    leaver = await plant.person("王强", "13900000003", [PersonRole.WORKER])
    await dh.person_leaves(dc.PersonLeaves(reason="辞职").for_(plant.eid, leaver), plant.d, plant.ctx)
    with pytest.raises(DomainError) as refused:
        await plant.risk_unit(await plant.object(), liable=leaver)
    assert refused.value.field == "liable_person_id"


async def test_the_liable_person_cannot_leave_before_handing_the_unit_over(plant):
    await plant.risk_unit(await plant.object())
    with pytest.raises(DomainConflict) as refused:
        await dh.person_leaves(dc.PersonLeaves(reason="辞职").for_(plant.eid, plant.head), plant.d, plant.ctx)
    assert refused.value.code == "has_duties"


async def test_a_guardian_must_hold_the_role_of_their_slot(plant):
    object_id = await plant.object()
    cmd = rc.AssignGuardians(principal_id=plant.head, technical_id=plant.head, operations_id=plant.head)
    with pytest.raises(DomainError) as refused:
        await rh.assign_guardians(cmd.for_(plant.eid, object_id), plant.ch, plant.ctx)
    assert (refused.value.field, refused.value.code) == ("principal_id", "wrong_role")


async def test_an_object_of_another_enterprise_is_not_found(plant):
    object_id = await plant.object()
    other = await dh.register_enterprise(dc.RegisterEnterprise(
        name="企业2", credit_code=credit_code(2), industry=Industry.INDUSTRY_TRADE), plant.d, ADMIN)
    with pytest.raises(NotFound):
        await rh.retire_object(rc.Retire(reason="停用").for_(other, object_id), plant.ch, plant.ctx)
    assert not (await plant.ch.objects.get(object_id)).retired


async def test_a_stale_expected_version_is_a_conflict_and_changes_nothing(plant):
    object_id = await plant.object()
    with pytest.raises(ConcurrencyError):
        await rh.retire_object(rc.Retire(reason="停用", expected_version=5).for_(plant.eid, object_id), plant.ch,
                               plant.ctx)
    assert not (await plant.ch.objects.get(object_id)).retired


async def test_a_policy_change_regrades_every_assessed_risk_in_one_transaction(plant):
    unit_id = await plant.risk_unit(await plant.object())
    risks = [await plant.graded_risk(unit_id, name) for name in ("氢气泄漏爆炸", "反应釜超压")]
    before = len(await plant.wired.store.read_all())

    moved = await rh.change_grading_policy(rc.ChangeGradingPolicy(**TIGHTER_LS).for_(plant.eid), plant.ch,
                                           plant.ctx)

    assert moved == 2
    written = (await plant.wired.store.read_all())[before:]
    assert sorted(e.type.rsplit(".", 1)[-1] for e in written) == ["GradingPolicyChanged", "RiskRegraded",
                                                                  "RiskRegraded"]
    assert len({e.tx_id for e in written}) == 1
    for risk_id in risks:
        assert (await plant.ch.risks.get(risk_id)).current["inherent"].level is RiskLevel.LARGE


async def test_an_unchanged_policy_records_nothing(plant):
    default = {"lec": {"major": 320, "large": 160, "general": 70}, "ls": {"major": 17, "large": 11, "general": 5},
               "control_levels": {"1": "company", "2": "department", "3": "team", "4": "post"}}
    before = len(await plant.wired.store.read_all())
    assert await rh.change_grading_policy(rc.ChangeGradingPolicy(**default).for_(plant.eid), plant.ch,
                                          plant.ctx) == 0
    assert len(await plant.wired.store.read_all()) == before
