"""HTTP: read the trail and verify it.

The trail holds every event's data as it was, personal details included, so within an
enterprise it is read by those who oversee everyone (libs.disclosure.OVERSIGHT: safety officers,
enterprise admins, the principal; regulators within their jurisdiction), not by workers, team
leaders or department heads."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Query, Request

from libs.auth import Role, enterprise_scope, require_roles
from libs.disclosure import OVERSIGHT
from libs.openapi import READ, errors
from libs.pagination import PageParams, page, page_params
from services.audit import queries
from services.audit.api import models as m
from services.audit.verify import verify

platform = APIRouter(tags=["审计"])
AUDIT_READERS = tuple(sorted(OVERSIGHT))
scoped = APIRouter(prefix="/enterprises/{enterprise_id}", tags=["审计"],
                   dependencies=[Depends(enterprise_scope), Depends(require_roles(*AUDIT_READERS))])


@scoped.get("/entries", summary="审计记录 (按对象、操作人、事件类型、时间筛选)",
            response_model=m.AuditEntryPage, responses=READ)
async def list_entries(request: Request, enterprise_id: str,
                       subject: str | None = Query(None, max_length=200,
                                                   description="对象: 其编号, 或事件流 (如 riskevent-<编号>)"),
                       actor: str | None = Query(None, max_length=100, description="操作人"),
                       event_type: str | None = Query(None, max_length=200,
                                                      description="事件类型: 全名或末段, 按字面匹配"),
                       since: datetime | None = Query(None, description="起始时间 (含)"),
                       until: datetime | None = Query(None, description="截止时间 (不含)"),
                       p: PageParams = Depends(page_params)):
    items, total = await queries.entries(request.app.state.pool, enterprise_id, subject=subject, actor=actor,
                                         event_type=event_type, since=since, until=until, p=p)
    return page(items, total, p)


@scoped.get("/verify", summary="校验本企业审计链",
            response_model=m.Verification, responses=READ)
async def verify_enterprise(request: Request, enterprise_id: str):
    return await verify(request.app.state.pool, enterprise_id)


@platform.get("/verify", summary="校验全部审计链 (平台管理员)",
              dependencies=[Depends(require_roles(Role.PLATFORM_ADMIN))],
              response_model=m.Verification, responses=errors(401, 403))
async def verify_all(request: Request):
    return await verify(request.app.state.pool)
