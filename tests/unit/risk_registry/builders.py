"""Valid directory objects for unit tests, so each test states only what it is about."""

from __future__ import annotations

from datetime import date, timedelta

from services.risk_registry.directory.domain.codes import Industry, OrgUnitKind, PersonRole
from services.risk_registry.directory.domain.identifiers import uscc_check_char
from services.risk_registry.directory.domain.model import Enterprise, OrgUnit, Person
from services.risk_registry.risk_chain.domain.codes import AccidentType, AssessmentMethod, RiskObjectKind, RiskStage
from services.risk_registry.risk_chain.domain.grading import GradingPolicy
from services.risk_registry.risk_chain.domain.model import RiskObject, RiskUnit
from services.risk_registry.risk_chain.domain.risk_event import RiskEvent

HAZCHEM_CODE = "350100123"
MOBILE = "13800138000"


def credit_code(n: int = 1) -> str:
    """A valid 18-char unified social credit code, different for each `n` below 10**8."""
    first17 = f"913501007{n:08d}"
    return first17 + uscc_check_char(first17)


def enterprise(enterprise_id: str = "ent-1", name: str = "福州化工有限公司",
               industry: Industry = Industry.INDUSTRY_TRADE) -> Enterprise:
    hazchem = HAZCHEM_CODE if industry is Industry.HAZARDOUS_CHEMICALS else None
    return Enterprise.register(enterprise_id, name, credit_code(), industry, hazchem)


def saved(unit: OrgUnit) -> OrgUnit:
    unit.mark_saved()
    return unit


def department(unit_id: str = "dept-1", enterprise_id: str = "ent-1", parent: OrgUnit | None = None) -> OrgUnit:
    return saved(OrgUnit.create(unit_id, enterprise_id, OrgUnitKind.DEPARTMENT, "生产部", parent))


def team(unit_id: str = "team-1", parent: OrgUnit | None = None) -> OrgUnit:
    parent = parent or department()
    return saved(OrgUnit.create(unit_id, parent.enterprise_id, OrgUnitKind.TEAM, "甲班", parent))


def post(unit_id: str = "post-1", parent: OrgUnit | None = None) -> OrgUnit:
    parent = parent or team()
    return saved(OrgUnit.create(unit_id, parent.enterprise_id, OrgUnitKind.POST, "操作工", parent))


def retired(unit: OrgUnit) -> OrgUnit:
    unit.retire("机构调整", active_children=0, active_members=0)
    unit.mark_saved()
    return unit


def person(person_id: str = "p-1", on_post: OrgUnit | None = None,
           roles: list[PersonRole] | None = None) -> Person:
    on_post = on_post or post()
    someone = Person.register(person_id, on_post.enterprise_id, "张三", MOBILE, on_post, roles or [PersonRole.WORKER])
    someone.mark_saved()
    return someone


# ---- the risk chain ------------------------------------------------------------------------------

TODAY = date(2026, 12, 2)


def risk_object(object_id: str = "obj-1", name: str = "双氧水罐区",
                kind: RiskObjectKind = RiskObjectKind.MAJOR_HAZARD_SOURCE, outline=None) -> RiskObject:
    obj = RiskObject.register(object_id, "ent-1", kind, name, None, "dept-1", outline)
    obj.mark_saved()
    return obj


def guarded(obj: RiskObject, principal: str = "p-principal", technical: str = "p-technical",
            operations: str = "p-operations") -> RiskObject:
    obj.assign_guardians(principal, technical, operations)
    obj.mark_saved()
    return obj


def risk_unit(unit_id: str = "ru-1", liable: str = "p-1") -> RiskUnit:
    unit = RiskUnit.create(unit_id, "ent-1", "obj-1", "双氧水储罐单元", "dept-1", liable)
    unit.mark_saved()
    return unit


def risk_event(risk_id: str = "re-1") -> RiskEvent:
    risk = RiskEvent.identify(risk_id, "ent-1", "ru-1", "储罐超温分解爆炸", [AccidentType(17)], "储罐破裂，人员伤亡")
    risk.mark_saved()
    return risk


def assess(risk: RiskEvent, stage: RiskStage, method: AssessmentMethod, inputs: dict, on: date,
           policy: GradingPolicy | None = None, today: date = TODAY) -> RiskEvent:
    risk.assess(f"a-{risk.version + len(risk.pending())}", stage, method, inputs, policy or GradingPolicy(),
                "officer-1", on, on + timedelta(days=365), today=today)
    return risk
