"""A session's refresh tokens: spending one for the next pair (rotation; a spent one coming back
ends the session, domain/session.py), and signing out. The token's hash names its session and
generation (adapters/hashes.py); the session decides; its events, the next token's hash or the
forgetting of them all commit together."""

from __future__ import annotations

from datetime import datetime

from libs.errors import Unauthorized
from libs.eventstore.port import ConcurrencyError
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from services.identity.application import commands as c
from services.identity.application.handlers import Identity, access_token
from services.identity.application.metrics import REFRESHES
from services.identity.application.refusals import REFRESH_REUSED, SESSION_OVER
from services.identity.application.signing_in import SessionTokens
from services.identity.application.tokens import REFRESH
from services.identity.domain.account import Account
from services.identity.domain.codes import SessionEnd
from services.identity.domain.session import Refresh, Session

_ATTEMPTS = 3


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
    if account.closed:
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
