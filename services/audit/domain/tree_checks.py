"""Checking an enterprise's Merkle log (pure: no I/O), two ways.

- `first_tree_fault`: the log as stored — its heads, the place of every leaf, the entries' chain
  hashes — must hold together: every head's root recomputed from the entries, every signature
  good. This catches an entry edited with its whole chain recomputed, or a chain deleted with its
  chain head, which the hash chains alone cannot see.
- `growth_findings`: what a regulator checks with the public key and the published heads alone:
  each signature, that a key once succeeded signs no more, that no two heads of one size
  disagree, that each head's tree is a prefix of the next (a consistency proof from the log), and
  that the log's current tree extends the latest published head — so a trail rolled back to an
  earlier, self-consistent state is caught too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from libs.clock import CHINA_TIME
from services.audit.domain.heads import Position, TreeHead, entry_leaf_hash, sealed_positions
from services.audit.domain.keys import Keys, Succession, ring
from services.audit.domain.merkle import Frontier, consistency_proof, root, verify_consistency


@dataclass(frozen=True)
class TreeFault:
    reason: str
    tree_size: int | None = None  # the head that no longer holds
    subject: str | None = None
    chain_seq: int | None = None


def first_tree_fault(heads: Sequence[TreeHead], leaves: Sequence[Position], chain_hashes: Mapping[Position, str],
                     sealed: Mapping[str, int], public_key: Keys | None) -> TreeFault | None:
    """The first thing wrong with one enterprise's stored log, or None.

    `heads` by size, `leaves` by index, `chain_hashes` the entries' hashes (already checked against
    their canonical text by the chain walk), `sealed` the per-subject progress the sealer keeps;
    signatures are checked when keys are given, each head with the key it names."""
    keys = ring(public_key) if public_key is not None else None
    succession = Succession(keys) if keys is not None else None
    frontier = Frontier()
    covered: dict[str, int] = {}
    previous: TreeHead | None = None
    for head in heads:
        size = head.tree_size
        if head.previous_size != (previous.tree_size if previous else 0) or size <= head.previous_size:
            return TreeFault("树头序列不连续 (树头被删除或插入)", size)
        refusal = keys.refusal(head) if keys is not None else None
        if refusal is not None:
            return TreeFault(f"树头{refusal}", size)
        resigned = succession.refusal(head) if succession is not None else None
        if resigned is not None:
            return TreeFault(resigned, size)
        if previous is not None and head.timestamp < previous.timestamp:
            return TreeFault("树头时间倒退", size)
        try:
            expected = sealed_positions(covered, head.coverage)
        except ValueError:
            return TreeFault("树头记录的封存范围无效", size)
        if len(expected) != size - head.previous_size or list(leaves[head.previous_size:size]) != expected:
            return TreeFault("树叶与树头记录的封存范围不符 (树叶被改动)", size)
        for subject, seq in expected:
            chain_hash = chain_hashes.get((subject, seq))
            if chain_hash is None:
                return TreeFault("已封存的条目缺失 (条目或整条链被删除)", size, subject, seq)
            frontier.append(entry_leaf_hash(subject, seq, chain_hash))
        if frontier.root().hex() != head.root_hash:
            return TreeFault(f"根哈希与条目不符: 第 {head.previous_size + 1}–{size} 条中有条目被改写", size)
        covered.update(head.coverage)
        previous = head
    if len(leaves) != frontier.size:
        return TreeFault(f"树叶数 {len(leaves)} 与最新树头的规模 {frontier.size} 不符")
    if dict(sealed) != covered:
        return TreeFault("封存进度与树头不符")
    return None


class ProofSource(Protocol):
    """A log that answers consistency proofs: the database's, or one served over the API."""

    @property
    def size(self) -> int: ...

    @property
    def root(self) -> bytes: ...

    def consistency(self, first: int, second: int) -> list[bytes]: ...


class LeafSource:
    """Proofs computed from the log's leaf hashes (by index)."""

    def __init__(self, leaves: Sequence[bytes]) -> None:
        self._leaves = list(leaves)
        self.size = len(self._leaves)
        self.root = root(self._leaves)

    def consistency(self, first: int, second: int) -> list[bytes]:
        return consistency_proof(first, self._leaves[:second])


@dataclass(frozen=True)
class Finding:
    enterprise_id: str
    reason: str
    tree_size: int | None = None


def when(timestamp: int) -> str:
    """A head's time as users read it (北京时间)."""
    return datetime.fromtimestamp(timestamp / 1000, CHINA_TIME).strftime("%Y-%m-%d %H:%M:%S 北京时间")


def growth_findings(enterprise_id: str, published: Sequence[TreeHead], public_key: Keys,
                    log: ProofSource | None, log_name: str = "数据库中的审计日志") -> list[Finding]:
    """Everything that says the enterprise's trail did not only grow. Without a `log`, only what
    the heads show by themselves (signatures, forks, time); `log_name` says whose log it is to
    the reader. Each head is checked with the key it
    names, so a chain of heads signed by one key and then another holds with both — but not one
    where a key signs again after another took over (`Succession`)."""
    keys = ring(public_key)
    findings: list[Finding] = []

    def found(reason: str, size: int | None = None) -> None:
        findings.append(Finding(enterprise_id, reason, size))

    heads: dict[int, TreeHead] = {}
    for head in published:
        if head.enterprise_id != enterprise_id:
            continue
        refusal = keys.refusal(head)
        if refusal is not None:
            found(f"规模 {head.tree_size} 的树头{refusal}", head.tree_size)
            continue
        seen = heads.get(head.tree_size)
        if seen is None or head.timestamp < seen.timestamp and head.root_hash == seen.root_hash:
            heads[head.tree_size] = head  # the same tree signed twice: the earlier statement counts
        if seen is not None and seen.root_hash != head.root_hash:
            found(f"规模 {head.tree_size} 有两个根哈希不同的签名树头: 审计日志分叉", head.tree_size)
    ordered = [heads[size] for size in sorted(heads)]
    succession = Succession(keys)
    for head in ordered:
        if (resigned := succession.refusal(head)) is not None:
            found(resigned, head.tree_size)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.timestamp < earlier.timestamp:
            found(f"规模 {later.tree_size} 的树头 ({when(later.timestamp)}) 早于规模 {earlier.tree_size} 的树头"
                  f" ({when(earlier.timestamp)}): 时间倒退", later.tree_size)
    if log is None or not ordered:
        return findings
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.tree_size > log.size:
            break  # the log no longer reaches this far: said once, below
        proof = log.consistency(earlier.tree_size, later.tree_size)
        if not verify_consistency(earlier.tree_size, later.tree_size, bytes.fromhex(earlier.root_hash),
                                  bytes.fromhex(later.root_hash), proof):
            found(f"规模 {earlier.tree_size} 与 {later.tree_size} 的树头之间无法证明一致: 其间的审计记录被改写",
                  later.tree_size)
    latest = ordered[-1]
    if log.size < latest.tree_size:
        found(f"{log_name}现只有 {log.size} 条, 而 {when(latest.timestamp)} 发布的签名树头已有"
              f" {latest.tree_size} 条: 审计记录被回滚或删除", latest.tree_size)
    elif not verify_consistency(latest.tree_size, log.size, bytes.fromhex(latest.root_hash), log.root,
                                log.consistency(latest.tree_size, log.size)):
        found(f"{log_name} ({log.size} 条) 不是最新发布的签名树头 ({latest.tree_size} 条) 的延续:"
              " 已发布的审计记录被改写或删除", latest.tree_size)
    return findings
