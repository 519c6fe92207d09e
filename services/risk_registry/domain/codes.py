"""Official and common code tables of the enterprise directory (基础管理), DOMAIN.md §2."""

from __future__ import annotations

from enum import StrEnum

from libs.labelled_enum import Labelled


class Industry(Labelled, StrEnum):
    """行业: 工贸 (industry and trade) or 危化 (hazardous chemicals)."""

    INDUSTRY_TRADE = "工贸"
    HAZARDOUS_CHEMICALS = "危化"


class OrgUnitKind(Labelled, StrEnum):
    """The org tree, which is also the escalation ladder: post → team → department → company."""

    DEPARTMENT = "department"  # 部门
    TEAM = "team"  # 班组
    POST = "post"  # 岗位


ORG_UNIT_LABELS = {OrgUnitKind.DEPARTMENT: "部门", OrgUnitKind.TEAM: "班组", OrgUnitKind.POST: "岗位"}

# Which kind may sit under which (None = directly under the enterprise).
ALLOWED_PARENTS: dict[OrgUnitKind, set[OrgUnitKind | None]] = {
    OrgUnitKind.DEPARTMENT: {None, OrgUnitKind.DEPARTMENT},
    OrgUnitKind.TEAM: {OrgUnitKind.DEPARTMENT},
    OrgUnitKind.POST: {OrgUnitKind.DEPARTMENT, OrgUnitKind.TEAM},
}


class PersonRole(Labelled, StrEnum):
    """Duties a person holds in the enterprise (not the same as their system permissions)."""

    PRINCIPAL = "principal"  # 主要负责人
    TECHNICAL_HEAD = "technical_head"  # 技术负责人
    OPERATIONS_HEAD = "operations_head"  # 操作负责人
    SAFETY_OFFICER = "safety_officer"  # 安全管理员
    DEPARTMENT_HEAD = "department_head"  # 部门负责人
    TEAM_LEADER = "team_leader"  # 班组长
    WORKER = "worker"  # 岗位员工


PERSON_ROLE_LABELS = {
    PersonRole.PRINCIPAL: "主要负责人", PersonRole.TECHNICAL_HEAD: "技术负责人",
    PersonRole.OPERATIONS_HEAD: "操作负责人", PersonRole.SAFETY_OFFICER: "安全管理员",
    PersonRole.DEPARTMENT_HEAD: "部门负责人", PersonRole.TEAM_LEADER: "班组长", PersonRole.WORKER: "岗位员工",
}
