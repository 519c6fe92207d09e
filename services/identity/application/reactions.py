"""What the identity service does about the directory's events (libs/reactor.py): a person the
registry registers gets an account (with no password until an administrator sets one); a person
who leaves has the account disabled for good and every session revoked — in the transaction
that remembers the event, so a redelivery changes nothing.

The account is the one place that decides whether a person may sign in: opened before any
password can be set, disabled before any later one could be — so a password set while the
person's departure is on its way either comes first (and the departure ends its sessions) or
meets a disabled account (409)."""

from __future__ import annotations

from collections.abc import Callable

from libs.cloudevent import InboundEvent, topic_for
from libs.eventstore.port import EventStore
from libs.reactor import Reactor
from libs.unit_of_work import UnitOfWork
from services.identity.application.handlers import Identity, end_sessions
from services.identity.domain.account import Account
from services.identity.domain.codes import DisabledBecause, SessionEnd

R = "shuangkong.risk_registry."
NAME = "identity-accounts"


def account_reactor(deps: Callable[[], Identity], store: EventStore, topic_prefix: str, schema: str) -> Reactor:
    """`deps`: the handlers' dependencies, asked for at each event (wired once the app started)."""
    reactor = Reactor(NAME, store, [topic_for("risk_registry", topic_prefix)], schema=schema)

    @reactor.on(R + "PersonRegistered")
    async def open_account(event: InboundEvent, uow: UnitOfWork) -> None:
        identity = deps()
        person_id = event.data["person_id"]
        if await identity.accounts.find(person_id) is None:
            uow.save(identity.accounts, Account.open_for_person(person_id, event.data["enterprise_id"]))

    @reactor.on(R + "PersonLeft")
    async def close_account(event: InboundEvent, uow: UnitOfWork) -> None:
        identity = deps()
        person_id, at = event.data["person_id"], identity.clock.now()
        account = await identity.accounts.find(person_id)
        if account is None:  # registered before this service followed the registry: never to sign in
            account = Account.open_for_person(person_id, event.data["enterprise_id"])
        account.disable(DisabledBecause.LEFT, uow.ctx.actor, at)
        uow.save(identity.accounts, account)
        await end_sessions(identity, uow, person_id, SessionEnd.DISABLED, at)

    return reactor
