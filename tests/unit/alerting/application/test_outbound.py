"""The outbound channels on fakes: one delivery per alert, level and target (never one per tick);
quiet hours hold back a non-urgent robot message and never an urgent one nor a webhook; a
transient failure retries at the policy's time, then dead-letters, and a replay is a new attempt;
a failing channel blocks neither the ladder nor another channel; no secret is ever in an event."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet

from libs.aggregate import DomainConflict, DomainError
from libs.clock import FixedClock
from libs.errors import NotFound
from libs.repository import CommandContext
from services.alerting import bootstrap
from services.alerting.application import channel_config as cc
from services.alerting.application import commands as c
from services.alerting.application import handlers as h
from services.alerting.application.handlers import Alerting
from services.alerting.application.ports import CauseFacts
from services.alerting.application.sealing import Sealer
from services.alerting.channels.domain.delivery import ChannelKind, OutcomeKind
from services.alerting.channels.domain.retry import RetryPolicy
from services.alerting.channels.fake import FakeChannel
from services.alerting.channels.port import OpenTarget
from services.alerting.projections.memory import InMemoryFacts
from tests.unit.alerting.application.flows import EID, HZ, T0, H, event, fire, missed, plant, react, types

ADMIN = CommandContext("p-admin", EID, "c-admin", frozenset({"enterprise_admin"}))
TOKEN, SECRET, HOOK_SECRET = "tok-7c1d9e0b55aa", "SECd41f8a7b2c9e0011", "whsec-5be3f00a9d12"
POLICY = RetryPolicy(max_attempts=3, first_delay=timedelta(minutes=1), multiplier=2, max_delay=timedelta(hours=1),
                     jitter=0.0)


class Fakes:
    def __init__(self, **outcomes: tuple[OutcomeKind, ...]) -> None:
        self.by_kind = {kind: FakeChannel(kind, *outcomes.get(kind.value, ())) for kind in ChannelKind}
        self.opened: list[OpenTarget] = []

    def __call__(self, target: OpenTarget) -> FakeChannel:
        self.opened.append(target)
        return self.by_kind[target.channel]

    def sent(self, kind: str) -> list[tuple[str, int, int]]:
        return [(d.recipient, d.level, d.attempt) for d in self.by_kind[ChannelKind(kind)].sent]


def wired(fakes: Fakes, facts: InMemoryFacts | None = None) -> Alerting:
    outward = bootstrap.Outward(fakes, Sealer(Fernet.generate_key().decode()), POLICY, "https://sk.plant.cn")
    return bootstrap.in_memory(clock=FixedClock(T0), directory=plant(), facts=facts, outward=outward)


def robot(**extra) -> dict:
    return {"name": "一车间群", "channel": "dingtalk", "url": f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}",
            "secret": SECRET, **extra}


def hook(**extra) -> dict:
    return {"name": "ehs", "channel": "webhook", "url": "https://ehs.example.cn/hooks", "secret": HOOK_SECRET, **extra}


async def configure(w: Alerting, *targets: dict, quiet: dict | None = None) -> None:
    cmd = cc.ConfigureChannels(targets=list(targets), quiet_hours=quiet).for_(EID)
    await cc.configure(cmd, w.outbound, ADMIN)


async def data_of(w: Alerting, kind: str) -> list[dict]:
    return [r.data for r in await w.store.read_all() if r.type.endswith("." + kind)]


async def test_each_target_gets_one_delivery_per_level_never_one_per_tick():
    fakes = Fakes()
    w = wired(fakes)
    await configure(w, robot(), hook(levels=["team"]), hook(name="隐患平台", cause_types=["hazard"]))
    await react(w, missed())
    await fire(w)
    assert fakes.sent("dingtalk") == [("group:一车间群", 2, 1)]
    assert fakes.sent("webhook") == [("webhook:ehs", 2, 1)]
    for _ in range(3):  # ticks in between tell nobody again
        w.clock.advance(H)
        await fire(w)
    w.clock.advance(21 * H)
    await fire(w)
    await fire(w)
    assert fakes.sent("dingtalk") == [("group:一车间群", 2, 1), ("group:一车间群", 3, 1)]
    assert len(fakes.sent("webhook")) == 1, "one webhook asked for the team level only, the other for hazards"
    attempts = await data_of(w, "DeliveryAttempted")
    assert sorted((a["channel"], a["outcome"], a["attempt"]) for a in attempts) == [
        ("dingtalk", "ok", 1), ("dingtalk", "ok", 1), ("webhook", "ok", 1)]
    assert all(len(a["digest"]) == 64 for a in attempts)
    assert (await types(w)).count("NotificationAttempted") == 2, "the inbox is told as before"


async def test_quiet_hours_hold_a_normal_robot_message_but_not_the_webhook():
    fakes = Fakes()
    w = wired(fakes)
    await configure(w, robot(), hook(), quiet={"start": "09:00", "end": "12:00"})  # T0 is 10:00 in Beijing
    await react(w, missed())
    await fire(w)
    assert fakes.sent("dingtalk") == [] and len(fakes.sent("webhook")) == 1
    w.clock.advance(H + timedelta(minutes=59))
    await fire(w)
    assert fakes.sent("dingtalk") == []
    w.clock.advance(timedelta(minutes=1))  # 12:00: the window ends
    await fire(w)
    assert fakes.sent("dingtalk") == [("group:一车间群", 2, 1)]


async def test_quiet_hours_never_hold_the_overdue_of_a_major_hazard():
    fakes = Fakes()
    facts = InMemoryFacts({("hazard", "hz-1"): CauseFacts(title="储罐区泄漏", person_ids=["p-worker"],
                                                          department_id="d-1", major=True)})
    w = wired(fakes, facts)
    await configure(w, robot(), hook(name="隐患平台", cause_types=["hazard"]), quiet={"start": "09:00", "end": "12:00"})
    await react(w, event(HZ + "RectificationOverdue", hazard_id="hz-1", deadline="2026-12-02", at=T0.isoformat()))
    await fire(w)
    assert fakes.sent("dingtalk") == [("group:一车间群", 2, 1)]
    assert fakes.sent("webhook") == [("webhook:隐患平台", 2, 1)], "a subscription to hazards gets this one"
    due, _ = await data_of(w, "DeliveryDue")
    assert due["urgent"] is True and due["send_at"] == due["at"]


async def test_a_message_held_back_while_the_alert_was_handled_is_withdrawn():
    fakes = Fakes()
    w = wired(fakes)
    await configure(w, robot(), quiet={"start": "09:00", "end": "12:00"})
    await react(w, missed())
    [alert] = await data_of(w, "AlertRaised")
    await h.acknowledge(c.Acknowledge(note="已补查").for_(EID, alert["alert_id"]), w,
                        CommandContext("p-leader", EID, "c-2", frozenset({"team_leader"})))
    w.clock.advance(3 * H)
    await fire(w)
    assert fakes.sent("dingtalk") == []
    assert (await types(w))[-1] == "DeliveryWithdrawn"


async def test_transient_failures_retry_on_the_policy_then_dead_letter_and_a_replay_is_a_new_attempt():
    fakes = Fakes(dingtalk=(OutcomeKind.TRANSIENT,) * 3)
    w = wired(fakes)
    await configure(w, robot(), hook())
    await react(w, missed())
    await fire(w)
    assert len(fakes.sent("dingtalk")) == 1 and len(fakes.sent("webhook")) == 1, "one failing channel blocks no other"
    w.clock.advance(timedelta(seconds=59))
    await fire(w)
    assert len(fakes.sent("dingtalk")) == 1, "not before the policy's first delay"
    w.clock.advance(timedelta(seconds=1))
    await fire(w)
    w.clock.advance(timedelta(minutes=2))
    await fire(w)
    assert [a for _, _, a in fakes.sent("dingtalk")] == [1, 2, 3]
    [dead] = await data_of(w, "DeliveryDeadLettered")
    assert dead["attempts"] == 3 and "3 次" in dead["reason"]
    w.clock.advance(10 * H)
    await fire(w)
    assert len(fakes.sent("dingtalk")) == 3, "a dead letter goes out again only by a replay"

    await w.outbound.replay(w.store, EID, dead["delivery_id"], ADMIN)
    with pytest.raises(DomainConflict):  # already on its way again
        await w.outbound.replay(w.store, EID, dead["delivery_id"], ADMIN)
    await fire(w)
    assert [a for _, _, a in fakes.sent("dingtalk")] == [1, 2, 3, 4]
    attempts = [a for a in await data_of(w, "DeliveryAttempted") if a["channel"] == "dingtalk"]
    assert [(a["attempt"], a["outcome"]) for a in attempts] == [(1, "transient"), (2, "transient"),
                                                                (3, "transient"), (4, "ok")]
    assert attempts[0]["retry_at"] is not None and attempts[2]["retry_at"] is None
    with pytest.raises(NotFound):
        await w.outbound.replay(w.store, "ent-other", dead["delivery_id"], ADMIN)


async def test_a_channel_that_raises_blocks_neither_the_ladder_nor_the_other_channels():
    fakes = Fakes()

    async def broken(_delivery):
        raise RuntimeError("boom")

    fakes.by_kind[ChannelKind.DINGTALK].send = broken  # type: ignore[method-assign]
    w = wired(fakes)
    await configure(w, robot(), hook())
    await react(w, missed())
    await fire(w)
    assert len(fakes.sent("webhook")) == 1
    [failed] = [a for a in await data_of(w, "DeliveryAttempted") if a["channel"] == "dingtalk"]
    assert (failed["outcome"], failed["code"]) == ("transient", "adapter_error")
    w.clock.advance(24 * H)
    await fire(w)
    assert [e["reached"] for e in await data_of(w, "AlertEscalated")] == ["team", "department"]


async def test_secrets_are_sealed_never_in_an_event_and_shown_only_as_set_with_a_hint():
    fakes = Fakes()
    w = wired(fakes)
    await configure(w, robot(), hook(), {"name": "安全部邮件", "channel": "email", "addresses": ["aq@plant.cn"]})
    await react(w, missed())
    await fire(w)
    logged = json.dumps([r.data for r in await w.store.read_all()], ensure_ascii=False)
    for secret in (TOKEN, SECRET, HOOK_SECRET):
        assert secret not in logged
    assert {t.secret for t in fakes.opened if t.secret} == {SECRET, HOOK_SECRET}, "opened for the send only"
    assert any(TOKEN in (t.url or "") for t in fakes.opened)
    book = await w.outbound.books.get(EID)
    shown = cc.shown(book)
    assert TOKEN not in json.dumps(shown) and SECRET not in json.dumps(shown)
    [ding, _, mail] = shown["targets"]
    assert (ding["url_set"], ding["secret_set"], ding["secret_hint"]) == (True, True, "…0011")
    assert ding["url_hint"] == "https://oapi.dingtalk.com/…"
    assert (mail["secret_set"], mail["addresses"]) == (False, ["aq@plant.cn"])
    assert fakes.sent("email") == [("aq@plant.cn", 2, 1)]

    # A PUT without the secret keeps the sealed one; the levels change.
    await configure(w, {"name": "一车间群", "channel": "dingtalk", "levels": ["principal"]})
    again = (await w.outbound.books.get(EID)).target("一车间群")
    assert again is not None and again.sealed_secret == book.target("一车间群").sealed_secret  # type: ignore[union-attr]


async def test_no_secrets_key_no_secret_taken_and_a_bad_target_names_its_field():
    w = bootstrap.in_memory(clock=FixedClock(T0), directory=plant())
    with pytest.raises(DomainError) as no_key:
        await configure(w, robot())
    assert no_key.value.field == "targets[0].url"
    w = wired(Fakes())
    with pytest.raises(DomainError) as no_secret:
        await configure(w, hook(secret=None))
    assert no_secret.value.field == "targets[0].secret"
    with pytest.raises(DomainError) as twice:
        await configure(w, robot(), robot())
    assert twice.value.field == "targets.name"
    assert await types(w) == []
