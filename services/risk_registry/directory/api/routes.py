"""HTTP ↔ commands and queries of the enterprise directory.

Everything under `/enterprises/{enterprise_id}` passes the tenant guard once, at router level.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from libs.acting import acting
from libs.auth import OUTSIDE_READERS, Principal, Role, current_principal, enterprise_scope
from libs.disclosure import sees_everyone
from libs.errors import Forbidden, found
from libs.openapi import READ, WRITE, errors
from libs.pagination import PageParams, page, page_params
from libs.repository import CommandContext
from services.risk_registry.directory.api import models as m
from services.risk_registry.directory.application import commands as c
from services.risk_registry.directory.application import handlers as h
from services.risk_registry.directory.domain.codes import OrgUnitKind, PersonRole
from services.risk_registry.directory.domain.writers import DIRECTORY_WRITERS

platform = APIRouter(tags=["企业"])
scoped = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
writer = acting(*DIRECTORY_WRITERS)


async def directory(request: Request) -> h.Directory:
    return request.app.state.directory




# ---- enterprises -------------------------------------------------------------------------

@platform.post("/enterprises", status_code=201, summary="注册企业 (平台管理员)",
               response_model=m.Enterprise, responses=errors(401, 403, 409, 422))
async def register_enterprise(cmd: c.RegisterEnterprise, ctx: CommandContext = acting(Role.PLATFORM_ADMIN),
                              d: h.Directory = Depends(directory)):
    enterprise_id = await h.register_enterprise(cmd, d, ctx)
    return await d.queries.enterprise(enterprise_id)


def listed(principal: Principal) -> list[str] | None:
    """The enterprises whose records `principal` sees (None: every one): the platform admin, who
    registers them, all; a regulator those of their jurisdiction, an integrator those of its grant
    (both outside readers); anyone else their own. The record only — what lies below it stays with
    the tenant guard."""
    if Role.PLATFORM_ADMIN in principal.roles:
        return None
    if principal.roles & OUTSIDE_READERS:
        return sorted(principal.jurisdiction)
    return [principal.enterprise_id] if principal.enterprise_id else []


@platform.get("/enterprises", summary="企业列表 (本企业; 监管人员: 辖区企业; 平台管理员: 全部)",
              response_model=m.EnterprisePage, responses=errors(401))
async def list_enterprises(principal: Principal = Depends(current_principal), p: PageParams = Depends(page_params),
                           d: h.Directory = Depends(directory)):
    items, total = await d.queries.enterprises(listed(principal), p)
    return page(items, total, p)


# Not on the tenant-scoped router: whoever lists an enterprise reads its record, the platform
# admin included (decision 10).
@platform.get("/enterprises/{enterprise_id}", tags=["企业"], summary="企业详情 (企业列表中可见的企业)",
              response_model=m.Enterprise, responses=READ)
async def get_enterprise(enterprise_id: str, principal: Principal = Depends(current_principal),
                         d: h.Directory = Depends(directory)):
    ids = listed(principal)
    if ids is not None and enterprise_id not in ids:
        raise Forbidden("无权查看该企业的数据")
    return found(await d.queries.enterprise(enterprise_id), "企业", "enterprise_id")


@scoped.patch("", tags=["企业"], summary="修改企业名称或危化品登记编号",
              response_model=m.Enterprise, responses=WRITE)
async def update_enterprise(enterprise_id: str, cmd: c.UpdateEnterprise,
                            ctx: CommandContext = writer, d: h.Directory = Depends(directory)):
    await h.update_enterprise(cmd.for_(enterprise_id), d, ctx)
    return await d.queries.enterprise(enterprise_id)


@scoped.get("/history", tags=["企业"], summary="企业变更历史",
            response_model=list[m.HistoryItem], responses=READ)
async def enterprise_history(enterprise_id: str, d: h.Directory = Depends(directory)):
    return await d.enterprises.history(enterprise_id, enterprise_id)


# ---- org units ---------------------------------------------------------------------------

@scoped.post("/org-units", status_code=201, tags=["组织机构"], summary="新建部门/班组/岗位",
             response_model=m.OrgUnit, responses=WRITE)
async def create_org_unit(enterprise_id: str, cmd: c.CreateOrgUnit,
                          ctx: CommandContext = writer, d: h.Directory = Depends(directory)):
    unit_id = await h.create_org_unit(cmd.for_(enterprise_id), d, ctx)
    return await d.queries.unit(enterprise_id, unit_id)


@scoped.get("/org-units", tags=["组织机构"], summary="组织机构列表",
            response_model=m.OrgUnitPage, responses=READ)
async def list_org_units(enterprise_id: str, kind: OrgUnitKind | None = None,
                         parent_id: str | None = Query(None, max_length=64), include_retired: bool = False,
                         p: PageParams = Depends(page_params), d: h.Directory = Depends(directory)):
    items, total = await d.queries.units(enterprise_id, kind.value if kind else None, parent_id,
                                         include_retired, p)
    return page(items, total, p)


@scoped.get("/org-units/tree", tags=["组织机构"], summary="组织机构树 (亦即逐级提醒的层级)",
            response_model=list[m.OrgTreeNode], responses=READ)
async def org_tree(enterprise_id: str, d: h.Directory = Depends(directory)):
    return await d.queries.tree(enterprise_id)


@scoped.get("/org-units/{unit_id}", tags=["组织机构"], summary="单位详情",
            response_model=m.OrgUnit, responses=READ)
async def get_org_unit(enterprise_id: str, unit_id: str, d: h.Directory = Depends(directory)):
    return found(await d.queries.unit(enterprise_id, unit_id), "单位")


@scoped.get("/org-units/{unit_id}/history", tags=["组织机构"], summary="单位变更历史",
            response_model=list[m.HistoryItem], responses=READ)
async def org_unit_history(enterprise_id: str, unit_id: str, d: h.Directory = Depends(directory)):
    found(await d.queries.unit(enterprise_id, unit_id), "单位")
    return await d.units.history(unit_id, enterprise_id)


@scoped.post("/org-units/{unit_id}/rename", tags=["组织机构"], summary="重命名",
             response_model=m.OrgUnit, responses=WRITE)
async def rename_org_unit(enterprise_id: str, unit_id: str, cmd: c.RenameOrgUnit,
                          ctx: CommandContext = writer, d: h.Directory = Depends(directory)):
    await h.rename_org_unit(cmd.for_(enterprise_id, unit_id), d, ctx)
    return await d.queries.unit(enterprise_id, unit_id)


@scoped.post("/org-units/{unit_id}/move", tags=["组织机构"], summary="调整上级",
             response_model=m.OrgUnit, responses=WRITE)
async def move_org_unit(enterprise_id: str, unit_id: str, cmd: c.MoveOrgUnit,
                        ctx: CommandContext = writer, d: h.Directory = Depends(directory)):
    await h.move_org_unit(cmd.for_(enterprise_id, unit_id), d, ctx)
    return await d.queries.unit(enterprise_id, unit_id)


@scoped.post("/org-units/{unit_id}/retire", tags=["组织机构"], summary="撤销 (保留历史)",
             response_model=m.OrgUnit, responses=WRITE)
async def retire_org_unit(enterprise_id: str, unit_id: str, cmd: c.RetireOrgUnit,
                          ctx: CommandContext = writer, d: h.Directory = Depends(directory)):
    await h.retire_org_unit(cmd.for_(enterprise_id, unit_id), d, ctx)
    return await d.queries.unit(enterprise_id, unit_id)


# ---- people ------------------------------------------------------------------------------

@scoped.post("/people", status_code=201, tags=["人员"], summary="登记人员",
             response_model=m.Person, responses=WRITE)
async def register_person(enterprise_id: str, cmd: c.RegisterPerson,
                          ctx: CommandContext = writer, d: h.Directory = Depends(directory)):
    person_id = await h.register_person(cmd.for_(enterprise_id), d, ctx)
    return await d.queries.person(enterprise_id, person_id)


@scoped.get("/people", tags=["人员"], summary="人员列表",
            response_model=m.PersonPage, responses=READ)
async def list_people(enterprise_id: str, post_id: str | None = Query(None, max_length=64),
                      role: PersonRole | None = None, q: str | None = Query(None, max_length=50),
                      include_left: bool = False, p: PageParams = Depends(page_params),
                      principal: Principal = Depends(current_principal), d: h.Directory = Depends(directory)):
    # Searching by number is for those who see every number; anyone else could read one out digit by digit.
    items, total = await d.queries.people(enterprise_id, post_id, role.value if role else None, q,
                                          include_left, p, by_mobile=sees_everyone(principal))
    return page(items, total, p)


@scoped.get("/people/{person_id}", tags=["人员"], summary="人员详情",
            response_model=m.Person, responses=READ)
async def get_person(enterprise_id: str, person_id: str, d: h.Directory = Depends(directory)):
    return found(await d.queries.person(enterprise_id, person_id), "人员")


@scoped.get("/people/{person_id}/history", tags=["人员"], summary="人员变更历史",
            response_model=list[m.HistoryItem], responses=READ)
async def person_history(enterprise_id: str, person_id: str, d: h.Directory = Depends(directory)):
    found(await d.queries.person(enterprise_id, person_id), "人员")
    return await d.people.history(person_id, enterprise_id)


@scoped.post("/people/{person_id}/assign-post", tags=["人员"], summary="调岗",
             response_model=m.Person, responses=WRITE)
async def assign_post(enterprise_id: str, person_id: str, cmd: c.AssignPost,
                      ctx: CommandContext = writer, d: h.Directory = Depends(directory)):
    await h.assign_post(cmd.for_(enterprise_id, person_id), d, ctx)
    return await d.queries.person(enterprise_id, person_id)


@scoped.post("/people/{person_id}/roles", tags=["人员"], summary="设置职责",
             response_model=m.Person, responses=WRITE)
async def change_roles(enterprise_id: str, person_id: str, cmd: c.ChangeRoles,
                       ctx: CommandContext = writer, d: h.Directory = Depends(directory)):
    await h.change_roles(cmd.for_(enterprise_id, person_id), d, ctx)
    return await d.queries.person(enterprise_id, person_id)


@scoped.post("/people/{person_id}/contact", tags=["人员"], summary="修改姓名/手机号",
             response_model=m.Person, responses=WRITE)
async def change_contact(enterprise_id: str, person_id: str, cmd: c.ChangeContact,
                         ctx: CommandContext = writer, d: h.Directory = Depends(directory)):
    await h.change_contact(cmd.for_(enterprise_id, person_id), d, ctx)
    return await d.queries.person(enterprise_id, person_id)


@scoped.post("/people/{person_id}/leave", tags=["人员"], summary="离职",
             response_model=m.Person, responses=WRITE)
async def person_leaves(enterprise_id: str, person_id: str, cmd: c.PersonLeaves,
                        ctx: CommandContext = writer, d: h.Directory = Depends(directory)):
    await h.person_leaves(cmd.for_(enterprise_id, person_id), d, ctx)
    return await d.queries.person(enterprise_id, person_id)
