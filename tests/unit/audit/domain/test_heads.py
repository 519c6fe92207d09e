"""Sealing: the leaves' order, signed heads, and a log replayed from its heads."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.audit.domain.heads import (
    MissingEntry,
    Signer,
    TreeHead,
    key_id,
    load_public_key,
    public_key_pem,
    raw_public_key,
    seal,
    sealed_positions,
)
from services.audit.domain.merkle import Frontier, root
from tests.unit.audit.domain.builders import T0, Trail, busy_trail, signer


def test_a_seal_appends_the_new_entries_by_subject_then_chain_seq():
    before = {"b": 1, "a": 2}
    assert sealed_positions(before, {"b": 3, "a": 3, "c": 1}) == [("a", 3), ("b", 2), ("b", 3), ("c", 1)]
    # Code points, not a collation: upper case before lower, and Chinese after both.
    assert [s for s, _ in sealed_positions({}, {"设备": 1, "b": 1, "B": 1})] == ["B", "b", "设备"]
    with pytest.raises(ValueError):
        sealed_positions({"a": 2}, {"a": 2})


def test_each_head_is_signed_covers_its_delta_and_roots_every_leaf_so_far():
    trail = busy_trail()
    first, second, third = trail.heads
    assert [h.tree_size for h in trail.heads] == [3, 6, 8]
    assert [h.previous_size for h in trail.heads] == [0, 3, 6]
    assert first.coverage == {"riskevent-a": 1, "riskevent-b": 2}
    assert second.coverage == {"orgunit-1": 1, "riskevent-a": 3}
    assert third.coverage == {"hazard-9": 1, "orgunit-1": 2}
    assert trail.leaves[3:6] == [("orgunit-1", 1), ("riskevent-a", 2), ("riskevent-a", 3)]
    assert all(h.verified_by(trail.signer.public_key) for h in trail.heads)
    assert root(trail.leaf_hashes()).hex() == third.root_hash
    assert trail.seal() is None, "nothing new, no head"


def test_a_head_is_bound_to_its_enterprise_size_root_time_and_key():
    trail = busy_trail()
    head = trail.heads[1]
    public = trail.signer.public_key
    for changed in ({"enterprise_id": "e2"}, {"tree_size": 7}, {"root_hash": "0" * 64},
                    {"timestamp": head.timestamp + 1}):
        assert not TreeHead.from_json({**head.to_json(), **changed}).verified_by(public)
    assert not head.verified_by(signer().public_key)
    # The coverage is not signed: it says where leaves go, and a wrong one yields another root.
    assert TreeHead.from_json({**head.to_json(), "coverage": {"x": 1}}).verified_by(public)


def test_a_head_round_trips_through_json_and_malformed_ones_are_refused():
    head = busy_trail().heads[0]
    assert TreeHead.from_json(head.to_json()) == head
    for broken in ({"tree_size": "many"}, {"root_hash": "xyz"}, {"signature": "ab"}, {"timestamp": None},
                   {"coverage": {"a": "three"}}):
        with pytest.raises(ValueError):
            TreeHead.from_json({**head.to_json(), **broken})
    with pytest.raises(ValueError):
        TreeHead.from_json({"tree_size": 1})


def test_replaying_the_heads_over_the_entries_in_any_arrival_order_gives_the_same_leaves():
    live = busy_trail()
    leaves, covered = [], {}
    for head in live.heads:
        leaves += sealed_positions(covered, head.coverage)
        covered.update(head.coverage)
    assert leaves == live.leaves and covered == live.sealed


def test_time_never_runs_backwards_from_one_head_to_the_next():
    trail = Trail(signer())
    trail.record("a", n=1).seal()
    trail.clock -= 60_000
    trail.record("a", n=2)
    assert trail.seal().timestamp == trail.heads[0].timestamp


def test_an_entry_the_chains_promise_but_the_trail_lacks_is_not_sealed():
    s = signer()
    with pytest.raises(MissingEntry) as missing:
        seal(s, "e1", None, Frontier(), {}, {"a": 2}, {("a", 1): "0" * 64}, T0)
    assert missing.value.position == ("a", 2)
    with pytest.raises(ValueError):  # a frontier that is not the previous head's tree
        seal(s, "e1", busy_trail(s).heads[0], Frontier(), {}, {"a": 1}, {("a", 1): "0" * 64}, T0)


def test_keys_are_named_by_the_hash_of_their_raw_bytes_and_read_as_pem_or_hex():
    s = Signer(Ed25519PrivateKey.generate())
    assert len(s.key_id) == 64 and s.key_id == key_id(s.public_key)
    pem = public_key_pem(s.public_key)
    assert key_id(load_public_key(pem)) == s.key_id
    assert key_id(load_public_key(raw_public_key(s.public_key).hex())) == s.key_id
    with pytest.raises(ValueError):
        load_public_key("not a key")
