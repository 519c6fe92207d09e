"""Commands of the directory. They double as HTTP request bodies: pydantic checks shape and
lengths (→ 422 naming the field); the aggregates check the rules. Each carries its address
(enterprise, aggregate: libs/commands.py), filled in from the path."""

from __future__ import annotations

from pydantic import Field

from libs.commands import Command, EnterpriseCommand, Guarded
from libs.names import Name
from services.risk_registry.directory.domain.codes import Industry, OrgUnitKind, PersonRole


class RegisterEnterprise(Command):
    name: Name = Field(..., min_length=1, max_length=200, description="企业名称")
    credit_code: str = Field(..., min_length=1, max_length=18, description="统一社会信用代码 (18位)")
    industry: Industry = Field(..., description="行业: 工贸 或 危化")
    hazchem_code: str | None = Field(None, max_length=9, description="危化品登记编号 (9位数字)")


class UpdateEnterprise(Guarded):
    name: Name | None = Field(None, min_length=1, max_length=200)
    hazchem_code: str | None = Field(None, max_length=9)


class CreateOrgUnit(EnterpriseCommand):
    kind: OrgUnitKind = Field(..., description="department 部门 / team 班组 / post 岗位")
    name: Name = Field(..., min_length=1, max_length=200)
    parent_id: str | None = Field(None, max_length=64, description="上级单位; 部门可为空(直属企业)")


class RenameOrgUnit(Guarded):
    name: Name = Field(..., min_length=1, max_length=200)


class MoveOrgUnit(Guarded):
    parent_id: str | None = Field(None, max_length=64)


class RetireOrgUnit(Guarded):
    reason: str = Field(..., min_length=1, max_length=500, description="撤销原因")


class RegisterPerson(EnterpriseCommand):
    name: Name = Field(..., min_length=1, max_length=50)
    mobile: str = Field(..., min_length=1, max_length=11, description="大陆手机号")
    post_id: str | None = Field(None, max_length=64)
    roles: list[PersonRole] = Field(default_factory=lambda: [PersonRole.WORKER], max_length=7)


class AssignPost(Guarded):
    post_id: str | None = Field(None, max_length=64)


class ChangeRoles(Guarded):
    roles: list[PersonRole] = Field(..., min_length=1, max_length=7)


class ChangeContact(Guarded):
    name: Name = Field(..., min_length=1, max_length=50)
    mobile: str = Field(..., min_length=1, max_length=11)


class PersonLeaves(Guarded):
    reason: str = Field(..., min_length=1, max_length=500, description="离职原因")
