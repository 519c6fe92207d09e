"""An alerting service on the session's PostgreSQL and broker, the clock driven by the test: the
directory fed into its replica by the replica's own declaration, source events published on the real
topics as inspection and hazard governance publish them (CloudEvents on Kafka)."""

from __future__ import annotations

import itertools
import time
import uuid
from datetime import UTC, datetime, timedelta

from libs.cloudevent import InboundEvent, to_kafka, topic_for
from libs.events import RecordedEvent
from libs.kafka import producer, publish
from services.alerting.projections.replica import SCHEMA, alerting_replica
from tests.integration.service_client import token

T0 = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
H = timedelta(hours=1)
EID = "ent-al-1"
_VERSIONS = itertools.count(int(time.time()) % 1_000_000_000)
LEADER, HEAD, BOSS, WORKER, OFFICER = "p-leader", "p-head", "p-boss", "p-worker", "p-officer"


class Site:
    def __init__(self, client, settings, clock, app):
        self.client, self.settings, self.clock, self.app = client, settings, clock, app

    def who(self, person: str, *roles: str) -> dict:
        return token(self.settings, EID, *roles, person=person)

    async def feed(self, event_type: str, **data) -> None:
        """One fact of another service into the replica, as its consumer applies it."""
        event = InboundEvent(uuid.uuid4(), event_type, "test", "", datetime.now(UTC), 1, next(_VERSIONS), EID,
                             "test", None, None, None, {"enterprise_id": EID, **data})
        async with self.app.state.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT set_config('search_path', $1, true)", f'"{SCHEMA}", public')
            await alerting_replica(self.settings).apply(conn, event)

    async def plant(self) -> None:
        """A department, a team under it, posts; a team leader, a department head, a principal."""
        r = "shuangkong.risk_registry."
        for unit_id, kind, parent in (("d-1", "department", None), ("t-1", "team", "d-1"), ("post-1", "post", "t-1"),
                                      ("post-lead", "post", "t-1"), ("post-head", "post", "d-1"),
                                      ("post-boss", "post", None)):
            await self.feed(r + "OrgUnitCreated", unit_id=unit_id, kind=kind, name=unit_id, parent_id=parent)
        for person, post, role in ((WORKER, "post-1", "worker"), (LEADER, "post-lead", "team_leader"),
                                   (HEAD, "post-head", "department_head"), (BOSS, "post-boss", "principal")):
            await self.feed(r + "PersonRegistered", person_id=person, name=person, mobile="13800000000",
                            post_id=post, roles=[role])

    async def publish(self, service: str, event_type: str, stream_id: str, event_id: uuid.UUID | None = None,
                      **data) -> uuid.UUID:
        event = RecordedEvent(
            event_id=event_id or uuid.uuid4(), stream_id=stream_id, version=next(_VERSIONS), position=0, tx_id=0,
            type=f"shuangkong.{service}.{event_type}", schema_version=1, data={"enterprise_id": EID, **data},
            metadata={"enterprise_id": EID, "actor": "system:test", "correlation_id": "corr-al"},
            recorded_at=datetime.now(UTC))
        kafka = producer(self.settings, self.settings.kafka_bootstrap)
        await kafka.start()
        try:
            await publish(kafka, topic_for(service, self.settings.topic_prefix),
                          [to_kafka(event, f"/shuangkong/{service}")])
        finally:
            await kafka.stop()
        return event.event_id

    async def missed(self, occurrence_id: str, window_end: datetime = T0, event_id: uuid.UUID | None = None):
        return await self.publish("inspection", "OccurrenceMissed", f"occurrence-{occurrence_id}", event_id,
                                  occurrence_id=occurrence_id, task_id="task-1",
                                  window_start=(window_end - 8 * H).isoformat(), window_end=window_end.isoformat(),
                                  planned_on_assumed_calendar=False, post_ids=["post-1"], person_ids=[],
                                  never_issued=False, at=window_end.isoformat())

    async def inbox(self, person: str, role: str, **params) -> dict:
        r = await self.client.get(f"/enterprises/{EID}/inbox", headers=self.who(person, role), params=params)
        assert r.status_code == 200, r.text
        return r.json()

    async def events(self) -> list[dict]:
        rows = await self.app.state.pool.fetch("SELECT stream_id, type, data FROM alerting.events ORDER BY position")
        return [dict(r) for r in rows]

    async def reacted(self, event_id: uuid.UUID) -> bool:
        return bool(await self.app.state.pool.fetchval("SELECT count(*) FROM alerting.inbox WHERE event_id = $1",
                                                       event_id))
