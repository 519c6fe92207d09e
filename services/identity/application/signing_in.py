"""Signing in with a mobile number and a password (refreshing and signing out: sessions.py; one's
own password: own_password.py).

Every attempt hashes once (an unknown number against a dummy) and is judged by the account
(domain/account.py); what it decided is committed — the events, the address's failure row, the
session's refresh-token hash — in one transaction, and only then answered. Two attempts at one
account at once meet at its stream's version; the loser is decided again on what the winner
left (a retry, `_ATTEMPTS` at most). Which account a number names, when it names several kinds of
account, is which_account.py's.
"""

from __future__ import annotations

from dataclasses import dataclass

from libs.eventstore.port import ConcurrencyError
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from services.identity.application import commands as c
from services.identity.application import which_account as which
from services.identity.application.handlers import ANONYMOUS, Identity, access_token, end_sessions, new_id
from services.identity.application.metrics import SIGN_INS
from services.identity.application.refusals import address_throttled, not_signed_in
from services.identity.application.tokens import Issued
from services.identity.domain.account import Account, SignInOutcome
from services.identity.domain.codes import SessionEnd
from services.identity.domain.session import Session

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


async def sign_in(cmd: c.SignIn, deps: Identity, address: str, correlation_id: str) -> SessionTokens | ChangeFirst:
    at = deps.clock.now()
    if free_at := await deps.throttle.blocked_until(address, at):
        SIGN_INS.labels("throttled").inc()
        raise address_throttled(at, free_at)
    found = await which.candidates(deps, cmd.mobile, cmd.enterprise_id, cmd.kind)
    if len(which.kinds_of(found)) > 1:
        await which.ask_for_the_kind(deps, found, cmd.password, address, correlation_id)
    account_id = found[0].account_id if len(found) == 1 else None  # several of one kind: name the enterprise
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
