"""Events of the enterprise directory (基础管理). Type names are the CloudEvents `ce_type`."""

from __future__ import annotations

from libs.events import DomainEvent
from services.risk_registry.directory.domain.codes import Industry, OrgUnitKind, PersonRole

P = "shuangkong.risk_registry."


class EnterpriseRegistered(DomainEvent):
    """企业注册."""

    TYPE = P + "EnterpriseRegistered"
    enterprise_id: str
    name: str
    credit_code: str  # 统一社会信用代码
    hazchem_code: str | None = None  # 危化品登记编号 (companyCode)
    industry: Industry


class EnterpriseRenamed(DomainEvent):
    TYPE = P + "EnterpriseRenamed"
    enterprise_id: str
    name: str


class HazchemCodeAssigned(DomainEvent):
    """危化品登记编号 given or corrected."""

    TYPE = P + "HazchemCodeAssigned"
    enterprise_id: str
    hazchem_code: str


class OrgUnitCreated(DomainEvent):
    """A department, team or post (部门/班组/岗位) is set up."""

    TYPE = P + "OrgUnitCreated"
    unit_id: str
    enterprise_id: str
    kind: OrgUnitKind
    name: str
    parent_id: str | None


class OrgUnitRenamed(DomainEvent):
    TYPE = P + "OrgUnitRenamed"
    unit_id: str
    enterprise_id: str
    name: str


class OrgUnitMoved(DomainEvent):
    TYPE = P + "OrgUnitMoved"
    unit_id: str
    enterprise_id: str
    from_parent_id: str | None
    to_parent_id: str | None


class OrgUnitRetired(DomainEvent):
    """撤销: the unit stays in history, takes no new people."""

    TYPE = P + "OrgUnitRetired"
    unit_id: str
    enterprise_id: str
    reason: str


class PersonRegistered(DomainEvent):
    TYPE = P + "PersonRegistered"
    person_id: str
    enterprise_id: str
    name: str
    mobile: str
    post_id: str | None
    roles: list[PersonRole]


class PersonAssignedToPost(DomainEvent):
    """调岗."""

    TYPE = P + "PersonAssignedToPost"
    person_id: str
    enterprise_id: str
    from_post_id: str | None
    to_post_id: str | None


class PersonRolesChanged(DomainEvent):
    TYPE = P + "PersonRolesChanged"
    person_id: str
    enterprise_id: str
    roles: list[PersonRole]


class PersonContactChanged(DomainEvent):
    TYPE = P + "PersonContactChanged"
    person_id: str
    enterprise_id: str
    name: str
    mobile: str


class PersonLeft(DomainEvent):
    """离职: the person keeps their history but holds no post or role."""

    TYPE = P + "PersonLeft"
    person_id: str
    enterprise_id: str
    reason: str


DIRECTORY_EVENTS = [
    EnterpriseRegistered, EnterpriseRenamed, HazchemCodeAssigned,
    OrgUnitCreated, OrgUnitRenamed, OrgUnitMoved, OrgUnitRetired,
    PersonRegistered, PersonAssignedToPost, PersonRolesChanged, PersonContactChanged, PersonLeft,
]
