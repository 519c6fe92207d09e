"""The live inbox's text on a fake feed and a test-driven clock: the retry hint, the head's unread
count for a fresh connection, only what changed after a reconnecting cursor, heartbeats when idle,
and an end at the lifetime or at shutdown."""

from __future__ import annotations

import pytest

from services.alerting.application.inbox_stream import (
    Changes,
    InboxCursor,
    InvalidCursor,
    StreamSettings,
    inbox_stream,
)


class FakeFeed:
    def __init__(self) -> None:
        self.rows: list[tuple[InboxCursor, dict]] = []

    def tell(self, tx: int, alert_id: str, read: bool = False) -> None:
        self.rows = [(c, r) for c, r in self.rows if r["id"] != alert_id]
        self.rows.append((InboxCursor(tx, tx), {"id": alert_id, "read": read}))

    async def head(self, enterprise_id, person_id) -> InboxCursor:
        return max((c for c, _ in self.rows), default=InboxCursor(0, 0))

    async def unread(self, enterprise_id, person_id) -> int:
        return sum(1 for _, r in self.rows if not r["read"])

    async def changes(self, enterprise_id, person_id, after, limit) -> Changes:
        found = sorted(((c, r) for c, r in self.rows if c > after), key=lambda cr: cr[0])[:limit]
        if not found:
            return Changes([], after, None)
        return Changes([r for _, r in found], found[-1][0], await self.unread(enterprise_id, person_id))


class Driven:
    """The clock and the pauses: each pause advances the clock by its length and may run a step."""

    def __init__(self) -> None:
        self.t = 0.0
        self.steps: list = []
        self.closing_after: int | None = None
        self.pauses = 0

    def now(self) -> float:
        return self.t

    async def pause(self, seconds: float) -> bool:
        self.pauses += 1
        self.t += seconds
        if self.steps:
            self.steps.pop(0)()
        return self.closing_after is not None and self.pauses >= self.closing_after


SETTINGS = StreamSettings(poll_s=2, heartbeat_s=5, lifetime_s=30, retry_ms=3000, batch=2)


async def collect(feed, after, driven, settings=SETTINGS) -> list[str]:
    return [chunk async for chunk in inbox_stream(feed, "e1", "p1", after, settings, driven.pause, driven.now,
                                                  lambda r: r)]


def events(chunks: list[str]) -> list[str]:
    return [c for c in chunks if c.startswith("event:")]


async def test_a_fresh_connection_gets_the_unread_count_then_each_change_as_it_comes():
    feed, driven = FakeFeed(), Driven()
    feed.tell(1, "a1")
    driven.steps = [lambda: feed.tell(7, "a2")]
    driven.closing_after = 3
    chunks = await collect(feed, None, driven)
    assert chunks[0] == "retry: 3000\n\n"
    first, second = events(chunks)
    assert first == 'event: inbox\nid: 1-1\ndata: {"items":[],"unread":1}\n\n'
    assert second == 'event: inbox\nid: 7-7\ndata: {"items":[{"id":"a2","read":false}],"unread":2}\n\n'


async def test_a_reconnection_gets_only_what_it_missed_in_pages_without_pausing():
    feed, driven = FakeFeed(), Driven()
    for tx, alert in ((1, "a1"), (2, "a2"), (3, "a3"), (4, "a4"), (5, "a5")):
        feed.tell(tx, alert)
    driven.closing_after = 1
    chunks = await collect(feed, InboxCursor(2, 2), driven)
    ids = [line for c in events(chunks) for line in c.splitlines() if line.startswith("id:")]
    assert ids == ["id: 4-4", "id: 5-5"]  # a full page of two (a3, a4), then a5: nothing before the cursor
    assert '"a1"' not in "".join(chunks) and '"a2"' not in "".join(chunks)
    assert driven.pauses == 1


async def test_a_read_elsewhere_is_sent_with_the_new_count():
    feed, driven = FakeFeed(), Driven()
    feed.tell(1, "a1")
    driven.steps = [lambda: feed.tell(2, "a1", read=True)]
    driven.closing_after = 2
    chunks = await collect(feed, InboxCursor(1, 1), driven)
    [change] = events(chunks)
    assert '"read":true' in change and '"unread":0' in change


async def test_an_idle_stream_sends_heartbeats_and_ends_at_its_lifetime():
    feed, driven = FakeFeed(), Driven()
    chunks = await collect(feed, InboxCursor(0, 0), driven)
    assert events(chunks) == []
    # 30 s of 2 s polls; a heartbeat once 5 s passed without a write: at 6, 12, 18, 24 and 30 s, then the end
    assert chunks.count(": heartbeat\n\n") == 5
    assert driven.t == 30


async def test_shutdown_ends_the_stream_at_its_next_wait():
    feed, driven = FakeFeed(), Driven()
    driven.closing_after = 1
    chunks = await collect(feed, None, driven)
    assert chunks == ["retry: 3000\n\n", 'event: inbox\nid: 0-0\ndata: {"items":[],"unread":0}\n\n']


@pytest.mark.parametrize("text", ["", "abc", "1-", "-1", "1-2-3", "１-2", "1" * 20 + "-1"])
def test_a_cursor_that_is_not_ours_is_refused_naming_the_field(text):
    with pytest.raises(InvalidCursor) as refused:
        InboxCursor.parse(text)
    assert refused.value.field == "Last-Event-ID" and "Last-Event-ID" in refused.value.message


def test_a_cursor_reads_back_as_it_was_written():
    assert InboxCursor.parse(str(InboxCursor(123, 45))) == InboxCursor(123, 45)
    assert InboxCursor(2, 1) > InboxCursor(1, 99)
