"""Administering accounts: an enterprise admin sets initial passwords and lifts lock-outs in the
enterprise; the platform admin creates enterprises' first administrators and the regulators,
changes a regulator's jurisdiction, resets, unlocks and closes their accounts. A password set by
someone else must be changed at the next sign-in, and ends every session of the account."""

from __future__ import annotations

from libs.aggregate import DomainError
from libs.errors import Conflict, NotFound
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from services.identity.application import commands as c
from services.identity.application.handlers import Identity, end_sessions, mobile_of, new_id
from services.identity.domain.account import Account
from services.identity.domain.codes import AccountKind, DisabledBecause, SessionEnd
from services.identity.domain.rules import check_mobile, check_password


async def _set_password(deps: Identity, account: Account, password: str, ctx: CommandContext) -> None:
    check_password(password, await mobile_of(deps, account), field="password", label="初始密码")
    at = deps.clock.now()
    account.set_password(ctx.actor, at)
    uow = UnitOfWork(deps.store, ctx)
    uow.save(deps.accounts, account)
    deps.secrets.set_password(uow, account.id, await deps.passwords.hash(password), at)
    await end_sessions(deps, uow, account.id, SessionEnd.PASSWORD_RESET, at)
    await uow.commit()


async def _enterprise_account(deps: Identity, enterprise_id: str, account_id: str) -> Account:
    """A person's or an administrator's account of the enterprise (404 for anyone else's)."""
    account = await deps.accounts.load(account_id, what="账号", enterprise_id=enterprise_id, field="account_id")
    if account.kind is AccountKind.REGULATOR:
        raise NotFound(f"账号不存在: {account_id}", field="account_id")
    return account


async def set_initial_password(cmd: c.SetInitialPassword, deps: Identity, ctx: CommandContext) -> None:
    await _set_password(deps, await _enterprise_account(deps, cmd.enterprise_id, cmd.id), cmd.password, ctx)


async def unlock(cmd: c.UnlockAccount, deps: Identity, ctx: CommandContext) -> None:
    account = await _enterprise_account(deps, cmd.enterprise_id, cmd.id)
    account.unlock(ctx.actor, deps.clock.now())
    await deps.accounts.save(account, ctx)


async def _mobile_free(deps: Identity, mobile: str, enterprise_id: str | None) -> None:
    """A new account's number must name it alone where it signs in: an administrator's within its
    enterprise (a sign-in may name the enterprise); a regulator's anywhere (a regulator names none)."""
    check_mobile(mobile)
    taken = [p.enterprise_id for p in await deps.directory.people_with_mobile(mobile)]
    taken += [h.enterprise_id for h in await deps.lookups.holders_of_mobile(mobile)]
    if (enterprise_id is None and taken) or enterprise_id in taken:
        raise Conflict("该手机号已被其他账号用作登录名", field="mobile", code="mobile_taken")


async def create_enterprise_admin(cmd: c.CreateEnterpriseAdmin, deps: Identity, ctx: CommandContext) -> str:
    if not await deps.directory.known_enterprises([cmd.enterprise_id]):
        raise NotFound("企业不存在", field="enterprise_id")
    await _mobile_free(deps, cmd.mobile, cmd.enterprise_id)
    check_password(cmd.password, cmd.mobile, field="password", label="初始密码")
    account = Account.create_enterprise_admin(new_id(), cmd.enterprise_id, cmd.name, cmd.mobile, by=ctx.actor)
    await _create(deps, account, cmd.password, CommandContext(ctx.actor, cmd.enterprise_id, ctx.correlation_id))
    return account.id


async def _known_jurisdiction(deps: Identity, jurisdiction: list[str]) -> None:
    known = await deps.directory.known_enterprises(jurisdiction)
    for i, enterprise_id in enumerate(jurisdiction):
        if enterprise_id not in known:
            raise DomainError(f"辖区第{i + 1}项企业不存在: {enterprise_id}", field=f"jurisdiction.{i}",
                              code="unknown_enterprise")


async def create_regulator(cmd: c.CreateRegulator, deps: Identity, ctx: CommandContext) -> str:
    await _mobile_free(deps, cmd.mobile, None)
    await _known_jurisdiction(deps, cmd.jurisdiction)
    check_password(cmd.password, cmd.mobile, field="password", label="初始密码")
    account = Account.create_regulator(new_id(), cmd.name, cmd.mobile, cmd.jurisdiction, by=ctx.actor)
    await _create(deps, account, cmd.password, ctx)
    return account.id


async def _create(deps: Identity, account: Account, password: str, ctx: CommandContext) -> None:
    at = deps.clock.now()
    account.set_password(ctx.actor, at)
    uow = UnitOfWork(deps.store, ctx)
    uow.save(deps.accounts, account)
    deps.secrets.set_password(uow, account.id, await deps.passwords.hash(password), at)
    await uow.commit()


async def _regulator(deps: Identity, account_id: str, expected_version: int | None = None) -> Account:
    account = await deps.accounts.load(account_id, expected_version, what="监管人员账号", field="account_id")
    if account.kind is not AccountKind.REGULATOR:
        raise NotFound(f"监管人员账号不存在: {account_id}", field="account_id")
    return account


async def change_jurisdiction(account_id: str, cmd: c.ChangeJurisdiction, deps: Identity,
                              ctx: CommandContext) -> None:
    account = await _regulator(deps, account_id, cmd.expected_version)
    await _known_jurisdiction(deps, cmd.jurisdiction)
    account.change_jurisdiction(cmd.jurisdiction, by=ctx.actor)
    await deps.accounts.save(account, ctx)


async def reset_regulator_password(account_id: str, cmd: c.ResetPassword, deps: Identity,
                                   ctx: CommandContext) -> None:
    await _set_password(deps, await _regulator(deps, account_id), cmd.password, ctx)


async def unlock_regulator(account_id: str, deps: Identity, ctx: CommandContext) -> None:
    account = await _regulator(deps, account_id)
    account.unlock(ctx.actor, deps.clock.now())
    await deps.accounts.save(account, ctx)


async def close_regulator(account_id: str, deps: Identity, ctx: CommandContext) -> None:
    account = await _regulator(deps, account_id)
    at = deps.clock.now()
    account.disable(DisabledBecause.CLOSED, ctx.actor, at)
    uow = UnitOfWork(deps.store, ctx)
    uow.save(deps.accounts, account)
    await end_sessions(deps, uow, account.id, SessionEnd.DISABLED, at)
    await uow.commit()
