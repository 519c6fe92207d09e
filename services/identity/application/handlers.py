"""What the identity handlers take (one dataclass, composed in bootstrap.py), and the steps
several of them share: who an account's tokens say it is, ending every session of an account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from libs.auth import Role
from libs.clock import Clock
from libs.eventstore.port import EventStore
from libs.repository import Repository
from libs.unit_of_work import UnitOfWork
from services.identity.adapters.hashes import Secrets
from services.identity.adapters.passwords import Passwords
from services.identity.adapters.throttle import AddressThrottle
from services.identity.application.ports import AccountLookups, Directory
from services.identity.application.tokens import Issued, TokenMint
from services.identity.domain.account import Account
from services.identity.domain.codes import AccountKind, SessionEnd
from services.identity.domain.rules import LockoutPolicy
from services.identity.domain.service_account import ClientSignIn, ServiceAccount
from services.identity.domain.session import Session

ANONYMOUS = "anonymous"  # the actor of an attempt that did not sign anyone in
_ROLES = {role.value for role in Role}


@dataclass
class Identity:
    store: EventStore
    accounts: Repository[Account]
    sessions: Repository[Session]
    service_accounts: Repository[ServiceAccount]
    client_sign_ins: Repository[ClientSignIn]
    lookups: AccountLookups
    directory: Directory
    secrets: Secrets
    throttle: AddressThrottle
    passwords: Passwords
    tokens: TokenMint
    clock: Clock
    lockout: LockoutPolicy
    session_ttl: timedelta


def new_id() -> str:
    return uuid.uuid4().hex


async def mobile_of(deps: Identity, account: Account) -> str | None:
    """The number an account signs in with: the directory's for a person, its own otherwise."""
    if account.kind is AccountKind.PERSON:
        person = await deps.directory.person(account.id)
        return person.mobile if person else None
    return account.mobile


async def access_token(deps: Identity, account: Account, session_id: str) -> Issued:
    """An access token saying who the account is now (a person's roles as the directory says)."""
    if account.kind is AccountKind.PERSON:
        person = await deps.directory.person(account.id)
        roles = [r for r in (person.roles if person else []) if r in _ROLES]
        return deps.tokens.access(account.id, enterprise_id=account.enterprise_id, roles=roles, session_id=session_id)
    if account.kind is AccountKind.REGULATOR:
        return deps.tokens.access(account.id, enterprise_id=None, roles=[Role.REGULATOR.value],
                                  jurisdiction=account.jurisdiction, session_id=session_id)
    return deps.tokens.access(account.id, enterprise_id=account.enterprise_id, roles=[Role.ENTERPRISE_ADMIN.value],
                              session_id=session_id)


async def end_sessions(deps: Identity, uow: UnitOfWork, account_id: str, reason: SessionEnd, at: datetime,
                       *, keep: str | None = None) -> list[str]:
    """Revoke, on `uow`, every open session of the account (but `keep`) and forget their refresh
    tokens. A session started meanwhile is caught by the account's own version: whatever calls
    this saves the account on the same unit of work."""
    ended = []
    for session_id in await deps.lookups.open_sessions(account_id, at):
        if session_id == keep:
            continue
        session = await deps.sessions.find(session_id)
        if session is not None and session.active(at):
            session.revoke(reason, at)
            uow.save(deps.sessions, session)
            ended.append(session_id)
    deps.secrets.forget_sessions(uow, ended)
    return ended
