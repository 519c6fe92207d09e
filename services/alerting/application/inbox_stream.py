"""The live inbox (issue 14, "Channels": the in-app inbox streams to the phone as Server-Sent Events).

Polls the inbox read model by cursor rather than LISTEN/NOTIFY: the inline projection writes the
rows in the append's transaction, and the store's gap-safe order (tx_id, position) is already the
cursor a reconnecting phone sends back as `Last-Event-ID`; LISTEN would need a dedicated connection
per process and a fan-out, and a notification still has to be followed by this same read. Each
open stream costs one indexed range scan per poll interval (nothing found when nothing changed)
and no connection between polls. Heartbeat comments keep proxies from closing an idle stream; a
stream ends after its lifetime (the phone reconnects after `retry`, losing nothing) or when the
service closes it at shutdown (decisions: 67)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson

from libs.errors import AppError

_CURSOR = re.compile(r"^([0-9]{1,18})-([0-9]{1,18})$")  # ASCII digits, within bigint


class InvalidCursor(AppError):
    status, code = 422, "invalid_input"


@dataclass(frozen=True, order=True)
class InboxCursor:
    tx_id: int
    position: int

    def __str__(self) -> str:
        return f"{self.tx_id}-{self.position}"

    @classmethod
    def parse(cls, text: str, field_name: str = "Last-Event-ID") -> InboxCursor:
        match = _CURSOR.match(text.strip())
        if match is None:
            raise InvalidCursor(f"{field_name} 须为收件箱事件的编号 (形如 123-45)", field=field_name)
        return cls(int(match[1]), int(match[2]))


@dataclass
class Changes:
    items: list[dict[str, Any]]
    cursor: InboxCursor
    unread: int | None  # counted when something changed


class InboxFeed(Protocol):
    async def head(self, enterprise_id: str, person_id: str) -> InboxCursor: ...

    async def unread(self, enterprise_id: str, person_id: str) -> int: ...

    async def changes(self, enterprise_id: str, person_id: str, after: InboxCursor, limit: int) -> Changes: ...


@dataclass(frozen=True)
class StreamSettings:
    poll_s: float = 2.0
    heartbeat_s: float = 15.0
    lifetime_s: float = 300.0
    retry_ms: int = 3000
    batch: int = 50


def frame(event: str, event_id: str, data: Any) -> str:
    """One SSE event; the JSON has no newline, so it is one `data:` line."""
    return f"event: {event}\nid: {event_id}\ndata: {orjson.dumps(data).decode()}\n\n"


@dataclass
class Streams:
    """The open streams of this process; `close()` at shutdown ends every one at its next wait."""

    closing: asyncio.Event = field(default_factory=asyncio.Event)

    async def pause(self, seconds: float) -> bool:
        """Wait up to `seconds`; True when the service is closing."""
        try:
            await asyncio.wait_for(self.closing.wait(), seconds)
        except TimeoutError:
            return False
        return True

    def close(self) -> None:
        self.closing.set()


Item = Callable[[dict[str, Any]], dict[str, Any]]


async def inbox_stream(feed: InboxFeed, enterprise_id: str, person_id: str, after: InboxCursor | None,
                       settings: StreamSettings, pause: Callable[[float], Awaitable[bool]],
                       now: Callable[[], float], item: Item) -> AsyncIterator[str]:
    """The stream's text: the retry hint; then, for a fresh connection, the unread count at the head
    (no history: GET /inbox has it), for a reconnection everything changed since its cursor; then each
    change as it is committed, heartbeats between. `now` is a monotonic clock, `pause` the wait."""
    started = last_write = now()
    yield f"retry: {settings.retry_ms}\n\n"
    if after is None:
        after = await feed.head(enterprise_id, person_id)
        yield frame("inbox", str(after), {"items": [], "unread": await feed.unread(enterprise_id, person_id)})
        last_write = now()
    while True:
        changes = await feed.changes(enterprise_id, person_id, after, settings.batch)
        if changes.items:
            after = changes.cursor
            yield frame("inbox", str(after), {"items": [item(r) for r in changes.items], "unread": changes.unread})
            last_write = now()
            if len(changes.items) >= settings.batch:
                continue  # more waiting: no pause between full pages
        if now() - started >= settings.lifetime_s:
            return
        if await pause(settings.poll_s):
            return
        if now() - last_write >= settings.heartbeat_s:
            yield ": heartbeat\n\n"
            last_write = now()
