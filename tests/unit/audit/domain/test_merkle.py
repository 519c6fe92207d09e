"""The Merkle log against the definitions of RFC 9162 §2.1, written out naively here: roots,
inclusion and consistency proofs for every size, and proofs that fail when anything is changed."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.audit.domain.merkle import (
    EMPTY_ROOT,
    Frontier,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root,
    subtree_root,
    verify_consistency,
    verify_inclusion,
)


def h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def naive_root(entries: list[bytes]) -> bytes:
    """MTH as the RFC states it, over the entries themselves."""
    n = len(entries)
    if n == 0:
        return h(b"")
    if n == 1:
        return h(b"\x00" + entries[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return h(b"\x01" + naive_root(entries[:k]) + naive_root(entries[k:]))


def naive_path(m: int, entries: list[bytes]) -> list[bytes]:
    n = len(entries)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return naive_path(m, entries[:k]) + [naive_root(entries[k:])]
    return naive_path(m - k, entries[k:]) + [naive_root(entries[:k])]


def naive_subproof(m: int, entries: list[bytes], whole: bool) -> list[bytes]:
    n = len(entries)
    if m == n:
        return [] if whole else [naive_root(entries)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return naive_subproof(m, entries[:k], whole) + [naive_root(entries[k:])]
    return naive_subproof(m - k, entries[k:], False) + [naive_root(entries[:k])]


entry_lists = st.lists(st.binary(max_size=8), min_size=1, max_size=70)

# The test vectors of the certificate-transparency reference implementation (RFC 6962 trees).
VECTOR_ENTRIES = [bytes.fromhex(x) for x in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                               "606162636465666768696a6b6c6d6e6f"]]
VECTOR_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def test_the_roots_of_the_reference_test_vectors():
    leaves = [leaf_hash(e) for e in VECTOR_ENTRIES]
    assert [root(leaves[:n]).hex() for n in range(1, 9)] == VECTOR_ROOTS
    assert root([]) == EMPTY_ROOT == h(b"")


@given(entry_lists)
@settings(max_examples=150, database=None, deadline=None)
def test_the_root_and_the_frontier_are_the_naive_root_at_every_size(entries):
    leaves = [leaf_hash(e) for e in entries]
    frontier = Frontier()
    for n in range(len(entries) + 1):
        assert root(leaves[:n]) == naive_root(entries[:n]) == frontier.root()
        assert frontier.size == n
        if n < len(leaves):
            frontier.append(leaves[n])


@given(entry_lists, st.data())
@settings(max_examples=150, database=None, deadline=None)
def test_every_inclusion_proof_is_the_rfc_path_and_verifies(entries, data):
    leaves = [leaf_hash(e) for e in entries]
    tree_root = root(leaves)
    for m in range(len(leaves)):
        path = inclusion_proof(m, leaves)
        assert path == naive_path(m, entries)
        assert verify_inclusion(m, len(leaves), leaves[m], path, tree_root)
    m = data.draw(st.integers(0, len(leaves) - 1))
    path = inclusion_proof(m, leaves)
    # Another leaf, another position, another size, a changed or shortened path: all refused.
    assert not verify_inclusion(m, len(leaves), leaf_hash(entries[m] + b"!"), path, tree_root)
    other = (m + 1) % len(leaves)
    if leaves[other] != leaves[m]:
        assert not verify_inclusion(other, len(leaves), leaves[m], path, tree_root)
    grown = leaves + [leaf_hash(b"later")]
    assert not verify_inclusion(m, len(grown), leaves[m], path, root(grown))  # the path of another size
    if path:
        i = data.draw(st.integers(0, len(path) - 1))
        assert not verify_inclusion(m, len(leaves), leaves[m], path[:i] + [h(path[i])] + path[i + 1:], tree_root)
        assert not verify_inclusion(m, len(leaves), leaves[m], path[:-1], tree_root)


@given(entry_lists, st.data())
@settings(max_examples=150, database=None, deadline=None)
def test_every_consistency_proof_is_the_rfc_proof_and_verifies(entries, data):
    leaves = [leaf_hash(e) for e in entries]
    n = len(leaves)
    for m in range(0, n + 1):
        proof = consistency_proof(m, leaves)
        assert proof == ([] if m in (0, n) else naive_subproof(m, entries, True))
        assert verify_consistency(m, n, root(leaves[:m]), root(leaves), proof)
    m = data.draw(st.integers(1, n))
    proof = consistency_proof(m, leaves)
    # An earlier tree that is not a prefix (one leaf changed) has no proof that verifies.
    i = data.draw(st.integers(0, m - 1))
    rewritten = leaves[:i] + [leaf_hash(entries[i] + b"!")] + leaves[i + 1:]
    assert not verify_consistency(m, n, root(rewritten[:m]), root(leaves), proof)
    assert not verify_consistency(m, n, root(leaves[:m]), root(rewritten), proof)
    if proof:
        j = data.draw(st.integers(0, len(proof) - 1))
        assert not verify_consistency(m, n, root(leaves[:m]), root(leaves), proof[:j] + [h(proof[j])] + proof[j + 1:])
        grown = leaves + [leaf_hash(b"later")]
        assert not verify_consistency(m, n + 1, root(leaves[:m]), root(grown), proof)


def test_a_tree_that_shrank_or_a_proof_between_equal_sizes_with_another_root_is_refused():
    leaves = [leaf_hash(bytes([i])) for i in range(10)]
    assert not verify_consistency(6, 5, root(leaves[:6]), root(leaves[:5]), consistency_proof(5, leaves[:6]))
    assert verify_consistency(7, 7, root(leaves[:7]), root(leaves[:7]), [])
    assert not verify_consistency(7, 7, root(leaves[:7]), root(leaves[:8]), [])
    assert not verify_consistency(3, 7, root(leaves[:3]), root(leaves[:7]), [])
    with pytest.raises(ValueError):
        inclusion_proof(10, leaves)
    with pytest.raises(ValueError):
        consistency_proof(11, leaves)


def test_a_subtree_root_is_the_root_of_its_slice():
    leaves = [leaf_hash(bytes([i])) for i in range(13)]
    assert all(subtree_root(leaves, lo, hi) == root(leaves[lo:hi]) for lo in range(13) for hi in range(lo, 14))


def test_a_frontier_built_at_once_or_copied_goes_on_as_the_original():
    leaves = [leaf_hash(bytes([i])) for i in range(21)]
    frontier = Frontier.of(leaves[:11])
    twin = frontier.copy()
    frontier.extend(leaves[11:])
    assert twin.root() == root(leaves[:11]) and frontier.root() == root(leaves)
    twin.extend(leaves[11:])
    assert twin.root() == frontier.root() and twin.size == 21
