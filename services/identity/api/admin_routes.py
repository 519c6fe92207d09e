"""HTTP for an enterprise's administrators appointing and demoting one another, under
`/enterprises/{enterprise_id}` (the tenant guard once, at router level).

    POST /enterprises/{eid}/admins {name, mobile, password}     → the new administrator (initial password)
    POST /enterprises/{eid}/admins/{account_id}/demote          → the account, disabled; its sessions end
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.errors import found
from libs.openapi import WRITE
from libs.repository import CommandContext
from services.identity.api import models as m
from services.identity.api.deps import wired
from services.identity.application import admins
from services.identity.application import commands as c
from services.identity.bootstrap import Wired
from services.identity.domain.writers import ACCOUNT_ADMINS

appointing = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)],
                       tags=["企业管理员"])
writer = acting(*ACCOUNT_ADMINS)


@appointing.post("/admins", status_code=201, summary="任命企业管理员 (新账号, 初始密码; 首次登录须修改)",
                 response_model=m.EnterpriseAdmin, responses=WRITE)
async def appoint(enterprise_id: str, cmd: c.AppointEnterpriseAdmin, ctx: CommandContext = writer,
                  w: Wired = Depends(wired)):
    account_id = await admins.appoint(cmd.for_(enterprise_id), w.identity, ctx)
    return m.EnterpriseAdmin(id=account_id, enterprise_id=enterprise_id, name=cmd.name, mobile=cmd.mobile,
                             state="must_change")


@appointing.post("/admins/{account_id}/demote", summary="撤销企业管理员 (账号停用, 其登录全部退出; 最后一位不可撤销)",
                 response_model=m.Account, responses=WRITE,
                 description="本企业仅剩这一位企业管理员时回答 409 (code last_admin)。")
async def demote(enterprise_id: str, account_id: str, ctx: CommandContext = writer, w: Wired = Depends(wired)):
    await admins.demote(c.DemoteEnterpriseAdmin().for_(enterprise_id, account_id), w.identity, ctx)
    return found(await w.queries.account(enterprise_id, account_id, w.identity.clock.now()), "账号", "account_id")
