"""Recompute the audit chains from the database and name the first broken link."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime

import asyncpg

from services.audit.domain.chain import BrokenLink, StoredEntry, first_broken_link

_INDEXED = {"event_id": "id", "event_type": "type", "subject": "subject", "actor": "actor", "source": "source"}


def _columns_disagree(row: asyncpg.Record) -> str | None:
    """The query columns must say what the hashed canonical text says."""
    try:
        fields = json.loads(row["canonical"])
    except ValueError:
        return "规范化内容无法解析"
    for column, key in _INDEXED.items():
        if str(row[column]) != str(fields.get(key)) and not (row[column] is None and fields.get(key) is None):
            return f"字段 {column} 与哈希内容不一致"
    if row["occurred_at"] != datetime.fromisoformat(fields["time"]):
        return "字段 occurred_at 与哈希内容不一致"
    return None


async def _chains(conn: asyncpg.Connection, enterprise_id: str | None) -> AsyncIterator[tuple[str, str]]:
    rows = await conn.fetch(
        """SELECT DISTINCT enterprise_id, subject FROM audit_entries
           WHERE $1::text IS NULL OR enterprise_id = $1 ORDER BY enterprise_id, subject""", enterprise_id)
    for r in rows:
        yield r["enterprise_id"], r["subject"]


async def verify(pool: asyncpg.Pool, enterprise_id: str | None = None) -> dict:
    """`{"ok": bool, "entries": n, "chains": n, "broken": {...} | None}`."""
    checked = chains = 0
    async with pool.acquire() as conn:
        async for enterprise, subject in _chains(conn, enterprise_id):
            chains += 1
            rows = await conn.fetch(
                """SELECT seq, chain_seq, canonical, prev_hash, hash, event_id, event_type, subject, actor, source,
                          occurred_at FROM audit_entries
                   WHERE enterprise_id = $1 AND subject = $2 ORDER BY chain_seq, seq""", enterprise, subject)
            checked += len(rows)
            broken: BrokenLink | None = first_broken_link(
                StoredEntry(r["seq"], r["chain_seq"], r["canonical"], r["prev_hash"], r["hash"]) for r in rows)
            if broken is None:
                for r in rows:
                    if reason := _columns_disagree(r):
                        broken = BrokenLink(r["seq"], r["chain_seq"], reason)
                        break
            if broken is None:
                head = await conn.fetchrow(
                    "SELECT chain_seq, hash FROM audit_chain_heads WHERE enterprise_id = $1 AND subject = $2",
                    enterprise, subject)
                last = rows[-1]
                if head is None or (head["chain_seq"], head["hash"]) != (last["chain_seq"], last["hash"]):
                    broken = BrokenLink(last["seq"], last["chain_seq"], "链尾与链头记录不一致 (末尾条目被删除)")
            if broken is not None:
                return {"ok": False, "entries": checked, "chains": chains, "broken": {
                    "enterprise_id": enterprise, "subject": subject, "seq": broken.seq,
                    "chain_seq": broken.chain_seq, "reason": broken.reason}}
    return {"ok": True, "entries": checked, "chains": chains, "broken": None}


async def verify_cli(settings, enterprise_id: str | None) -> bool:
    from rich.console import Console

    from libs.db import create_pool

    pool = await create_pool(settings.database_url, "audit", max_size=2)
    try:
        result = await verify(pool, enterprise_id)
    finally:
        await pool.close()
    console = Console()
    if result["ok"]:
        console.print(f"[green]审计链完整[/green]: {result['entries']} 条, {result['chains']} 条链")
    else:
        b = result["broken"]
        console.print(f"[red]审计链断裂[/red]: 企业 {b['enterprise_id']} 对象 {b['subject']} "
                      f"第 {b['chain_seq']} 条 (seq {b['seq']}): {b['reason']}")
    return result["ok"]
