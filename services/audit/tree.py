"""Each enterprise's Merkle log in PostgreSQL, beside the entries it seals.

Heads, leaves (places only: a leaf's hash is always recomputed from its entry) and each subject's
sealed progress are written in one transaction under a per-enterprise advisory lock, both by the
sealer (a new head) and by the projection (a head read back from the heads topic: a no-op for a
head it has, the way a rebuild puts the log back for one it has not). The lock's key includes the
schema, so a rebuild's shadow log never waits on the live one.
"""

from __future__ import annotations

import asyncpg

from services.audit.domain.heads import Position, Signer, TreeHead, entry_leaf_hash, seal, sealed_positions
from services.audit.domain.merkle import Frontier

HEAD_COLUMNS = "enterprise_id, tree_size, previous_size, root_hash, timestamp_ms, key_id, signature, coverage"


class HeadRefused(ValueError):
    """A head from the topic that cannot be the next one of the log (a conflict or a gap)."""


class LogBroken(RuntimeError):
    """The stored log does not yield its own latest head: nothing is sealed onto it."""


def head_of(row: asyncpg.Record) -> TreeHead:
    # key_id is char(64): a head of the older format, stored without one, reads back as blanks.
    return TreeHead(row["enterprise_id"], row["tree_size"], row["root_hash"], row["timestamp_ms"],
                    row["key_id"].strip(), row["signature"], row["previous_size"], dict(row["coverage"]))


async def lock_log(conn: asyncpg.Connection, enterprise_id: str) -> None:
    await conn.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended('shuangkong-audit-log:' || current_schema() || ':' || $1, 0))",
        enterprise_id)


async def heads(conn: asyncpg.Connection, enterprise_id: str) -> list[TreeHead]:
    rows = await conn.fetch(f"SELECT {HEAD_COLUMNS} FROM audit_tree_heads WHERE enterprise_id = $1 ORDER BY tree_size",
                            enterprise_id)
    return [head_of(r) for r in rows]


async def head_of_size(conn: asyncpg.Connection, enterprise_id: str, tree_size: int) -> TreeHead | None:
    row = await conn.fetchrow(f"SELECT {HEAD_COLUMNS} FROM audit_tree_heads WHERE enterprise_id = $1 "
                              "AND tree_size = $2", enterprise_id, tree_size)
    return head_of(row) if row else None


async def latest_head(conn: asyncpg.Connection, enterprise_id: str) -> TreeHead | None:
    row = await conn.fetchrow(
        f"""SELECT {HEAD_COLUMNS} FROM audit_tree_heads WHERE enterprise_id = $1
            ORDER BY tree_size DESC LIMIT 1""", enterprise_id)
    return head_of(row) if row else None


async def store_head(conn: asyncpg.Connection, head: TreeHead, positions: list[Position]) -> None:
    e = head.enterprise_id
    await conn.execute(
        f"INSERT INTO audit_tree_heads ({HEAD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        e, head.tree_size, head.previous_size, head.root_hash, head.timestamp, head.key_id, head.signature,
        head.coverage)
    await conn.copy_records_to_table(
        "audit_tree_leaves", columns=["enterprise_id", "leaf_index", "subject", "chain_seq"],
        records=[(e, head.previous_size + i, subject, seq) for i, (subject, seq) in enumerate(positions)])
    await conn.execute(
        """INSERT INTO audit_tree_sealed (enterprise_id, subject, chain_seq)
           SELECT $1, * FROM unnest($2::text[], $3::int[])
           ON CONFLICT (enterprise_id, subject) DO UPDATE SET chain_seq = excluded.chain_seq""",
        e, list(head.coverage), list(head.coverage.values()))


async def mark_on_topic(conn: asyncpg.Connection, head: TreeHead) -> None:
    await conn.execute("INSERT INTO audit_heads_on_topic VALUES ($1, $2) ON CONFLICT DO NOTHING",
                       head.enterprise_id, head.tree_size)


async def apply_published(conn: asyncpg.Connection, head: TreeHead) -> bool:
    """A head read from the heads topic: marks one the log has as published, appends one it has
    not (its leaves placed from its coverage, whether or not their entries arrived yet). True if
    it was appended. `HeadRefused` for one that disagrees with the log or skips a head."""
    e = head.enterprise_id
    await lock_log(conn, e)
    stored = await head_of_size(conn, e, head.tree_size)
    if stored is not None:
        if not stored.same_as(head):
            raise HeadRefused(f"a head of size {head.tree_size} for {e} unlike the one stored")
        await mark_on_topic(conn, head)
        return False
    latest = await conn.fetchval("SELECT coalesce(max(tree_size), 0) FROM audit_tree_heads WHERE enterprise_id = $1",
                                 e)
    if head.previous_size != latest:
        raise HeadRefused(f"a head of size {head.tree_size} for {e} follows {head.previous_size}, "
                          f"the log is at {latest}")
    sealed = {r["subject"]: r["chain_seq"] for r in await conn.fetch(
        "SELECT subject, chain_seq FROM audit_tree_sealed WHERE enterprise_id = $1 AND subject = any($2::text[])",
        e, list(head.coverage))}
    try:
        positions = sealed_positions(sealed, head.coverage)
    except ValueError as exc:
        raise HeadRefused(str(exc)) from exc
    if len(positions) != head.tree_size - head.previous_size:
        raise HeadRefused(f"a head of size {head.tree_size} for {e} covers {len(positions)} new entries")
    await store_head(conn, head, positions)
    await mark_on_topic(conn, head)
    return True


async def unsealed_enterprises(conn: asyncpg.Connection) -> list[str]:
    rows = await conn.fetch(
        """SELECT DISTINCT h.enterprise_id FROM audit_chain_heads h
           LEFT JOIN audit_tree_sealed s USING (enterprise_id, subject)
           WHERE h.chain_seq > coalesce(s.chain_seq, 0) ORDER BY 1""")
    return [r[0] for r in rows]


async def leaf_hashes(conn: asyncpg.Connection, enterprise_id: str, size: int | None = None) -> list[bytes]:
    """The log's leaf hashes by index (the first `size`), each recomputed from its entry's chain
    hash. `LogBroken` if a leaf's entry is gone or the indexes have a hole."""
    rows = await conn.fetch(
        """SELECT l.leaf_index, l.subject, l.chain_seq, e.hash FROM audit_tree_leaves l
           LEFT JOIN audit_entries e USING (enterprise_id, subject, chain_seq)
           WHERE l.enterprise_id = $1 AND ($2::bigint IS NULL OR l.leaf_index < $2) ORDER BY l.leaf_index""",
        enterprise_id, size)
    hashes = []
    for i, r in enumerate(rows):
        if r["leaf_index"] != i or r["hash"] is None:
            raise LogBroken(f"leaf {i} of {enterprise_id}: {'entry missing' if r['hash'] is None else 'index hole'}")
        hashes.append(entry_leaf_hash(r["subject"], r["chain_seq"], r["hash"]))
    if size is not None and len(hashes) != size:
        raise LogBroken(f"{enterprise_id} has {len(hashes)} leaves, not {size}")
    return hashes


class Frontiers:
    """The right edge of each enterprise's tree, kept between seals so a seal hashes only what is
    new; checked against the latest head each time and rebuilt from the leaves when it differs (a
    restart, another replica sealed, a rebuild swapped the log)."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[int, str, Frontier]] = {}

    async def of(self, conn: asyncpg.Connection, enterprise_id: str, latest: TreeHead | None) -> Frontier:
        size, root_hash = (latest.tree_size, latest.root_hash) if latest else (0, None)
        known = self._known.get(enterprise_id)
        if known is not None and known[:2] == (size, root_hash):
            return known[2].copy()
        frontier = Frontier.of(await leaf_hashes(conn, enterprise_id, size))
        if latest is not None and frontier.root().hex() != latest.root_hash:
            raise LogBroken(f"the leaves of {enterprise_id} do not yield its head of size {size}")
        return frontier

    def remember(self, head: TreeHead, frontier: Frontier) -> None:
        self._known[head.enterprise_id] = (head.tree_size, head.root_hash, frontier)


async def seal_enterprise(conn: asyncpg.Connection, signer: Signer, enterprise_id: str, frontiers: Frontiers,
                          now_ms: int) -> tuple[TreeHead, Frontier] | None:
    """In the caller's transaction: append the enterprise's unsealed entries to its log and sign the
    new head (None when nothing is new). `MissingEntry` / `LogBroken` when the stored trail does
    not hold together — then nothing is signed."""
    await lock_log(conn, enterprise_id)
    latest = await latest_head(conn, enterprise_id)
    grown = await conn.fetch(
        """SELECT h.subject, coalesce(s.chain_seq, 0) AS sealed, h.chain_seq FROM audit_chain_heads h
           LEFT JOIN audit_tree_sealed s USING (enterprise_id, subject)
           WHERE h.enterprise_id = $1 AND h.chain_seq > coalesce(s.chain_seq, 0)""", enterprise_id)
    if not grown:
        return None
    rows = await conn.fetch(
        """SELECT e.subject, e.chain_seq, e.hash FROM audit_entries e
           JOIN unnest($2::text[], $3::int[], $4::int[]) AS g(subject, after, upto)
             ON e.subject = g.subject AND e.chain_seq > g.after AND e.chain_seq <= g.upto
           WHERE e.enterprise_id = $1""",
        enterprise_id, [g["subject"] for g in grown], [g["sealed"] for g in grown], [g["chain_seq"] for g in grown])
    frontier = await frontiers.of(conn, enterprise_id, latest)
    sealed = seal(signer, enterprise_id, latest, frontier, {g["subject"]: g["sealed"] for g in grown},
                  {g["subject"]: g["chain_seq"] for g in grown},
                  {(r["subject"], r["chain_seq"]): r["hash"] for r in rows}, now_ms)
    if sealed is None:
        return None
    head, positions = sealed
    await store_head(conn, head, positions)
    return head, frontier

