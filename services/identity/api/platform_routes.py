"""HTTP for the platform's accounts (the platform admin's): an enterprise's first administrator,
and the regulators with their jurisdictions."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from libs.acting import acting
from libs.auth import require_roles
from libs.errors import found
from libs.openapi import errors
from libs.pagination import PageParams, page, page_params
from libs.repository import CommandContext
from services.identity.api import models as m
from services.identity.api.deps import wired
from services.identity.application import administration
from services.identity.application import commands as c
from services.identity.bootstrap import Wired
from services.identity.domain.writers import PLATFORM

platform = APIRouter()
operator = acting(*PLATFORM)
WRITE = errors(401, 403, 404, 409, 422)


async def _regulator(w: Wired, account_id: str):
    return found(await w.queries.regulator(account_id, w.identity.clock.now()), "监管人员账号", "account_id")


@platform.post("/enterprise-admins", status_code=201, tags=["账号"], summary="创建企业管理员账号 (平台管理员)",
               response_model=m.EnterpriseAdmin, responses=WRITE)
async def create_enterprise_admin(cmd: c.CreateEnterpriseAdmin, ctx: CommandContext = operator,
                                  w: Wired = Depends(wired)):
    account_id = await administration.create_enterprise_admin(cmd, w.identity, ctx)
    return m.EnterpriseAdmin(id=account_id, enterprise_id=cmd.enterprise_id, name=cmd.name, mobile=cmd.mobile,
                             state="must_change")


@platform.get("/regulators", tags=["监管人员"], summary="监管人员账号列表 (平台管理员)",
              response_model=m.RegulatorPage, responses=errors(401, 403),
              dependencies=[Depends(require_roles(*PLATFORM))])
async def list_regulators(p: PageParams = Depends(page_params), w: Wired = Depends(wired)):
    items, total = await w.queries.regulators(w.identity.clock.now(), p)
    return page(items, total, p)


@platform.post("/regulators", status_code=201, tags=["监管人员"], summary="创建监管人员账号 (辖区企业; 初始密码)",
               response_model=m.Regulator, responses=WRITE)
async def create_regulator(cmd: c.CreateRegulator, ctx: CommandContext = operator, w: Wired = Depends(wired)):
    return await _regulator(w, await administration.create_regulator(cmd, w.identity, ctx))


@platform.put("/regulators/{account_id}/jurisdiction", tags=["监管人员"], summary="变更辖区 (整体替换)",
              response_model=m.Regulator, responses=WRITE)
async def change_jurisdiction(account_id: str, cmd: c.ChangeJurisdiction, ctx: CommandContext = operator,
                              w: Wired = Depends(wired)):
    await administration.change_jurisdiction(account_id, cmd, w.identity, ctx)
    return await _regulator(w, account_id)


@platform.post("/regulators/{account_id}/password", tags=["监管人员"],
               summary="重设密码 (首次登录须修改; 所有登录退出)",
               response_model=m.Regulator, responses=WRITE)
async def reset_password(account_id: str, cmd: c.ResetPassword, ctx: CommandContext = operator,
                         w: Wired = Depends(wired)):
    await administration.reset_regulator_password(account_id, cmd, w.identity, ctx)
    return await _regulator(w, account_id)


@platform.post("/regulators/{account_id}/unlock", tags=["监管人员"], summary="解除锁定",
               response_model=m.Regulator, responses=WRITE)
async def unlock(account_id: str, ctx: CommandContext = operator, w: Wired = Depends(wired)):
    await administration.unlock_regulator(account_id, w.identity, ctx)
    return await _regulator(w, account_id)


@platform.post("/regulators/{account_id}/close", tags=["监管人员"], summary="停用账号 (不可恢复; 所有登录退出)",
               response_model=m.Regulator, responses=WRITE)
async def close(account_id: str, ctx: CommandContext = operator, w: Wired = Depends(wired)):
    await administration.close_regulator(account_id, w.identity, ctx)
    return await _regulator(w, account_id)
