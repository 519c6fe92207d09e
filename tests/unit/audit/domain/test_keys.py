"""Key rotation, in memory: heads signed by one key and then another verify end to end with both;
each head is checked with the key it names; a key not given is named as such; heads of the older
format, without a key_id, still verify with the key given."""

from __future__ import annotations

from services.audit.domain.heads import TreeHead
from services.audit.domain.keys import KeyRing, KeyStatus
from services.audit.domain.tree_checks import first_tree_fault, growth_findings
from tests.unit.audit.domain.builders import busy_trail, signer


def rotated_trail():
    """Three heads by key A, then two by key B over the same, growing log."""
    trail = busy_trail()
    old = trail.signer
    trail.signer = new = signer()
    trail.record("hazard-9", op="整改").seal()
    trail.record("riskevent-b", op="复评").seal()
    return trail, old, new


def fault_under(trail, keys):
    return first_tree_fault(trail.heads, trail.leaves, trail.hashes(), trail.sealed, keys)


def test_a_log_signed_by_one_key_then_another_holds_end_to_end_with_both():
    trail, old, new = rotated_trail()
    assert [h.key_id for h in trail.heads] == [old.key_id] * 3 + [new.key_id] * 2
    keys = KeyRing.of(new.public_key, [old.public_key])
    assert fault_under(trail, keys) is None
    assert growth_findings("e1", trail.heads, keys, trail.log()) == []
    assert growth_findings("e1", trail.heads, KeyRing.checking([old.public_key, new.public_key]), trail.log()) == []


def test_a_head_whose_key_was_not_given_is_refused_naming_its_key_id():
    trail, old, new = rotated_trail()
    fault = fault_under(trail, KeyRing.of(new.public_key))
    assert fault.tree_size == 3 and "未知的签名公钥" in fault.reason and old.key_id[:16] in fault.reason
    findings = growth_findings("e1", trail.heads, old.public_key, trail.log())
    assert [f.tree_size for f in findings] == [9, 10] and all("未知的签名公钥" in f.reason for f in findings)
    assert all(new.key_id[:16] in f.reason for f in findings)


def test_a_head_naming_one_key_but_signed_by_another_is_a_bad_signature_not_an_unknown_key():
    trail, old, new = rotated_trail()
    head = trail.heads[-1]
    lying = TreeHead.from_json({**head.to_json(), "key_id": old.key_id})
    keys = KeyRing.of(new.public_key, [old.public_key])
    assert keys.refusal(lying) == "签名无效 (不是该公钥签发的, 或树头已被改动)"
    assert keys.refusal(head) is None


def test_a_head_of_the_older_format_without_a_key_id_verifies_with_the_key_given():
    trail, old, new = rotated_trail()
    legacy = [TreeHead.from_json({k: v for k, v in h.to_json().items() if k != "key_id"}) for h in trail.heads]
    assert all(h.key_id == "" for h in legacy)
    assert growth_findings("e1", legacy[:3], old.public_key, None) == []
    assert growth_findings("e1", legacy, KeyRing.checking([new.public_key, old.public_key]), trail.log()) == []
    [*wrong] = growth_findings("e1", legacy[:3], new.public_key, None)
    assert len(wrong) == 3 and all("旧格式" in f.reason for f in wrong)


def test_the_ring_names_its_current_key_and_the_retired_ones():
    old, new = signer(), signer()
    keys = KeyRing.of(new.public_key, [old.public_key, new.public_key])
    assert set(keys.keys) == {old.key_id, new.key_id} and keys.current_id == new.key_id
    assert (keys.status(new.key_id), keys.status(old.key_id)) == (KeyStatus.CURRENT, KeyStatus.RETIRED)
    assert KeyRing.checking([old.public_key]).current_id is None


def rotated_back_trail():
    """Key A, then key B, then A again: A was retired at size 9 and signs size 11."""
    trail, old, new = rotated_trail()
    trail.signer = old
    trail.record("orgunit-1", name="生产二部").seal()
    return trail, old, new


def test_a_retired_key_that_signs_again_after_its_successor_is_refused_naming_both_and_the_sizes():
    trail, old, new = rotated_back_trail()
    assert [h.tree_size for h in trail.heads][-3:] == [9, 10, 11]
    keys = KeyRing.of(old.public_key, [new.public_key])  # every signature on its own holds
    assert all(keys.verifies(h) for h in trail.heads)
    fault = fault_under(trail, keys)
    assert fault.tree_size == 11 and "已轮换下线的密钥" in fault.reason
    assert old.key_id[:12] in fault.reason and new.key_id[:12] in fault.reason and "规模 9" in fault.reason
    [finding] = growth_findings("e1", trail.heads, keys, trail.log())
    assert finding.tree_size == 11 and finding.reason == fault.reason


def test_a_retired_key_signing_again_is_caught_in_heads_of_the_older_format_too():
    trail, old, new = rotated_back_trail()
    legacy = [TreeHead.from_json({k: v for k, v in h.to_json().items() if k != "key_id"}) for h in trail.heads]
    [finding] = growth_findings("e1", legacy, KeyRing.checking([old.public_key, new.public_key]), None)
    assert finding.tree_size == 11 and "再次签名" in finding.reason


def test_a_head_of_the_older_format_is_named_by_the_key_that_signed_it():
    trail, old, new = rotated_trail()
    keys = KeyRing.checking([old.public_key, new.public_key])
    legacy = TreeHead.from_json({k: v for k, v in trail.heads[-1].to_json().items() if k != "key_id"})
    assert keys.named(legacy) == trail.heads[-1]
    assert KeyRing.checking([old.public_key]).named(legacy).key_id == "", "no key given signed it: left blank"
