"""A regulator's check of a log served over the API, in memory: which proofs it asks for, and what
the answers show — the recomputed roots give away an entry rewritten under a power-of-two head,
which the consistency proof between two signed heads alone would not."""

from __future__ import annotations

from dataclasses import replace

from services.audit.domain.chain import canonical
from services.audit.domain.keys import KeyRing
from services.audit.domain.merkle import consistency_proof, root
from services.audit.domain.served_checks import ServedLog, ServedProof, heads_to_check, pairs_to_prove, root_findings
from services.audit.domain.tree_checks import growth_findings, verify_consistency
from tests.unit.audit.domain.builders import Trail, signer


def served(trail: Trail, pairs) -> dict:
    """What the service answers: proofs and roots recomputed from the entries as they are now."""
    leaves = trail.leaf_hashes()
    return {(m, n): ServedProof(root(leaves[:m]), root(leaves[:n]), consistency_proof(m, leaves[:n]))
            for m, n in pairs}


def power_of_two_trail() -> Trail:
    trail = Trail(signer())
    for n in range(4):
        trail.record("riskevent-a", n=n)
    trail.seal()  # size 4: a power of two
    trail.record("hazard-9", op="上报").record("hazard-9", op="整改")
    trail.seal()  # size 6
    return trail


def test_the_proofs_asked_for_join_consecutive_heads_and_the_latest_to_the_log_now():
    trail = power_of_two_trail()
    keys = trail.signer.public_key
    assert pairs_to_prove(trail.heads, keys, 6) == [(4, 6), (6, 6)]
    assert pairs_to_prove(trail.heads, keys, 4) == [(4, 4)], "rolled back: 6 is no longer reachable"
    assert pairs_to_prove(trail.heads, signer().public_key, 6) == [], "no head verifies: nothing to prove"


def test_an_honest_log_holds():
    trail = power_of_two_trail()
    keys = KeyRing.checking([trail.signer.public_key])
    proofs = served(trail, pairs_to_prove(trail.heads, keys, 6))
    assert growth_findings("e1", trail.heads, keys, ServedLog(6, proofs)) == []
    assert root_findings("e1", trail.heads, keys, proofs) == []


def test_an_entry_rewritten_under_a_power_of_two_head_is_found_by_the_recomputed_root():
    trail = power_of_two_trail()
    keys = trail.signer.public_key
    first, second = trail.heads
    trail.texts["riskevent-a"][1] = canonical({"subject": "riskevent-a", "data": {"n": "改"}})
    proofs = served(trail, [(4, 6), (6, 6)])
    # The proof between the two signed heads still checks out: it touches no leaf under the first.
    assert verify_consistency(4, 6, bytes.fromhex(first.root_hash), bytes.fromhex(second.root_hash),
                              proofs[(4, 6)].proof)
    [at_4, at_6] = root_findings("e1", trail.heads, keys, proofs)
    assert (at_4.tree_size, at_6.tree_size) == (4, 6) and "改写" in at_4.reason
    assert any(f.tree_size == 6 for f in growth_findings("e1", trail.heads, keys, ServedLog(6, proofs)))


def test_a_log_served_shorter_than_a_published_head_is_a_rollback():
    trail = power_of_two_trail()
    keys = trail.signer.public_key
    proofs = served(trail, pairs_to_prove(trail.heads, keys, 4))
    [finding] = growth_findings("e1", trail.heads, keys, ServedLog(4, proofs))
    assert finding.tree_size == 6 and "回滚" in finding.reason


def test_the_check_runs_over_the_heads_kept_and_of_the_served_ones_the_latest_forks_and_forgeries():
    trail = power_of_two_trail()
    trail.record("hazard-9", op="验收").seal()
    trail.record("hazard-9", op="销号").seal()  # heads of size 4, 6, 7, 8
    keys = trail.signer.public_key
    kept = trail.heads[:1]
    served = list(trail.heads)
    assert [h.tree_size for h in heads_to_check(kept, served, keys)] == [4, 8], "kept 4 once, and the latest"
    twin = replace(signer().head("e1", 6, b"\x00" * 32, trail.heads[1].timestamp, 4, {}), key_id=trail.signer.key_id)
    forged = heads_to_check(kept, [*served, twin], keys)
    assert sorted(h.tree_size for h in forged) == [4, 6, 8], "a served head that does not verify is checked"
    assert heads_to_check([], [], keys) == []


def test_a_retired_key_signing_again_is_caught_over_the_served_heads_alone():
    """The regulator kept no heads: the change of key in the served ones is still checked."""
    old, new = signer(), signer()
    trail = Trail(old)
    for n, key in enumerate([old, old, new, new, old, old]):
        trail.signer = key
        trail.record("riskevent-a", n=n).seal()
    keys = KeyRing.checking([old.public_key, new.public_key])
    every = heads_to_check([], trail.heads, keys)
    assert sorted(h.tree_size for h in every) == [2, 3, 4, 5, 6]
    pairs = pairs_to_prove(every, keys, 6)
    findings = growth_findings("e1", every, keys, ServedLog(6, served(trail, pairs)))
    assert [f.tree_size for f in findings] == [5, 6] and all("已轮换下线的密钥" in f.reason for f in findings)
