"""Signing in, refreshing, signing out, changing one's own password.

Every attempt hashes once (an unknown number against a dummy) and is judged by the account
(domain/account.py); what it decided is committed — the events, the address's failure row, the
session's refresh-token hash — in one transaction, and only then answered. Two attempts at one
account at once meet at its stream's version; the loser is decided again on what the winner
left (a retry, `_ATTEMPTS` at most).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from libs.aggregate import DomainError
from libs.errors import Unauthorized
from libs.eventstore.port import ConcurrencyError
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from services.identity.application import commands as c
from services.identity.application.handlers import ANONYMOUS, Identity, access_token, end_sessions, mobile_of, new_id
from services.identity.application.metrics import REFRESHES, SIGN_INS
from services.identity.application.refusals import (
    REFRESH_REUSED,
    SESSION_OVER,
    address_throttled,
    not_signed_in,
)
from services.identity.application.tokens import REFRESH, Issued
from services.identity.domain.account import Account, SignInOutcome
from services.identity.domain.codes import SessionEnd
from services.identity.domain.rules import check_password
from services.identity.domain.session import Refresh, Session

_ATTEMPTS = 3


@dataclass(frozen=True)
class SessionTokens:
    account_id: str
    session_id: str
    access: Issued
    refresh: Issued


@dataclass(frozen=True)
class ChangeFirst:
    """The password is an initial one: only a token to change it."""

    account_id: str
    token: Issued


async def _who(deps: Identity, mobile: str, enterprise_id: str | None) -> str | None:
    """The one account `mobile` signs in to (within `enterprise_id`, when given), or None."""
    found = [(p.person_id, p.enterprise_id) for p in await deps.directory.people_with_mobile(mobile)]
    found += [(h.account_id, h.enterprise_id) for h in await deps.lookups.holders_of_mobile(mobile)]
    if enterprise_id is not None:
        found = [f for f in found if f[1] == enterprise_id]
    return found[0][0] if len(found) == 1 else None


async def sign_in(cmd: c.SignIn, deps: Identity, address: str, correlation_id: str) -> SessionTokens | ChangeFirst:
    at = deps.clock.now()
    if await deps.throttle.blocked(address, at):
        SIGN_INS.labels("throttled").inc()
        raise address_throttled(int(deps.throttle.policy.window.total_seconds() // 60))
    account_id = await _who(deps, cmd.mobile, cmd.enterprise_id)
    for _ in range(_ATTEMPTS):
        account = await deps.accounts.find(account_id) if account_id else None
        stored = await deps.secrets.password(account.id) if account else None
        matched = await deps.passwords.verify(stored, cmd.password)
        if account is None:
            uow = UnitOfWork(deps.store, CommandContext(ANONYMOUS, None, correlation_id))
            deps.throttle.failed(uow, address, at)
            await uow.commit()
            SIGN_INS.labels("unknown").inc()
            raise not_signed_in()
        try:
            return await _decide(deps, account, matched, stored, cmd.password, address, correlation_id)
        except ConcurrencyError:
            continue  # another attempt at this account won: decide again on what it left
    raise not_signed_in()


async def _decide(deps: Identity, account: Account, matched: bool, stored: str | None, password: str,
                  address: str, correlation_id: str) -> SessionTokens | ChangeFirst:
    at, session_id = deps.clock.now(), new_id()
    outcome = account.sign_in(password_ok=matched, at=at, address=address, session_id=session_id,
                              policy=deps.lockout)
    signed_in = outcome in (SignInOutcome.SIGNED_IN, SignInOutcome.CHANGE_REQUIRED)
    uow = UnitOfWork(deps.store, CommandContext(account.id if signed_in else ANONYMOUS, account.enterprise_id,
                                                correlation_id))
    uow.save(deps.accounts, account)
    if not signed_in:
        deps.throttle.failed(uow, address, at)
        if account.locked(at):  # this failure locked it (or it was): no session of it goes on
            await end_sessions(deps, uow, account.id, SessionEnd.LOCKED, at)
        await uow.commit()
        SIGN_INS.labels(outcome.value).inc()
        raise not_signed_in()
    if stored is not None and deps.passwords.outdated(stored):  # hashed with older parameters: upgrade
        deps.secrets.set_password(uow, account.id, await deps.passwords.hash(password), at)
    if outcome is SignInOutcome.CHANGE_REQUIRED:
        await uow.commit()
        SIGN_INS.labels(outcome.value).inc()
        return ChangeFirst(account.id, deps.tokens.password_change(account.id))
    session = Session.start(session_id, account.id, account.enterprise_id, at=at, expires_at=at + deps.session_ttl,
                            address=address)
    refresh = deps.tokens.refresh(account.id, session_id, deps.session_ttl)
    deps.secrets.keep_refresh(uow, refresh.token, session_id, session.generation, at + deps.session_ttl)
    uow.save(deps.sessions, session)
    await uow.commit()
    SIGN_INS.labels(outcome.value).inc()
    return SessionTokens(account.id, session_id, await access_token(deps, account, session_id), refresh)


async def _session_of(deps: Identity, refresh_token: str) -> tuple[Session, int]:
    """The session a refresh token belongs to and the token's generation, or 401."""
    claims = deps.tokens.read(refresh_token, REFRESH)
    kept = await deps.secrets.refresh(refresh_token)
    session = await deps.sessions.find(kept.session_id) if kept else None
    if kept is None or session is None or claims.get("sid") != kept.session_id:
        raise Unauthorized(SESSION_OVER)
    return session, kept.generation


async def refresh(cmd: c.RefreshTokens, deps: Identity, correlation_id: str) -> SessionTokens:
    """Spend a refresh token for a new access token and the session's next refresh token."""
    for _ in range(_ATTEMPTS):
        session, generation = await _session_of(deps, cmd.refresh_token)
        account = await deps.accounts.get(session.account_id, "账号")
        at = deps.clock.now()
        uow = UnitOfWork(deps.store, CommandContext(account.id, account.enterprise_id, correlation_id))
        if session.active(at) and generation == session.generation and not account.may_use_sessions(at):
            session.revoke(_why_not(account, at), at)  # normally revoked already, when the account changed
            outcome = Refresh.ENDED
        else:
            outcome = session.refresh(generation, at)
        uow.save(deps.sessions, session)
        if outcome is not Refresh.ROTATED:
            deps.secrets.forget_sessions(uow, [session.id])
        else:
            lives = session.expires_at - at if session.expires_at else deps.session_ttl
            token = deps.tokens.refresh(account.id, session.id, lives)
            deps.secrets.keep_refresh(uow, token.token, session.id, session.generation, at + lives)
        try:
            await uow.commit()
        except ConcurrencyError:
            continue  # the same token spent twice at once: the second is decided again, as a reuse
        REFRESHES.labels(outcome.value).inc()
        if outcome is Refresh.REUSED:
            raise Unauthorized(REFRESH_REUSED, code="refresh_reused")
        if outcome is Refresh.ENDED:
            raise Unauthorized(SESSION_OVER)
        return SessionTokens(account.id, session.id, await access_token(deps, account, session.id), token)
    raise Unauthorized(SESSION_OVER)


def _why_not(account: Account, at: datetime) -> SessionEnd:
    if account.disabled:
        return SessionEnd.DISABLED
    return SessionEnd.LOCKED if account.locked(at) else SessionEnd.PASSWORD_RESET


async def sign_out(cmd: c.SignOut, deps: Identity, correlation_id: str) -> None:
    """End the refresh token's session (an earlier generation of it ends it too, as a reuse). A
    token that names no open session is answered alike (RFC 7009 §2.2): its end is achieved, and
    the answer tells nobody whether it was ever good."""
    try:
        session, generation = await _session_of(deps, cmd.refresh_token)
    except Unauthorized:
        return
    at = deps.clock.now()
    if generation == session.generation:
        session.sign_out(at)
    else:
        session.revoke(SessionEnd.REFRESH_REUSED, at)
    uow = UnitOfWork(deps.store, CommandContext(session.account_id, session.enterprise_id, correlation_id))
    uow.save(deps.sessions, session)
    deps.secrets.forget_sessions(uow, [session.id])
    await uow.commit()


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
    account.refuse_change(at)  # before the old password is checked
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
