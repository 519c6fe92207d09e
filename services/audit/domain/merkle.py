"""An append-only Merkle log, as certificate transparency keeps one (RFC 9162 §2.1). Pure: no I/O.

Leaves are hashed as SHA-256(0x00 || entry), interior nodes as SHA-256(0x01 || left || right),
so a leaf can never pass for a node. The tree over n leaves splits at k, the largest power of two
below n: its left subtree is perfect and only the right edge is ragged. That shape is what lets a
log prove, in O(log n) hashes, that an entry is in it (an inclusion proof) and that its tree of
size m is the first m leaves of its tree of size n (a consistency proof), so an earlier signed
root pins every entry beneath it for good.

Hashes are 32-byte `bytes` here; callers turn them into hex at their edges.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

_sha256 = hashlib.sha256
EMPTY_ROOT = _sha256(b"").digest()  # the root of the empty tree (RFC 9162 §2.1.1)


def leaf_hash(entry: bytes) -> bytes:
    return _sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly below n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _perfect_root(level: list[bytes]) -> bytes:
    """The root over a power-of-two count of leaf hashes, a level at a time (no recursion)."""
    while len(level) > 1:
        level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


def subtree_root(leaves: Sequence[bytes], lo: int = 0, hi: int | None = None) -> bytes:
    """MTH(D[lo:hi]) over leaf hashes (RFC 9162 §2.1.1)."""
    hi = len(leaves) if hi is None else hi
    n = hi - lo
    if n == 0:
        return EMPTY_ROOT
    if n & (n - 1) == 0:
        return _perfect_root(list(leaves[lo:hi]))
    k = _split(n)
    return node_hash(subtree_root(leaves, lo, lo + k), subtree_root(leaves, lo + k, hi))


def root(leaves: Sequence[bytes]) -> bytes:
    return subtree_root(leaves)


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(index, D[n]): the sibling hashes from the leaf up to the root, leaf's sibling first."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"leaf {index} is not in a tree of {len(leaves)}")
    path: list[bytes] = []
    lo, hi = 0, len(leaves)
    while hi - lo > 1:  # walk down from the root, collecting the other side at each split
        k = _split(hi - lo)
        if index < lo + k:
            path.append(subtree_root(leaves, lo + k, hi))
            hi = lo + k
        else:
            path.append(subtree_root(leaves, lo, lo + k))
            lo += k
    path.reverse()
    return path


def consistency_proof(first: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(first, D[n]) (RFC 9162 §2.1.4.1): what proves the tree of `first` leaves is a prefix
    of the tree of all `leaves`. Empty when first is 0 or n (nothing to prove)."""
    n = len(leaves)
    if not 0 <= first <= n:
        raise ValueError(f"a tree of {first} is not a prefix of a tree of {n}")
    if first in (0, n):
        return []
    proof: list[bytes] = []
    lo, hi, whole = 0, n, True  # SUBPROOF(first - lo, D[lo:hi], whole)
    m = first
    while True:
        if m == hi - lo:
            if not whole:
                proof.append(subtree_root(leaves, lo, hi))
            break
        k = _split(hi - lo)
        if m <= k:
            proof.append(subtree_root(leaves, lo + k, hi))
            hi = lo + k
        else:
            proof.append(subtree_root(leaves, lo, lo + k))
            lo, m, whole = lo + k, m - k, False
    proof.reverse()
    return proof


def root_from_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes]) -> bytes | None:
    """The root that `path` proves `leaf` at `index` sits under (RFC 9162 §2.1.3.2), or None when
    the path cannot be a proof for that position."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None


def verify_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes], expected_root: bytes) -> bool:
    return root_from_inclusion(index, size, leaf, path) == expected_root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """Whether `proof` shows the tree (`first`, `first_root`) is a prefix of (`second`, `second_root`)
    (RFC 9162 §2.1.4.2)."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof  # the empty tree is a prefix of every tree
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # a perfect first tree is itself a node of the second
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


class Frontier:
    """The right edge of a growing tree: the roots of its perfect subtrees, largest first (one per
    set bit of the size). Appending is a binary carry and the root a fold from the right, so a log
    that keeps a frontier extends its tree by k leaves in O(k + log n), without its old leaves."""

    __slots__ = ("size", "_peaks")

    def __init__(self) -> None:
        self.size = 0
        self._peaks: list[tuple[int, bytes]] = []  # (leaf count, subtree root)

    @classmethod
    def of(cls, leaves: Iterable[bytes]) -> Frontier:
        frontier = cls()
        frontier.extend(leaves)
        return frontier

    def append(self, leaf: bytes) -> None:
        peaks = self._peaks
        count, h = 1, leaf
        while peaks and peaks[-1][0] == count:
            left_count, left = peaks.pop()
            count, h = left_count + count, node_hash(left, h)
        peaks.append((count, h))
        self.size += 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        for leaf in leaves:
            self.append(leaf)

    def root(self) -> bytes:
        if not self._peaks:
            return EMPTY_ROOT
        r = self._peaks[-1][1]
        for _, h in reversed(self._peaks[:-1]):
            r = node_hash(h, r)
        return r

    def copy(self) -> Frontier:
        twin = Frontier()
        twin.size, twin._peaks = self.size, list(self._peaks)
        return twin
