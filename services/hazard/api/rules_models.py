"""What `/hazard-rules` answers: the roles in force for accepting a 重大 hazard and deciding an
extension, where they come from, and who set them when."""

from __future__ import annotations

from pydantic import Field

from libs.openapi import Record, Timestamp


class RoleRef(Record):
    code: str = Field(description="角色代码")
    label: str = Field(description="角色名称")


class HazardRules(Record):
    """隐患验收与延期审批规则。"""

    major_acceptors: list[RoleRef] = Field(description="可验收重大隐患的角色")
    extension_deciders: list[RoleRef] = Field(description="可审批延期申请的角色 (申请人本人除外)")
    source: str = Field(description="default: 系统默认 (企业未设定); enterprise: 企业设定")
    source_label: str
    set_by: str | None = Field(description="设定人 (默认时为空)")
    set_at: Timestamp | None = Field(description="设定时间 (默认时为空)")
