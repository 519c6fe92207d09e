"""Changing one's own password, the old one given (with an access token, or the password-change
token a sign-in with an initial password got): every session of the account ends."""

from __future__ import annotations

from libs.aggregate import DomainError
from libs.errors import Unauthorized
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from services.identity.application import commands as c
from services.identity.application.handlers import Identity, end_sessions, mobile_of
from services.identity.application.refusals import locked_out
from services.identity.domain.account import LockedOut
from services.identity.domain.codes import SessionEnd
from services.identity.domain.rules import check_password


async def change_password(cmd: c.ChangePassword, deps: Identity, bearer: str, address: str,
                          correlation_id: str) -> None:
    """The holder's own change, the old password given: every session of the account ends."""
    account = await deps.accounts.find(deps.tokens.holder(bearer))
    if account is None:
        raise Unauthorized("该令牌不属于可修改密码的账号")
    check_password(cmd.new_password, await mobile_of(deps, account), field="new_password", label="新密码")
    if cmd.new_password == cmd.old_password:
        raise DomainError("新密码不能与旧密码相同", field="new_password", code="weak_password")
    at = deps.clock.now()
    ctx = CommandContext(account.id, account.enterprise_id, correlation_id)
    try:
        account.refuse_change(at)  # before the old password is checked
    except LockedOut as refusal:
        raise locked_out(refusal, at) from None
    matched = await deps.passwords.verify(await deps.secrets.password(account.id), cmd.old_password)
    uow = UnitOfWork(deps.store, ctx)
    uow.save(deps.accounts, account)
    if not matched:
        account.fail(at=at, address=address, policy=deps.lockout)
        deps.throttle.failed(uow, address, at)
        if account.locked(at):
            await end_sessions(deps, uow, account.id, SessionEnd.LOCKED, at)
        await uow.commit()
        raise DomainError("旧密码错误", field="old_password", code="wrong_password")
    account.change_password(at)
    deps.secrets.set_password(uow, account.id, await deps.passwords.hash(cmd.new_password), at)
    await end_sessions(deps, uow, account.id, SessionEnd.PASSWORD_CHANGED, at)
    await uow.commit()
