"""`shuangkong audit-verify --against-heads <file|topic>`: check, with the log's public key and
the heads it published, that each enterprise's trail only ever grew.

The heads come from a JSON-lines file (`GET /enterprises/{id}/tree-heads/export`, or the topic's
messages saved one per line) or straight from the heads topic. Each head's signature is checked,
heads of one size must agree, each head's tree must be a prefix of the next, and the database's
current tree must extend the latest head — the last two by consistency proofs computed from the
database's entries (services/audit/domain/tree_checks.py). A trail rolled back to an earlier
state holds together in itself; only the published heads show that it once was further."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError

from libs.cloudevent import MalformedEvent, from_kafka
from libs.config import Settings
from libs.kafka import partitions_of
from libs.topology import heads_topic
from services.audit import tree
from services.audit.domain.heads import TreeHead
from services.audit.domain.keys import Keys
from services.audit.domain.tree_checks import Finding, LeafSource, growth_findings, when
from services.audit.sealer import HEAD_TYPE, SERVICE

log = logging.getLogger(__name__)
TOPIC = "topic"  # `--against-heads topic`: read the heads topic itself
_EMPTY_POLLS = 3


class HeadsUnreadable(ValueError):
    """The heads given cannot be read (the message says where, in Chinese)."""


def heads_from_lines(text: str, origin: str) -> list[TreeHead]:
    """Heads from JSON lines (one head a line), or from one JSON document: a list of heads or a page
    of them (`{"items": [...]}`), as the API answers."""
    stripped = text.strip()
    if stripped.startswith("[") or stripped.startswith("{") and "\n" not in stripped:
        try:
            document = json.loads(stripped)
        except ValueError as exc:
            raise HeadsUnreadable(f"{origin} 不是 JSON: {exc}") from exc
        items = document.get("items", [document]) if isinstance(document, dict) else document
        if not isinstance(items, list):
            raise HeadsUnreadable(f"{origin} 不是树头的列表")
    else:
        items = []
        for n, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except ValueError as exc:
                    raise HeadsUnreadable(f"{origin} 第 {n} 行不是 JSON: {exc}") from exc
    heads = []
    for n, item in enumerate(items, start=1):
        try:
            heads.append(TreeHead.from_json(item))
        except ValueError as exc:
            raise HeadsUnreadable(f"{origin} 第 {n} 个树头无法读取: {exc}") from exc
    return heads


def heads_from_file(path: Path) -> list[TreeHead]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise HeadsUnreadable(f"无法读取树头文件 {path}: {exc}") from exc
    try:
        return heads_from_lines(text, str(path))
    except ValueError as exc:
        raise HeadsUnreadable(f"树头文件 {path} 无法读取: {exc}") from exc


async def heads_from_topic(settings: Settings) -> list[TreeHead]:
    """Every head on the heads topic, from the beginning of each partition to its end; a broker
    that is not configured or cannot be reached is HeadsUnreadable, saying which."""
    topic = heads_topic(SERVICE, settings.topic_prefix)
    if not settings.kafka_bootstrap:
        raise HeadsUnreadable(f"无法读取树头主题 {topic}: 未设置 SK_KAFKA_BOOTSTRAP"
                              " (消息代理的地址, 如 127.0.0.1:9092)")
    try:
        return await _read_topic(settings, topic)
    except (KafkaError, OSError) as exc:
        raise HeadsUnreadable(f"无法读取树头主题 {topic} (消息代理 {settings.kafka_bootstrap}, 即 SK_KAFKA_BOOTSTRAP:"
                              f" 无法连接、未应答或出错): {exc}") from exc


async def _read_topic(settings: Settings, topic: str) -> list[TreeHead]:
    found = (await partitions_of(settings.kafka_bootstrap, [topic])).get(topic) or []
    if not found:
        raise HeadsUnreadable(f"树头主题 {topic} 不存在或没有分区")
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, group_id=None, enable_auto_commit=False,
                                auto_offset_reset="earliest", fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms)
    await consumer.start()
    heads: list[TreeHead] = []
    try:
        partitions = [TopicPartition(topic, p) for p in found]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        reached: dict[TopicPartition, int] = dict.fromkeys(partitions, -1)
        empty = 0
        # Past the end offsets and then a few empty polls: Tansu's end offsets may stop short of a
        # batch's last records (RUNTIME.md).
        while empty < _EMPTY_POLLS or any(reached[tp] + 1 < ends[tp] for tp in partitions):
            batches = await consumer.getmany(*partitions, timeout_ms=200)
            empty = 0 if batches else empty + 1
            for tp, records in batches.items():
                for record in records:
                    reached[tp] = record.offset
                    head = _head_of(record)
                    if head is not None:
                        heads.append(head)
            if empty >= 50:
                break  # end offsets never reached: take what was read
    finally:
        await consumer.stop()
    return heads


def _head_of(record) -> TreeHead | None:
    try:
        event = from_kafka(record.value, record.headers)
        return TreeHead.from_json(event.data) if event.type == HEAD_TYPE else None
    except (MalformedEvent, ValueError) as exc:
        log.warning("skipping an unreadable message at %s/%s: %s", record.partition, record.offset, exc)
        return None


async def findings_against(pool: asyncpg.Pool, heads: list[TreeHead], public_key: Keys,
                           enterprise_id: str | None) -> tuple[dict[str, list[TreeHead]], list[Finding]]:
    """The published heads by enterprise, and what is wrong with each enterprise's trail."""
    published: dict[str, list[TreeHead]] = defaultdict(list)
    for head in heads:
        if enterprise_id is None or head.enterprise_id == enterprise_id:
            published[head.enterprise_id].append(head)
    findings: list[Finding] = []
    for enterprise in sorted(published):
        async with pool.acquire() as conn:
            try:
                current: LeafSource | None = LeafSource(await tree.leaf_hashes(conn, enterprise))
            except tree.LogBroken:
                current = None
                findings.append(Finding(enterprise, "数据库中的审计日志已损坏 (已封存的条目缺失), 无法给出一致性证明"))
        findings += growth_findings(enterprise, published[enterprise], public_key, current)
    return dict(published), findings


async def verify_against_heads_cli(settings: Settings, source: str, public_key: Keys,
                                   enterprise_id: str | None) -> bool:
    """Print, in Chinese, what the published heads say of each enterprise's trail; True if it only grew."""
    from rich.console import Console

    from libs.db import create_pool
    from services.audit.verify import print_result, verify

    console = Console()
    try:
        heads = await heads_from_topic(settings) if source == TOPIC else heads_from_file(Path(source))
    except HeadsUnreadable as unreadable:
        console.print(f"[red]无法读取已发布的树头[/red]: {unreadable}")
        return False
    pool = await create_pool(settings.database_url, "audit", max_size=2)
    try:
        published, findings = await findings_against(pool, heads, public_key, enterprise_id)
        result = await verify(pool, enterprise_id, public_key)
    finally:
        await pool.close()
    origin = f"主题 {heads_topic(SERVICE, settings.topic_prefix)}" if source == TOPIC else source
    console.print(f"已发布的签名树头 {len(heads)} 个 (来自 {origin}), 涉及企业 {len(published)} 家")
    if not published:
        console.print("[yellow]没有可依据的已发布树头[/yellow]" + (f": 企业 {enterprise_id}" if enterprise_id else ""))
    for enterprise, its_heads in published.items():
        latest = max(its_heads, key=lambda h: h.tree_size)
        wrong = [f for f in findings if f.enterprise_id == enterprise]
        if not wrong:
            console.print(f"[green]企业 {enterprise}: 审计记录只增未改[/green] — 树头 {len(its_heads)} 个, "
                          f"最新规模 {latest.tree_size} ({when(latest.timestamp)}), 与数据库中的审计日志一致")
        else:
            console.print(f"[red]企业 {enterprise}: 审计记录与已发布的树头不符[/red]")
            for finding in wrong:
                console.print(f"  - {finding.reason}")
    console.print("数据库自身的校验:", end=" ")
    print_result(console, result, signatures=True)
    return bool(published) and not findings and result["ok"]
