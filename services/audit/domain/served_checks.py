"""A regulator's check of a log it can only reach over the audit service's API (pure: no I/O).

The regulator holds the log's public keys and, ideally, heads it saw published before; the
service answers its current heads and, for two sizes, a consistency proof with both roots as it
recomputes them from its entries now. What to ask for is decided here, before any request, so
the checks of tree_checks.growth_findings run unchanged over the answers (`ServedLog`).

The recomputed roots are checked against the signed ones too: a consistency proof between two
signed heads may touch none of the leaves under the earlier one (when its size is a power of
two), so only the root recomputed from the entries shows that one of those entries was rewritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from services.audit.domain.heads import TreeHead
from services.audit.domain.keys import Keys, ring
from services.audit.domain.tree_checks import Finding

Pair = tuple[int, int]


@dataclass(frozen=True)
class ServedProof:
    """`GET /enterprises/{id}/consistency/{first}/{second}` as answered."""

    first_root: bytes
    second_root: bytes
    proof: list[bytes]


def heads_to_check(published: Sequence[TreeHead], served: Sequence[TreeHead], keys: Keys) -> list[TreeHead]:
    """The heads the check runs over: every head the regulator kept; of the service's, its latest,
    those of a size the regulator kept (a fork shows there), any that does not verify, and both
    sides of each change of key (so a retired key signing again shows). Not every served head: the
    proofs asked grow with the heads checked (one each, O(n) on the service), and a year of heads
    a minute apart is half a million — the heads kept are what a regulator vouches for. A head kept
    and served is one statement, checked (and found) once."""
    kept = {h.tree_size for h in published}
    latest = max((h.tree_size for h in served), default=None)
    checking = ring(keys)
    signers = [(h, checking.signer_of(h)) for h in sorted(served, key=lambda h: h.tree_size)]
    signed = [(h, kid) for h, kid in signers if kid is not None]
    changes = [h for (before, was), (after, now) in zip(signed, signed[1:], strict=False) if was != now
               for h in (before, after)]
    chosen = [*published, *changes, *(h for h, kid in signers if h.tree_size in kept or h.tree_size == latest
                                       or kid is None)]
    return list({(h.tree_size, h.root_hash, h.timestamp, h.signature): h for h in chosen}.values())


def signed_sizes(heads: Sequence[TreeHead], keys: Keys) -> dict[int, TreeHead]:
    """The heads that verify, by size (the earliest statement of a size, as growth_findings keeps)."""
    found: dict[int, TreeHead] = {}
    checking = ring(keys)
    for head in heads:
        if checking.verifies(head):
            seen = found.get(head.tree_size)
            if seen is None or head.timestamp < seen.timestamp and head.root_hash == seen.root_hash:
                found[head.tree_size] = head
    return found


def pairs_to_prove(heads: Sequence[TreeHead], keys: Keys, served_size: int) -> list[Pair]:
    """The consistency proofs the checks need: between consecutive signed heads the log still
    reaches, and from the latest of those to the log's size now (asked even when the two are
    equal: its answer carries the log's root recomputed from its entries, rolled back or not)."""
    reached = [size for size in sorted(signed_sizes(heads, keys)) if size <= served_size]
    if not reached:
        return []
    pairs = list(zip(reached, reached[1:], strict=False))
    pairs.append((reached[-1], served_size))
    return list(dict.fromkeys(pairs))


class ServedLog:
    """The service's log as its answers show it: a `ProofSource` over the proofs fetched."""

    def __init__(self, size: int, proofs: Mapping[Pair, ServedProof]) -> None:
        self.size = size
        self._proofs = dict(proofs)
        latest = [p for (_, second), p in self._proofs.items() if second == size]
        self.root = latest[0].second_root if latest else b""

    def consistency(self, first: int, second: int) -> list[bytes]:
        return self._proofs[(first, second)].proof


def root_findings(enterprise_id: str, heads: Sequence[TreeHead], keys: Keys,
                  proofs: Mapping[Pair, ServedProof]) -> list[Finding]:
    """Each signed head whose root the service's entries no longer yield (said once per size)."""
    signed = signed_sizes(heads, keys)
    recomputed: dict[int, bytes] = {}
    for (first, second), answer in proofs.items():
        recomputed.setdefault(first, answer.first_root)
        recomputed.setdefault(second, answer.second_root)
    return [Finding(enterprise_id, f"服务现有的条目算出的规模 {size} 的根哈希与签名树头不符:"
                                   f" 该树头之下 (前 {size} 条) 有审计记录被改写", size)
            for size, root in sorted(recomputed.items())
            if size in signed and root.hex() != signed[size].root_hash]
