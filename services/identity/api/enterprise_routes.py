"""HTTP for an enterprise's accounts, under `/enterprises/{enterprise_id}` (the tenant guard once,
at router level): who can sign in and how they stand, initial passwords and lock-outs, and the
integrators' service accounts. Its administrators write; they and those who answer for its
safety management read."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from libs.acting import acting
from libs.auth import enterprise_scope, require_roles
from libs.errors import found
from libs.openapi import READ, WRITE
from libs.pagination import PageParams, page, page_params
from libs.repository import CommandContext
from services.identity.api import models as m
from services.identity.api.deps import wired
from services.identity.application import administration, integrators
from services.identity.application import commands as c
from services.identity.bootstrap import Wired
from services.identity.domain.codes import AccountKind, AccountState
from services.identity.domain.writers import ACCOUNT_ADMINS, ACCOUNT_READERS

scoped = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
writer = acting(*ACCOUNT_ADMINS)
reader = Depends(require_roles(*ACCOUNT_READERS))


async def _account(w: Wired, enterprise_id: str, account_id: str):
    return found(await w.queries.account(enterprise_id, account_id, w.identity.clock.now()), "账号", "account_id")


@scoped.get("/accounts", tags=["账号"], summary="账号列表 (本企业人员与企业管理员, 登录状态)",
            response_model=m.AccountPage, responses=READ, dependencies=[reader])
async def list_accounts(enterprise_id: str, state: AccountState | None = None, kind: AccountKind | None = None,
                        q: str | None = Query(None, max_length=50, description="姓名包含或手机号开头"),
                        include_left: bool = False, p: PageParams = Depends(page_params), w: Wired = Depends(wired)):
    items, total = await w.queries.accounts(enterprise_id, w.identity.clock.now(), p, state=state, kind=kind, q=q,
                                            include_left=include_left)
    return page(items, total, p)


@scoped.post("/accounts/{account_id}/password", tags=["账号"], summary="设置初始密码 (本人首次登录须修改)",
             response_model=m.Account, responses=WRITE,
             description="也用于重设忘记的密码; 解除锁定, 并使该账号的所有登录退出。")
async def set_initial_password(enterprise_id: str, account_id: str, cmd: c.SetInitialPassword,
                               ctx: CommandContext = writer, w: Wired = Depends(wired)):
    await administration.set_initial_password(cmd.for_(enterprise_id, account_id), w.identity, ctx)
    return await _account(w, enterprise_id, account_id)


@scoped.post("/accounts/{account_id}/unlock", tags=["账号"], summary="解除锁定",
             response_model=m.Account, responses=WRITE)
async def unlock(enterprise_id: str, account_id: str, ctx: CommandContext = writer, w: Wired = Depends(wired)):
    await administration.unlock(c.UnlockAccount().for_(enterprise_id, account_id), w.identity, ctx)
    return await _account(w, enterprise_id, account_id)


@scoped.get("/sessions", tags=["账号"], summary="登录会话 (谁在何时从何处登录; 默认只列未结束的)",
            response_model=m.SessionPage, responses=READ, dependencies=[reader])
async def list_sessions(enterprise_id: str, account_id: str | None = Query(None, max_length=64),
                        include_ended: bool = False, p: PageParams = Depends(page_params), w: Wired = Depends(wired)):
    items, total = await w.queries.sessions(enterprise_id, w.identity.clock.now(), p, account_id=account_id,
                                            include_ended=include_ended)
    return page(items, total, p)


# ---- integrators -------------------------------------------------------------------------------

@scoped.get("/service-accounts", tags=["接口调用方"], summary="接口调用方账号列表",
            response_model=m.ServiceAccountPage, responses=READ, dependencies=[reader])
async def list_service_accounts(enterprise_id: str, p: PageParams = Depends(page_params), w: Wired = Depends(wired)):
    items, total = await w.queries.service_accounts(enterprise_id, p)
    return page(items, total, p)


async def _with_secret(w: Wired, enterprise_id: str, creds: integrators.Credentials) -> dict:
    row = await w.queries.service_account(enterprise_id, creds.service_account_id)
    return {**found(row, "接口调用方账号"), "client_secret": creds.client_secret}


@scoped.post("/service-accounts", status_code=201, tags=["接口调用方"], summary="创建接口调用方账号 (密钥只显示一次)",
             response_model=m.ServiceAccountWithSecret, responses=WRITE)
async def create_service_account(enterprise_id: str, cmd: c.CreateServiceAccount, ctx: CommandContext = writer,
                                 w: Wired = Depends(wired)):
    creds = await integrators.create_service_account(cmd.for_(enterprise_id), w.identity, ctx)
    return await _with_secret(w, enterprise_id, creds)


@scoped.post("/service-accounts/{service_account_id}/secret", tags=["接口调用方"],
             summary="更换接口密钥 (旧密钥立即失效; 新密钥只显示一次)",
             response_model=m.ServiceAccountWithSecret, responses=WRITE)
async def rotate_secret(enterprise_id: str, service_account_id: str, ctx: CommandContext = writer,
                        w: Wired = Depends(wired)):
    creds = await integrators.rotate_secret(c.RotateSecret().for_(enterprise_id, service_account_id), w.identity, ctx)
    return await _with_secret(w, enterprise_id, creds)


@scoped.put("/service-accounts/{service_account_id}/scopes", tags=["接口调用方"], summary="设置权限范围 (整体替换)",
            response_model=m.ServiceAccount, responses=WRITE)
async def change_scopes(enterprise_id: str, service_account_id: str, cmd: c.ChangeScopes,
                        ctx: CommandContext = writer, w: Wired = Depends(wired)):
    await integrators.change_scopes(cmd.for_(enterprise_id, service_account_id), w.identity, ctx)
    return found(await w.queries.service_account(enterprise_id, service_account_id), "接口调用方账号")


@scoped.delete("/service-accounts/{service_account_id}", tags=["接口调用方"], summary="删除接口调用方账号 (密钥作废)",
               response_model=m.ServiceAccount, responses=WRITE)
async def remove_service_account(enterprise_id: str, service_account_id: str, ctx: CommandContext = writer,
                                 w: Wired = Depends(wired)):
    await integrators.remove_service_account(c.RemoveServiceAccount().for_(enterprise_id, service_account_id),
                                             w.identity, ctx)
    return found(await w.queries.service_account(enterprise_id, service_account_id), "接口调用方账号")
