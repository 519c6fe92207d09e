"""HTTP: the code tables (代码表) a client needs instead of hard-coding them."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from libs.auth import ROLE_LABELS, current_principal
from libs.labels import CodeTable, CodeTablesOut, tables_body
from libs.openapi import errors
from services.risk_registry.code_tables import TABLES

router = APIRouter(tags=["代码表"])

# The roles a token carries (permissions), beside the duties a person holds (person_role).
SYSTEM_ROLE = CodeTable.of("system_role", "系统角色 (令牌中的 roles)", ROLE_LABELS)
_BODY = tables_body([*TABLES, SYSTEM_ROLE])


@router.get("/code-tables", response_model=CodeTablesOut, dependencies=[Depends(current_principal)],
            responses=errors(401),
            summary="代码表: 事故类别、措施分类、风险等级、管控层级、对象类型等的代码与中文名称 (登录即可查)")
async def code_tables() -> dict:
    return _BODY
