"""Recompute the audit chains and each enterprise's Merkle log from the database, and name the
first thing that does not hold: a broken link in a chain, or a head the entries no longer yield
(an entry edited with its chain recomputed, a chain deleted with its chain head, a forged head)."""

from __future__ import annotations

import json
from datetime import datetime

import asyncpg

from services.audit import tree
from services.audit.domain.chain import BrokenLink, StoredEntry, first_broken_link
from services.audit.domain.keys import Keys
from services.audit.domain.tree_checks import first_tree_fault

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


async def _enterprises(conn: asyncpg.Connection, enterprise_id: str | None) -> list[str]:
    """Every enterprise with entries or a log: one whose entries were all deleted still has its heads."""
    rows = await conn.fetch(
        """SELECT enterprise_id FROM audit_entries WHERE $1::text IS NULL OR enterprise_id = $1
           UNION SELECT enterprise_id FROM audit_tree_heads WHERE $1::text IS NULL OR enterprise_id = $1
           UNION SELECT enterprise_id FROM audit_tree_leaves WHERE $1::text IS NULL OR enterprise_id = $1
           ORDER BY 1""", enterprise_id)
    return [r[0] for r in rows]


async def _chain_break(conn: asyncpg.Connection, enterprise: str, subject: str) -> tuple[int, BrokenLink | None]:
    rows = await conn.fetch(
        """SELECT seq, chain_seq, canonical, prev_hash, hash, event_id, event_type, subject, actor, source,
                  occurred_at FROM audit_entries
           WHERE enterprise_id = $1 AND subject = $2 ORDER BY chain_seq, seq""", enterprise, subject)
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
    return len(rows), broken


async def _log_fault(conn: asyncpg.Connection, enterprise: str, public_key: Keys | None) -> dict | None:
    heads = await tree.heads(conn, enterprise)
    leaves = [(r["subject"], r["chain_seq"]) for r in await conn.fetch(
        "SELECT subject, chain_seq FROM audit_tree_leaves WHERE enterprise_id = $1 ORDER BY leaf_index", enterprise)]
    hashes = {(r["subject"], r["chain_seq"]): r["hash"] for r in await conn.fetch(
        "SELECT subject, chain_seq, hash FROM audit_entries WHERE enterprise_id = $1", enterprise)}
    sealed = {r["subject"]: r["chain_seq"] for r in await conn.fetch(
        "SELECT subject, chain_seq FROM audit_tree_sealed WHERE enterprise_id = $1", enterprise)}
    fault = first_tree_fault(heads, leaves, hashes, sealed, public_key)
    if fault is None:
        return None
    seq = None
    if fault.subject is not None:
        seq = await conn.fetchval("SELECT seq FROM audit_entries WHERE enterprise_id = $1 AND subject = $2 "
                                  "AND chain_seq = $3", enterprise, fault.subject, fault.chain_seq)
    return {"enterprise_id": enterprise, "subject": fault.subject, "seq": seq, "chain_seq": fault.chain_seq,
            "tree_size": fault.tree_size, "reason": fault.reason}


async def verify(pool: asyncpg.Pool, enterprise_id: str | None = None,
                 public_key: Keys | None = None) -> dict:
    """`{"ok", "entries", "chains", "heads", "sealed", "broken": {...} | None}`; signatures are
    checked when the log's keys are given (a ring: each head with the key it names)."""
    checked = chains = heads = sealed = 0
    async with pool.acquire() as conn:
        for enterprise in await _enterprises(conn, enterprise_id):
            subjects = [r[0] for r in await conn.fetch(
                "SELECT DISTINCT subject FROM audit_entries WHERE enterprise_id = $1 ORDER BY 1", enterprise)]
            broken = None
            for subject in subjects:
                chains += 1
                entries, link_broken = await _chain_break(conn, enterprise, subject)
                checked += entries
                if link_broken is not None:
                    broken = {"enterprise_id": enterprise, "subject": subject, "seq": link_broken.seq,
                              "chain_seq": link_broken.chain_seq, "tree_size": None, "reason": link_broken.reason}
                    break
            if broken is None:
                broken = await _log_fault(conn, enterprise, public_key)
            latest = await tree.latest_head(conn, enterprise)
            heads += await conn.fetchval("SELECT count(*) FROM audit_tree_heads WHERE enterprise_id = $1", enterprise)
            sealed += latest.tree_size if latest else 0
            if broken is not None:
                return {"ok": False, "entries": checked, "chains": chains, "heads": heads, "sealed": sealed,
                        "broken": broken}
    return {"ok": True, "entries": checked, "chains": chains, "heads": heads, "sealed": sealed, "broken": None}


async def verify_cli(settings, enterprise_id: str | None, public_key: Keys | None = None) -> bool:
    from rich.console import Console

    from libs.db import create_pool

    pool = await create_pool(settings.database_url, "audit", max_size=2)
    try:
        result = await verify(pool, enterprise_id, public_key)
    finally:
        await pool.close()
    print_result(Console(), result, signatures=public_key is not None)
    return result["ok"]


def print_result(console, result: dict, *, signatures: bool) -> None:
    if result["ok"]:
        console.print(f"[green]审计链完整[/green]: {result['entries']} 条, {result['chains']} 条链; "
                      f"已封存 {result['sealed']} 条, 签名树头 {result['heads']} 个"
                      + ("" if signatures or not result["heads"] else " (未提供公钥: 未校验树头签名)"))
        return
    b = result["broken"]
    if b["subject"] is not None and b["tree_size"] is None:
        console.print(f"[red]审计链断裂[/red]: 企业 {b['enterprise_id']} 对象 {b['subject']} "
                      f"第 {b['chain_seq']} 条 (seq {b['seq']}): {b['reason']}")
    else:
        where = f" 对象 {b['subject']} 第 {b['chain_seq']} 条" if b["subject"] is not None else ""
        size = f" 规模 {b['tree_size']} 的树头" if b["tree_size"] is not None else ""
        console.print(f"[red]审计日志不符[/red]: 企业 {b['enterprise_id']}{size}{where}: {b['reason']}")
