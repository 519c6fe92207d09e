"""The live inbox on the real PostgreSQL and broker, served by uvicorn (the in-process ASGI client
buffers a whole answer, a stream never ends): a phone connected as the team leader gets the unread
count, then an `inbox` event when an OccurrenceMissed is published; disconnected, it misses a second
one; reconnecting with Last-Event-ID it gets that one only. A cursor that is not ours is a 422."""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager

import httpx

from services.alerting.application.inbox_stream import StreamSettings
from tests.integration.alerting.alerting_site import EID, LEADER
from tests.integration.alerting.channels.receivers import serving
from tests.integration.service_client import until

SAFETY_S = 20.0  # a bound against a hang, never a measured time


class Phone:
    def __init__(self, response: httpx.Response) -> None:
        self.lines = response.aiter_lines()

    async def next_event(self) -> tuple[str, dict]:
        """The next `event: inbox` (its id and data), skipping the retry hint and heartbeats."""
        async def read() -> tuple[str, dict]:
            event, event_id = None, None
            async for line in self.lines:
                if line.startswith("event: "):
                    event = line[len("event: "):]
                elif line.startswith("id: "):
                    event_id = line[len("id: "):]
                elif line.startswith("data: ") and event == "inbox":
                    assert event_id is not None
                    return event_id, json.loads(line[len("data: "):])
            raise AssertionError("the stream ended")

        return await asyncio.wait_for(read(), SAFETY_S)


@asynccontextmanager
async def phone(url: str, headers: dict, last_event_id: str | None = None):
    sent = {**headers, **({"Last-Event-ID": last_event_id} if last_event_id else {})}
    async with httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(SAFETY_S)) as client, \
            client.stream("GET", f"/enterprises/{EID}/inbox/stream", headers=sent) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        yield Phone(response)


async def test_a_phone_gets_a_miss_live_and_after_reconnecting_only_what_it_missed(site):
    site.app.state.inbox_stream_settings = StreamSettings(poll_s=0.1, heartbeat_s=1.0, lifetime_s=60.0)
    leader = site.who(LEADER, "team_leader")
    async with serving(site.app) as url:
        async with phone(url, leader) as first:
            head_id, head = await first.next_event()
            assert head == {"items": [], "unread": 0}
            await site.missed("occ-live-1")
            seen_id, seen = await first.next_event()
            [item] = seen["items"]
            assert (item["cause_id"], item["stage"], item["read_at"]) == ("occ-live-1", "overdue", None)
            assert seen["unread"] == 1 and seen_id != head_id
        # offline: a second miss is told meanwhile
        await site.missed("occ-live-2")
        await until(lambda: _told(site, "occ-live-2"))
        async with phone(url, leader, last_event_id=seen_id) as again:
            _, missed = await again.next_event()
            assert [i["cause_id"] for i in missed["items"]] == ["occ-live-2"]
            assert missed["unread"] == 2
        site.app.state.inbox_streams.close()  # what shutdown does: the open streams end


async def _told(site, cause_id: str) -> bool:
    items = (await site.inbox(LEADER, "team_leader"))["items"]
    return any(i["cause_id"] == cause_id for i in items)


async def test_a_cursor_that_is_not_ours_is_a_422_naming_the_header(site):
    r = await site.client.get(f"/enterprises/{EID}/inbox/stream",
                              headers={**site.who(LEADER, "team_leader"), "Last-Event-ID": "yesterday"})
    assert r.status_code == 422
    assert r.json()["field"] == "Last-Event-ID" and "Last-Event-ID" in r.json()["message"]
    r = await site.client.get(f"/enterprises/{EID}/inbox/stream", params={"after": "1-x"},
                              headers=site.who(LEADER, "team_leader"))
    assert r.status_code == 422 and r.json()["field"] == "after"
    assert (await site.client.get(f"/enterprises/{EID}/inbox/stream")).status_code == 401
