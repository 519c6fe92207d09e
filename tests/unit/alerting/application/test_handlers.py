"""The command handlers on fakes: who may 处置 and 销警, the inbox's read mark, and an enterprise's own
policy applying to alerts raised after it (an alert raised before keeps its ladder)."""

from __future__ import annotations

import pytest

from libs.errors import Forbidden, NotFound
from libs.repository import CommandContext
from services.alerting.application import commands as c
from services.alerting.application import handlers as h
from services.alerting.domain.codes import Level
from services.alerting.domain.policy import Ladder, Rung
from tests.unit.alerting.application.flows import EID, H, fire, missed, react, told, wired


def ctx(person: str, *roles: str) -> CommandContext:
    return CommandContext(person, EID, f"corr-{person}", frozenset(roles))


async def an_alert(w) -> str:
    await react(w, missed())
    return (await w.store.read_all())[0].stream_id.removeprefix("alert-")


async def test_a_stranger_may_not_acknowledge_the_person_told_and_an_officer_may():
    w = wired()
    alert_id = await an_alert(w)
    with pytest.raises(Forbidden):
        await h.acknowledge(c.Acknowledge(note="看过了").for_(EID, alert_id), w, ctx("p-worker-2", "worker"))
    await h.acknowledge(c.Acknowledge(note="已安排补查").for_(EID, alert_id), w, ctx("p-leader", "team_leader"))
    assert (await w.alerts.get(alert_id)).state == "acknowledged"
    assert await w.escalation.book.pending() == []  # the ladder stops: its next rung is cancelled


async def test_only_the_entitled_clear():
    w = wired()
    alert_id = await an_alert(w)
    await h.acknowledge(c.Acknowledge(note="已安排补查").for_(EID, alert_id), w, ctx("p-officer", "safety_officer"))
    with pytest.raises(Forbidden):
        await h.clear(c.Clear(reason="已补查").for_(EID, alert_id), w, ctx("p-leader", "team_leader"))
    await h.clear(c.Clear(reason="已补查").for_(EID, alert_id), w, ctx("p-officer", "safety_officer"))
    assert (await w.alerts.get(alert_id)).state == "cleared"


async def test_another_enterprise_finds_no_alert_and_a_stranger_no_inbox_entry():
    w = wired()
    alert_id = await an_alert(w)
    with pytest.raises(NotFound):
        await h.acknowledge(c.Acknowledge(note="x").for_("ent-2", alert_id), w, ctx("p-officer", "safety_officer"))
    with pytest.raises(NotFound):
        await h.mark_read(EID, alert_id, w, ctx("p-worker", "worker"))
    await h.mark_read(EID, alert_id, w, ctx("p-leader", "team_leader"))
    assert "p-leader" in (await w.alerts.get(alert_id)).readers


async def test_an_enterprise_policy_applies_to_alerts_raised_after_it():
    w = wired()
    await react(w, missed("occ-before"))
    quick = Ladder(rungs=[Rung(level=Level.TEAM, grace_h=1), Rung(level=Level.PRINCIPAL)])
    await h.set_policy(c.SetPolicy(imminent=quick, overdue=quick).for_(EID), w, ctx("p-officer", "safety_officer"))
    assert (await h.policy(EID, w))[1] == "p-officer"
    await react(w, missed("occ-after"))
    w.clock.advance(H)
    assert await fire(w) == 1  # the new alert's principal rung; the old one waits for its +24 h
    assert (await told(w))[-1] == ("principal", "p-boss")
    w.clock.advance(23 * H)
    assert await fire(w) == 1
    assert (await told(w))[-1] == ("department", "p-head")
