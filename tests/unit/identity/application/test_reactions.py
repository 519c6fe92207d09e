"""The reactor on the directory's events, on fakes (the in-memory store, no broker): a registered
person gets an account with no password; a person who leaves has it disabled and every session
revoked, in one unit of work; the events say they were caused by the directory's."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from libs.cloudevent import InboundEvent
from services.identity.application.reactions import account_reactor
from services.identity.domain.codes import AccountState, DisabledBecause, SessionEnd
from tests.unit.identity.application.flows import person_with_password, sign_in, wired

R = "shuangkong.risk_registry."


def directory_event(event_name: str, version: int, **data) -> InboundEvent:
    return InboundEvent(event_id=uuid.uuid4(), type=R + event_name, source="/shuangkong/risk_registry",
                        subject="person-p-9", time=datetime.now(UTC), schema_version=1, stream_version=version,
                        enterprise_id="ent-1", actor="officer-1", correlation_id="corr-dir", causation_id=None,
                        traceparent=None, data={"person_id": "p-9", "enterprise_id": "ent-1", **data})


async def test_a_registered_person_gets_an_account_once_and_a_leaver_loses_it_with_every_session():
    w = wired()
    reactor = account_reactor(lambda: w.identity, w.identity.store, "", "identity")
    registered = directory_event("PersonRegistered", 1, name="赵六", mobile="13900000099", post_id=None,
                                 roles=["worker"])
    await reactor.apply(None, registered)
    await reactor.apply(None, registered)  # the consumer's inbox would stop this; the reaction is safe too
    account = await w.identity.accounts.get("p-9")
    assert (account.version, account.state(w.identity.clock.now())) == (1, AccountState.NO_PASSWORD)

    await person_with_password(w, "p-9", mobile="13900000099", roles=("worker",), opened=True)
    phone = await sign_in(w, mobile="13900000099")
    left = directory_event("PersonLeft", 5, reason="离职")
    await reactor.apply(None, left)
    account = await w.identity.accounts.get("p-9")
    assert account.disabled is DisabledBecause.LEFT
    assert (await w.identity.sessions.get(phone.session_id)).ended is SessionEnd.DISABLED
    caused = [e for e in await w.identity.store.read_all() if e.metadata.get("causation_id") == str(left.event_id)]
    assert sorted(e.type.rsplit(".", 1)[1] for e in caused) == ["AccountDisabled", "SessionRevoked"]
    assert {e.metadata["actor"] for e in caused} == {"system:identity-accounts"}


async def test_a_leaver_the_service_never_saw_registered_is_disabled_all_the_same():
    w = wired()
    reactor = account_reactor(lambda: w.identity, w.identity.store, "", "identity")
    await reactor.apply(None, directory_event("PersonLeft", 3, reason="离职"))
    assert (await w.identity.accounts.get("p-9")).disabled is DisabledBecause.LEFT
