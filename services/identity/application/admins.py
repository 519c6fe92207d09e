"""An enterprise's administrators appoint and demote one another. An appointed one is an account
of its own, with an initial password (like the first, which the platform creates); a demoted one
signs in no more and its sessions end at once. The enterprise always keeps one: the last is never
demoted (checked here, and under a lock by the read model, so two demoting each other at once
cannot both succeed)."""

from __future__ import annotations

from libs.errors import Conflict, NotFound
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from services.identity.application import commands as c
from services.identity.application.administration import create_enterprise_admin
from services.identity.application.handlers import Identity, end_sessions
from services.identity.domain.codes import AccountKind, SessionEnd
from services.identity.domain.rules import LAST_ADMIN


async def appoint(cmd: c.AppointEnterpriseAdmin, deps: Identity, ctx: CommandContext) -> str:
    return await create_enterprise_admin(
        c.CreateEnterpriseAdmin(enterprise_id=cmd.enterprise_id, name=cmd.name, mobile=cmd.mobile,
                                password=cmd.password), deps, ctx)


async def demote(cmd: c.DemoteEnterpriseAdmin, deps: Identity, ctx: CommandContext) -> None:
    account = await deps.accounts.load(cmd.id, what="企业管理员账号", enterprise_id=cmd.enterprise_id,
                                       field="account_id")
    if account.kind is not AccountKind.ENTERPRISE_ADMIN:
        raise NotFound(f"企业管理员账号不存在: {cmd.id}", field="account_id")
    if not account.closed and await deps.lookups.admins(cmd.enterprise_id) == [account.id]:
        raise Conflict(LAST_ADMIN, field="account_id", code="last_admin")
    at = deps.clock.now()
    account.demote(ctx.actor, at)
    uow = UnitOfWork(deps.store, ctx)
    uow.save(deps.accounts, account)
    await end_sessions(deps, uow, account.id, SessionEnd.DISABLED, at)
    await uow.commit()
