"""The one table of roles: what a token may name, and how each reads in Chinese."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Roles in the enterprise (DOMAIN.md §2), plus the system's own: the operator, the regulator
    and the integrator."""

    PRINCIPAL = "principal"  # 主要负责人
    TECHNICAL_HEAD = "technical_head"  # 技术负责人
    OPERATIONS_HEAD = "operations_head"  # 操作负责人
    SAFETY_OFFICER = "safety_officer"  # 安全管理员
    DEPARTMENT_HEAD = "department_head"  # 部门负责人
    TEAM_LEADER = "team_leader"  # 班组长
    WORKER = "worker"  # 岗位员工
    ENTERPRISE_ADMIN = "enterprise_admin"  # 企业系统管理员
    REGULATOR = "regulator"  # 应急管理部门 (read-only, within jurisdiction)
    PLATFORM_ADMIN = "platform_admin"  # 平台运维: registers enterprises, sees no tenant data
    INTEGRATOR = "integrator"  # 接口调用方: a service account, read-only, within its enterprises and scopes


# The duties a person holds in an enterprise (DOMAIN.md §2), as the directory records them on
# each person (its `PersonRole` names exactly these); the other roles are the system's own.
DUTY_ROLES = (Role.PRINCIPAL, Role.TECHNICAL_HEAD, Role.OPERATIONS_HEAD, Role.SAFETY_OFFICER,
              Role.DEPARTMENT_HEAD, Role.TEAM_LEADER, Role.WORKER)

# What an enterprise's own identity provider may grant its people: roles inside that enterprise,
# never the platform's, a regulator's or a service account's.
ENTERPRISE_ROLES = frozenset({*DUTY_ROLES, Role.ENTERPRISE_ADMIN})

# Roles that read from outside an enterprise, within a list of enterprises (`jur`), and never write.
OUTSIDE_READERS = frozenset({Role.REGULATOR, Role.INTEGRATOR})

# The one table of role labels: the directory's duty roles read theirs from here.
ROLE_LABELS = {
    Role.PRINCIPAL: "主要负责人", Role.TECHNICAL_HEAD: "技术负责人", Role.OPERATIONS_HEAD: "操作负责人",
    Role.SAFETY_OFFICER: "安全管理员", Role.DEPARTMENT_HEAD: "部门负责人", Role.TEAM_LEADER: "班组长",
    Role.WORKER: "岗位员工", Role.ENTERPRISE_ADMIN: "企业管理员", Role.REGULATOR: "监管人员",
    Role.PLATFORM_ADMIN: "平台管理员", Role.INTEGRATOR: "接口调用方",
}
