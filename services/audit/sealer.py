"""Sealing and publishing the logs: every `seal_interval_s`, each enterprise whose trail grew gets
a new signed tree head, and every head not yet read back from the heads topic is sent to it.

- A seal is one transaction per enterprise under the log's lock (services/audit/tree.py), so two
  replicas never sign two heads of one size. A trail that does not hold together (an entry
  missing, leaves that do not yield the latest head, leaves where no head says they are) is not
  sealed; the others are.
- Publishing is an outbox: a head is stored first, then sent (at least once) until the audit
  projection reads it back from the topic (`audit_heads_on_topic`). A head is never sent before it
  is stored, so the topic never holds a head the log could lose and sign differently.
- Both hold the projection's swap lock in shared mode, as every live apply does: a rebuild's swap
  waits for a seal or a send in flight, and a head that was stored but not sent when the rebuild
  took the lock is simply not in the rebuilt log — never published, it is sealed again after.
- A broker that came back empty (Tansu keeps topics in memory) has a new cluster id: every head
  is sent again, as the event relays re-publish their stores.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from datetime import UTC, datetime

import asyncpg
import orjson
from aiokafka import AIOKafkaProducer
from prometheus_client import Counter

from libs.clock import Clock
from libs.cloudevent import CONTENT_TYPE, SPEC_VERSION, dataschema
from libs.kafka import Message, ensure_topics, publish
from libs.projection import swap_lock_key
from libs.schemas import Statement
from libs.topology import heads_topic
from services.audit import tree
from services.audit.domain.heads import TREE_HEAD_SCHEMA, MissingEntry, Signer, TreeHead
from services.audit.domain.keys import KeyRing

log = logging.getLogger(__name__)

SERVICE = "audit"
HEAD_TYPE = "shuangkong.audit.TreeHeadSigned"
HEAD_VERSION = 1
SOURCE = "/shuangkong/audit"
# Its contract in schemas/ (ServiceSpec.statements): the heads topic is not an event topic.
HEADS = Statement(HEAD_TYPE, HEAD_VERSION, heads_topic(SERVICE), TREE_HEAD_SCHEMA,
                  "A signed tree head of an enterprise's audit log (签名树头)")
_RESEND_AFTER_S = 10.0  # a head sent but not read back by then is sent again

SIGNED = Counter("sk_audit_heads_signed_total", "Tree heads the audit log signed")
REFUSED = Counter("sk_audit_seals_refused_total", "Seals refused because the stored trail does not hold together")
SENT = Counter("sk_audit_heads_sent_total", "Tree heads sent to the heads topic (resends included)")


def head_message(head: TreeHead, keys: KeyRing | None = None) -> Message:
    """A head as a CloudEvent in Kafka binary mode, keyed by its log so one enterprise's heads keep
    their order. Each send has an id of its own: a head sent again must be read back again. A head
    stored without a key_id (the older format) is sent naming the key of `keys` that signed it, or
    naming none — never an empty one."""
    head = keys.named(head) if keys is not None else head
    subject = f"audittree-{head.enterprise_id}"
    attributes = {
        "ce_specversion": SPEC_VERSION, "ce_id": str(uuid.uuid4()), "ce_source": SOURCE, "ce_type": HEAD_TYPE,
        "ce_subject": subject, "ce_time": datetime.fromtimestamp(head.timestamp / 1000, UTC).isoformat(),
        "ce_dataschema": dataschema(HEAD_TYPE, HEAD_VERSION), "content-type": CONTENT_TYPE,
        "ce_streamversion": str(head.tree_size), "ce_enterpriseid": head.enterprise_id,
    }
    return subject.encode(), orjson.dumps(head.to_json()), [(k, v.encode()) for k, v in attributes.items()]


class HeadsPublisher:
    def __init__(self, pool: asyncpg.Pool, producer: AIOKafkaProducer, *, bootstrap: str, topic: str,
                 partitions: int, replication: int, schema: str = "audit", keys: KeyRing | None = None) -> None:
        self._pool, self._producer, self._keys = pool, producer, keys
        self._bootstrap, self._topic, self._partitions, self._replication = bootstrap, topic, partitions, replication
        self._swap_lock = swap_lock_key(schema)
        self._relay = f"audit-heads->{topic}"
        self._sent: dict[tuple[str, int], float] = {}
        self._started = False

    async def close(self) -> None:
        if self._started:
            await self._producer.stop()

    async def publish_pending(self) -> int:
        """Send the heads not yet read back; return how many were sent."""
        if not self._started:  # here, not at start-up: a broker not up yet fails one tick, not the sealer
            await self._producer.start()
            self._started = True
        cluster = await ensure_topics(self._bootstrap, [self._topic], self._partitions, self._replication)
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock_shared($1)", self._swap_lock)
            if not await conn.fetchval("SELECT pg_try_advisory_xact_lock(hashtextextended("
                                       "'shuangkong-audit-heads:' || current_schema(), 0))"):
                return 0  # another replica is sending
            await self._follow(conn, cluster)
            rows = await conn.fetch(
                f"""SELECT {tree.HEAD_COLUMNS} FROM audit_tree_heads h WHERE NOT EXISTS (
                        SELECT 1 FROM audit_heads_on_topic t
                        WHERE t.enterprise_id = h.enterprise_id AND t.tree_size = h.tree_size)
                    ORDER BY enterprise_id, tree_size""")
            now = time.monotonic()
            due = [tree.head_of(r) for r in rows
                   if now - self._sent.get((r["enterprise_id"], r["tree_size"]), -_RESEND_AFTER_S) >= _RESEND_AFTER_S]
            if due:
                await publish(self._producer, self._topic, [head_message(h, self._keys) for h in due])
        for head in due:
            self._sent[(head.enterprise_id, head.tree_size)] = now
        self._sent = {k: v for k, v in self._sent.items() if now - v < 10 * _RESEND_AFTER_S}
        SENT.inc(len(due))
        return len(due)

    async def _follow(self, conn: asyncpg.Connection, cluster: str) -> None:
        """Remember the cluster; one that changed has none of the heads (no checkpoint yet: a new
        log, or a rebuilt one — whose heads came from this cluster's topic)."""
        known = await conn.fetchval("SELECT cluster_id FROM relay_checkpoints WHERE relay = $1", self._relay)
        if known == cluster:
            return
        if known is not None:
            log.warning("the broker cluster changed (%s → %s): sending every tree head again", known, cluster)
            await conn.execute("DELETE FROM audit_heads_on_topic")
            self._sent.clear()
        await conn.execute(
            """INSERT INTO relay_checkpoints (relay, cluster_id, tx_id, position) VALUES ($1, $2, 0, 0)
               ON CONFLICT (relay) DO UPDATE SET cluster_id = $2, updated_at = now()""", self._relay, cluster)


class Sealer:
    def __init__(self, pool: asyncpg.Pool, signer: Signer, clock: Clock, publisher: HeadsPublisher | None,
                 interval_s: float, schema: str = "audit") -> None:
        self._pool, self._signer, self._clock, self._publisher = pool, signer, clock, publisher
        self.interval_s = interval_s
        self._swap_lock = swap_lock_key(schema)
        self._frontiers = tree.Frontiers()

    async def seal_all(self) -> list[TreeHead]:
        """One new head for each enterprise whose trail grew (none for one that does not hold)."""
        async with self._pool.acquire() as conn:
            enterprises = await tree.unsealed_enterprises(conn)
        signed = []
        for enterprise_id in enterprises:
            try:
                async with self._pool.acquire() as conn, conn.transaction():
                    await conn.execute("SELECT pg_advisory_xact_lock_shared($1)", self._swap_lock)
                    now_ms = int(self._clock.now().timestamp() * 1000)
                    sealed = await tree.seal_enterprise(conn, self._signer, enterprise_id, self._frontiers, now_ms)
            except (MissingEntry, tree.LogBroken, asyncpg.IntegrityConstraintViolationError) as refused:
                REFUSED.inc()
                log.error("not sealing the audit log of %s: %s (run `shuangkong audit-verify`)", enterprise_id, refused)
                continue
            if sealed is not None:
                head, frontier = sealed
                self._frontiers.remember(head, frontier)  # only once committed
                signed.append(head)
        SIGNED.inc(len(signed))
        return signed

    async def tick(self) -> list[TreeHead]:
        signed = await self.seal_all()
        if self._publisher is not None:
            await self._publisher.publish_pending()
        return signed

    async def run(self) -> None:
        try:
            while True:
                await asyncio.sleep(self.interval_s)
                try:
                    await self.tick()
                except asyncio.CancelledError:
                    raise
                except Exception:  # the database or the broker away: the next tick tries again
                    log.exception("sealing or publishing the audit logs failed; retrying in %.1fs", self.interval_s)
        finally:
            if self._publisher is not None:
                await self._publisher.close()
