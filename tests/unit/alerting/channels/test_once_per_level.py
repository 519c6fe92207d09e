"""One message per alert and level, never one per tick; and the router keeps a failing channel
from reaching the caller."""

from __future__ import annotations

from services.alerting.channels.domain.delivery import ChannelKind, Delivery, OutcomeKind
from services.alerting.channels.domain.once_per_level import (
    Attempt,
    DeliveryKey,
    delivered,
    first_send_due,
    next_attempt_number,
)
from services.alerting.channels.fake import FakeChannel
from services.alerting.channels.port import Channels

KEY = DeliveryKey("a-1", 2, ChannelKind.DINGTALK, "group:一车间")


def test_due_only_before_anything_is_recorded_for_the_key():
    assert first_send_due(KEY, [])
    for outcome in OutcomeKind:  # sent, retry pending, or dead: a tick never sends again
        assert not first_send_due(KEY, [Attempt(KEY, 1, outcome)])


def test_another_level_channel_or_recipient_is_another_message():
    recorded = [Attempt(KEY, 1, OutcomeKind.OK)]
    for other in (DeliveryKey("a-1", 3, ChannelKind.DINGTALK, "group:一车间"),
                  DeliveryKey("a-1", 2, ChannelKind.EMAIL, "group:一车间"),
                  DeliveryKey("a-1", 2, ChannelKind.DINGTALK, "p-9"),
                  DeliveryKey("a-2", 2, ChannelKind.DINGTALK, "group:一车间")):
        assert first_send_due(other, recorded)
        assert other.delivery_id != KEY.delivery_id


def test_attempt_numbers_and_delivered():
    recorded = [Attempt(KEY, 1, OutcomeKind.TRANSIENT), Attempt(KEY, 2, OutcomeKind.TRANSIENT)]
    assert next_attempt_number(KEY, recorded) == 3
    assert not delivered(KEY, recorded)
    assert delivered(KEY, [*recorded, Attempt(KEY, 3, OutcomeKind.OK)])
    assert next_attempt_number(KEY, []) == 1


def _delivery(channel: ChannelKind) -> Delivery:
    return Delivery("d-1", channel, "p-1", "t", "主题", "正文")


class _Broken:
    kind = ChannelKind.WECOM

    async def send(self, delivery):
        raise RuntimeError("a bug")


async def test_the_router_answers_for_a_broken_or_missing_channel_and_routes_the_rest():
    fake = FakeChannel(ChannelKind.DINGTALK, OutcomeKind.TRANSIENT)
    channels = Channels([fake, _Broken()])
    broken = await channels.send(_delivery(ChannelKind.WECOM))
    assert (broken.kind, broken.code) == (OutcomeKind.TRANSIENT, "adapter_error")
    missing = await channels.send(_delivery(ChannelKind.EMAIL))
    assert (missing.kind, missing.code) == (OutcomeKind.PERMANENT, "channel_not_configured")
    assert "电子邮件" in missing.message
    assert (await channels.send(_delivery(ChannelKind.DINGTALK))).kind is OutcomeKind.TRANSIENT
    assert (await channels.send(_delivery(ChannelKind.DINGTALK))).ok
    assert len(fake.sent) == 2
