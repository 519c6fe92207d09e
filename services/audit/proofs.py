"""Proofs from an enterprise's log, as the API serves them: an entry's inclusion under a signed
head, and the consistency of the tree at one size with the tree at another.

Every proof is computed from leaf hashes recomputed from the entries (never from stored node
hashes), so a log whose entries were changed cannot prove what its heads signed. The cost is
reading the enterprise's leaves up to the size asked, O(n), once per proof."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import asyncpg

from libs.errors import AppError, Conflict, NotFound
from services.audit import tree
from services.audit.domain.heads import TreeHead, entry_leaf_hash
from services.audit.domain.merkle import consistency_proof, inclusion_proof, root

_BROKEN = "审计日志与条目不符, 无法给出证明; 请校验本企业审计链"


class InvalidRange(AppError):
    status, code = 422, "invalid_input"


def head_view(head: TreeHead) -> dict:
    return {**head.to_json(), "issued_at": datetime.fromtimestamp(head.timestamp / 1000, UTC)}


async def _leaves(conn: asyncpg.Connection, enterprise_id: str, size: int) -> list[bytes]:
    try:
        return await tree.leaf_hashes(conn, enterprise_id, size)
    except tree.LogBroken as broken:
        raise Conflict(_BROKEN) from broken


async def head_at(conn: asyncpg.Connection, enterprise_id: str, tree_size: int | None) -> TreeHead:
    if tree_size is None:
        head = await tree.latest_head(conn, enterprise_id)
        if head is None:
            raise NotFound("本企业尚无签名树头 (审计日志尚未封存)")
        return head
    head = await tree.head_of_size(conn, enterprise_id, tree_size)
    if head is None:
        raise NotFound(f"没有规模为 {tree_size} 的签名树头", field="tree_size")
    return head


async def inclusion(pool: asyncpg.Pool, enterprise_id: str, event_id: UUID, tree_size: int | None) -> dict:
    async with pool.acquire() as conn:
        entry = await conn.fetchrow(
            """SELECT e.subject, e.chain_seq, e.hash, l.leaf_index FROM audit_entries e
               LEFT JOIN audit_tree_leaves l USING (enterprise_id, subject, chain_seq)
               WHERE e.enterprise_id = $1 AND e.event_id = $2""", enterprise_id, event_id)
        if entry is None:
            raise NotFound("审计条目不存在", field="event_id")
        head = await head_at(conn, enterprise_id, tree_size)
        if entry["leaf_index"] is None or entry["leaf_index"] >= head.tree_size:
            raise NotFound(f"该条目尚未封存进规模为 {head.tree_size} 的签名树头 (下次封存后再试)", field="event_id")
        leaves = await _leaves(conn, enterprise_id, head.tree_size)
    index = entry["leaf_index"]
    leaf = entry_leaf_hash(entry["subject"], entry["chain_seq"], entry["hash"])
    if root(leaves).hex() != head.root_hash:
        raise Conflict(_BROKEN)
    return {"enterprise_id": enterprise_id, "event_id": event_id, "subject": entry["subject"],
            "chain_seq": entry["chain_seq"], "hash": entry["hash"], "leaf_index": index, "leaf_hash": leaf.hex(),
            "tree_size": head.tree_size, "audit_path": [h.hex() for h in inclusion_proof(index, leaves)],
            "head": head_view(head)}


async def consistency(pool: asyncpg.Pool, enterprise_id: str, first: int, second: int) -> dict:
    if first > second:
        raise InvalidRange("first: 不能大于 second", field="first")
    async with pool.acquire() as conn:
        latest = await tree.latest_head(conn, enterprise_id)
        sealed = latest.tree_size if latest else 0
        if second > sealed:
            raise NotFound(f"本企业的审计日志只封存到规模 {sealed}", field="second")
        leaves = await _leaves(conn, enterprise_id, second)
    return {"enterprise_id": enterprise_id, "first": first, "second": second, "first_root": root(leaves[:first]).hex(),
            "second_root": root(leaves).hex(), "proof": [h.hex() for h in consistency_proof(first, leaves)]}
