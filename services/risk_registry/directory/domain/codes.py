"""Official and common code tables of the enterprise directory (基础管理), DOMAIN.md §2."""

from __future__ import annotations

from enum import StrEnum

from libs.auth import ROLE_LABELS, Role
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

    # The duty roles of libs.auth (DUTY_ROLES), value for value, so a token's roles and a person's
    # duties compare equal; one table, written there, with its labels.
    PRINCIPAL = Role.PRINCIPAL.value
    TECHNICAL_HEAD = Role.TECHNICAL_HEAD.value
    OPERATIONS_HEAD = Role.OPERATIONS_HEAD.value
    SAFETY_OFFICER = Role.SAFETY_OFFICER.value
    DEPARTMENT_HEAD = Role.DEPARTMENT_HEAD.value
    TEAM_LEADER = Role.TEAM_LEADER.value
    WORKER = Role.WORKER.value


PERSON_ROLE_LABELS = {role: ROLE_LABELS[Role(role)] for role in PersonRole}
