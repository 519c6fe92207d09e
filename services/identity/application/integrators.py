"""Integrators' service accounts (接口调用方): created by an enterprise admin with read scopes; the
client id and a secret shown once (kept as its SHA-256); tokens by client credentials — access
tokens only (role `integrator`, the scopes, the enterprise), never a refresh token: the client
holds its secret and asks again."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from libs.auth import Role
from libs.errors import Unauthorized
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from services.identity.adapters.hashes import digest
from services.identity.application import commands as c
from services.identity.application.handlers import ANONYMOUS, Identity, new_id
from services.identity.application.metrics import CLIENT_TOKENS
from services.identity.application.refusals import CLIENT_REFUSED, address_throttled
from services.identity.application.tokens import Issued
from services.identity.domain.service_account import ClientSignIn, ServiceAccount


@dataclass(frozen=True)
class Credentials:
    service_account_id: str
    client_secret: str  # shown once, never stored


def new_secret() -> str:
    return "sks_" + secrets.token_urlsafe(32)  # 256 random bits; the prefix makes a leaked one greppable


async def _owned(deps: Identity, enterprise_id: str, service_account_id: str, expected: int | None = None):
    return await deps.service_accounts.load(service_account_id, expected, what="接口调用方账号",
                                            enterprise_id=enterprise_id, field="service_account_id")


async def _save_with_new_secret(deps: Identity, account: ServiceAccount, ctx: CommandContext) -> Credentials:
    """The account's events and its new secret's hash on one unit of work; the secret itself only
    in the answer."""
    secret = new_secret()
    uow = UnitOfWork(deps.store, ctx)
    uow.save(deps.service_accounts, account)
    deps.secrets.set_client_secret(uow, account.id, secret)
    await uow.commit()
    return Credentials(account.id, secret)


async def create_service_account(cmd: c.CreateServiceAccount, deps: Identity, ctx: CommandContext) -> Credentials:
    account = ServiceAccount.create("svc" + new_id()[:20], cmd.enterprise_id, cmd.name, cmd.scopes, by=ctx.actor,
                                    at=deps.clock.now())
    return await _save_with_new_secret(deps, account, ctx)


async def rotate_secret(cmd: c.RotateSecret, deps: Identity, ctx: CommandContext) -> Credentials:
    account = await _owned(deps, cmd.enterprise_id, cmd.id)
    account.rotate_secret(by=ctx.actor, at=deps.clock.now())
    return await _save_with_new_secret(deps, account, ctx)


async def change_scopes(cmd: c.ChangeScopes, deps: Identity, ctx: CommandContext) -> None:
    account = await _owned(deps, cmd.enterprise_id, cmd.id, cmd.expected_version)
    account.change_scopes(cmd.scopes, by=ctx.actor, at=deps.clock.now())
    await deps.service_accounts.save(account, ctx)


async def remove_service_account(cmd: c.RemoveServiceAccount, deps: Identity, ctx: CommandContext) -> None:
    account = await _owned(deps, cmd.enterprise_id, cmd.id)
    account.remove(by=ctx.actor, at=deps.clock.now())
    uow = UnitOfWork(deps.store, ctx)
    uow.save(deps.service_accounts, account)
    deps.secrets.forget_client(uow, account.id)
    await uow.commit()


async def client_credentials(cmd: c.ClientCredentials, deps: Identity, address: str,
                             correlation_id: str) -> Issued:
    at = deps.clock.now()
    if free_at := await deps.throttle.blocked_until(address, at):
        CLIENT_TOKENS.labels("throttled").inc()
        raise address_throttled(at, free_at)
    account = await deps.service_accounts.find(cmd.client_id)
    kept = await deps.secrets.client_secret(cmd.client_id)
    # One digest and one comparison whoever asks: an unknown id compares against nothing alike.
    matched = hmac.compare_digest(digest(cmd.client_secret), kept or b"\0" * 32) and kept is not None
    attempt_id = new_id()
    if account is None or account.removed or not matched:
        ctx = CommandContext(ANONYMOUS, account.enterprise_id if account else None, correlation_id)
        uow = UnitOfWork(deps.store, ctx)
        if account is not None and not account.removed:
            uow.save(deps.client_sign_ins, ClientSignIn.failed(attempt_id, account, address=address, at=at))
        deps.throttle.failed(uow, address, at)
        await uow.commit()
        CLIENT_TOKENS.labels("refused").inc()
        raise Unauthorized(CLIENT_REFUSED, code="client_refused")
    issued = deps.tokens.access(account.id, enterprise_id=account.enterprise_id, roles=[Role.INTEGRATOR],
                                jurisdiction=[account.enterprise_id], scopes=account.scopes, session_id=attempt_id)
    expires_at = at + deps.tokens.access_ttl
    attempt = ClientSignIn.issued(attempt_id, account, address=address, at=at, expires_at=expires_at)
    await deps.client_sign_ins.save(attempt, CommandContext(account.id, account.enterprise_id, correlation_id))
    CLIENT_TOKENS.labels("issued").inc()
    return issued
