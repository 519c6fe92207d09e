"""What the log's checks catch, in memory: each way of rewriting a trail that the hash chains alone
let through, and a regulator's check of the published heads."""

from __future__ import annotations

from dataclasses import replace

from services.audit.domain.chain import canonical
from services.audit.domain.heads import TreeHead
from services.audit.domain.tree_checks import LeafSource, growth_findings
from tests.unit.audit.domain.builders import Trail, busy_trail, signer


def test_an_untouched_log_holds():
    assert busy_trail().fault() is None


def test_an_entry_edited_and_its_chain_recomputed_breaks_the_root_of_the_head_that_sealed_it():
    trail = busy_trail()
    trail.texts["riskevent-a"][1] = canonical({"subject": "riskevent-a", "data": {"op": "评价(改)"}})
    fault = trail.fault()  # the chains still verify: every hash after the edit was recomputed
    assert fault.tree_size == 6 and "改写" in fault.reason


def test_a_whole_chain_deleted_with_its_chain_head_leaves_sealed_leaves_without_entries():
    trail = busy_trail()
    del trail.texts["orgunit-1"]
    fault = trail.fault()
    assert (fault.tree_size, fault.subject, fault.chain_seq) == (6, "orgunit-1", 1) and "缺失" in fault.reason


def test_a_log_rewritten_to_match_and_signed_with_another_key_is_caught_by_the_signature():
    trail = busy_trail()
    del trail.texts["orgunit-1"]
    impostor = Trail(signer())  # leaves, coverage and heads all made again, by the attacker's key
    impostor.texts = trail.texts
    impostor.seal()
    assert impostor.fault(with_key=False) is None, "consistent in itself"
    impostor.signer = trail.signer  # checked with the log's public key
    assert "签名无效" in impostor.fault().reason


def test_a_head_deleted_from_the_middle_or_leaves_reordered_is_caught():
    trail = busy_trail()
    del trail.heads[1]
    assert "不连续" in trail.fault().reason
    trail = busy_trail()
    trail.leaves[3], trail.leaves[4] = trail.leaves[4], trail.leaves[3]
    assert "树叶" in trail.fault().reason
    trail = busy_trail()
    trail.sealed["hazard-9"] = 0
    assert "封存进度" in trail.fault().reason


def test_entries_after_the_last_head_are_not_yet_protected_by_it():
    trail = busy_trail()
    trail.record("hazard-9", op="整改")  # arrived after the last seal: no head covers it yet
    assert trail.fault() is None
    assert trail.seal().coverage == {"hazard-9": 2}


def test_the_published_heads_of_a_log_that_only_grew_hold():
    trail = busy_trail()
    trail.record("hazard-9", op="整改")
    trail.seal()
    published = trail.heads[:-1]  # the last head not yet published: the log is ahead, which is fine
    assert growth_findings("e1", published, trail.signer.public_key, trail.log()) == []


def test_a_trail_rolled_back_to_an_earlier_state_holds_in_itself_but_not_against_the_published_heads():
    trail = busy_trail()
    published = list(trail.heads)
    rolled_back = Trail(trail.signer)
    rolled_back.texts = {"riskevent-b": trail.texts["riskevent-b"], "riskevent-a": trail.texts["riskevent-a"][:1]}
    rolled_back.seal()  # exactly the state of the first head, self-consistent
    assert rolled_back.fault() is None
    [finding] = growth_findings("e1", published, trail.signer.public_key, rolled_back.log())
    assert finding.tree_size == 8 and "回滚" in finding.reason


def test_a_rewritten_history_that_grew_again_is_not_a_continuation_of_the_published_heads():
    trail = busy_trail()
    published = list(trail.heads)
    trail.texts["riskevent-b"][0] = canonical({"subject": "riskevent-b", "data": {"op": "伪造"}})
    trail.record("hazard-9", op="整改")
    findings = growth_findings("e1", published, trail.signer.public_key, trail.log())
    assert findings and all("改写" in f.reason for f in findings)


def test_forged_forked_and_backdated_heads_are_named_from_the_heads_alone():
    trail = busy_trail()
    key = trail.signer.public_key
    first, second, third = trail.heads
    forged = TreeHead.from_json({**second.to_json(), "root_hash": "1" * 64})
    assert [f.tree_size for f in growth_findings("e1", [first, forged, third], key, None)] == [6]
    twin = trail.signer.head("e1", 8, bytes.fromhex("2" * 64), third.timestamp + 5, 6, {})
    assert any("分叉" in f.reason for f in growth_findings("e1", [first, second, third, twin], key, None))
    late = trail.signer.head("e1", 9, bytes.fromhex("3" * 64), first.timestamp - 1, 8, {})
    assert any("时间倒退" in f.reason for f in growth_findings("e1", [first, late], key, None))
    duplicate = replace(third)
    assert growth_findings("e1", [first, second, third, duplicate], key, trail.log()) == []


def test_a_log_source_answers_the_proofs_of_its_leaves():
    trail = busy_trail()
    log = LeafSource(trail.leaf_hashes())
    assert log.size == 8 and log.root.hex() == trail.heads[-1].root_hash
    assert log.consistency(8, 8) == [] and len(log.consistency(3, 6)) > 0
