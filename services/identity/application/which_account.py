"""Which account a sign-in is for. A mobile number usually names one; it can name several — a
person in two enterprises (the sign-in names the enterprise), or one number holding two kinds of
account, a person's and a regulator's, say (the directory registers people without knowing the
platform's regulators). Then the sign-in does not guess: it names the kinds to choose from
(`kind` in the body), but only to whoever gave the right password for one of them — otherwise the
answer would tell anyone which numbers are regulators'. So the password is checked against each
(one hash each); if it matches none, the failure counts against every one of them (else leaving
out `kind` would be a way round their lock-outs), and the answer is the usual 401.
"""

from __future__ import annotations

from dataclasses import dataclass

from libs.eventstore.port import ConcurrencyError
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from services.identity.application.handlers import ANONYMOUS, Identity, end_sessions
from services.identity.application.metrics import SIGN_INS
from services.identity.application.refusals import kind_required, not_signed_in
from services.identity.domain.codes import AccountKind, SessionEnd


@dataclass(frozen=True)
class Candidate:
    account_id: str
    enterprise_id: str | None
    kind: AccountKind


async def candidates(deps: Identity, mobile: str, enterprise_id: str | None,
                     kind: AccountKind | None) -> list[Candidate]:
    """The accounts `mobile` signs in to, within `enterprise_id` and of `kind` when given."""
    found = [Candidate(p.person_id, p.enterprise_id, AccountKind.PERSON)
             for p in await deps.directory.people_with_mobile(mobile)]
    found += [Candidate(h.account_id, h.enterprise_id, h.kind) for h in await deps.lookups.holders_of_mobile(mobile)]
    return [f for f in found if enterprise_id in (None, f.enterprise_id) and kind in (None, f.kind)]


def kinds_of(found: list[Candidate]) -> list[AccountKind]:
    return sorted({f.kind for f in found}, key=list(AccountKind).index)


async def ask_for_the_kind(deps: Identity, found: list[Candidate], password: str, address: str,
                           correlation_id: str) -> None:
    """Raise 409 naming the kinds when `password` is right for one of them; else count the failure
    against each and raise the usual 401."""
    accounts = [a for a in [await deps.accounts.find(f.account_id) for f in found] if a is not None]
    # Each checked, none skipped after a match: the time does not say which one matched.
    matched = [await deps.passwords.verify(await deps.secrets.password(a.id), password) for a in accounts]
    if any(matched):
        SIGN_INS.labels("kind_required").inc()
        raise kind_required(kinds_of(found))
    at = deps.clock.now()
    for i, account in enumerate(accounts):
        await _failed(deps, account.id, address, correlation_id, throttle=i == 0)
    if not accounts:
        uow = UnitOfWork(deps.store, CommandContext(ANONYMOUS, None, correlation_id))
        deps.throttle.failed(uow, address, at)
        await uow.commit()
    SIGN_INS.labels("kind_failed").inc()
    raise not_signed_in()


async def _failed(deps: Identity, account_id: str, address: str, correlation_id: str, *, throttle: bool,
                  attempts: int = 3) -> None:
    """One failure against one account (perhaps locking it), on its own transaction: the accounts
    may be different enterprises'. The address's failure row goes with the first."""
    for _ in range(attempts):
        account = await deps.accounts.get(account_id, "账号")
        at = deps.clock.now()
        if account.closed or account.locked(at):
            return
        account.fail(at=at, address=address, policy=deps.lockout)
        uow = UnitOfWork(deps.store, CommandContext(ANONYMOUS, account.enterprise_id, correlation_id))
        uow.save(deps.accounts, account)
        if throttle:
            deps.throttle.failed(uow, address, at)
        if account.locked(at):
            await end_sessions(deps, uow, account.id, SessionEnd.LOCKED, at)
        try:
            await uow.commit()
            return
        except ConcurrencyError:
            continue  # another attempt at this account won: count this one on what it left
