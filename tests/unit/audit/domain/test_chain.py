"""The audit trail's hash chain: deterministic hashing and naming the first broken link."""

from __future__ import annotations

import dataclasses

from services.audit.domain.chain import GENESIS, StoredEntry, canonical, first_broken_link, link

EVENTS = [
    {"type": "HazardReported", "hazard_id": "h-1", "description": "储罐区阀门泄漏"},
    {"type": "HazardGraded", "hazard_id": "h-1", "level": 1},
    {"type": "RectificationAssigned", "hazard_id": "h-1", "deadline": "2025-03-01"},
    {"type": "HazardAccepted", "hazard_id": "h-1", "acceptor": "王五"},
]


def chain(events: list[dict]) -> list[StoredEntry]:
    entries, prev = [], GENESIS
    for n, fields in enumerate(events, start=1):
        text = canonical(fields)
        digest = link(prev, text)
        # seq is the trail's own row number, deliberately unlike chain_seq
        entries.append(StoredEntry(seq=100 + n, chain_seq=n, canonical_event=text, prev_hash=prev, hash=digest))
        prev = digest
    return entries


def test_canonical_form_ignores_key_order():
    assert canonical({"b": 1, "a": {"y": 2, "x": 3}}) == canonical({"a": {"x": 3, "y": 2}, "b": 1})


def test_canonical_form_keeps_chinese_as_written():
    assert canonical({"name": "储罐区"}) == '{"name":"储罐区"}'


def test_link_is_deterministic_and_depends_on_the_previous_hash():
    text = canonical(EVENTS[0])
    assert link(GENESIS, text) == link(GENESIS, text)
    assert len(link(GENESIS, text)) == 64
    assert link(GENESIS, text) != link("1" * 64, text)


def test_same_events_in_any_key_order_give_the_same_chain():
    reordered = [dict(reversed(list(e.items()))) for e in EVENTS]
    assert [e.hash for e in chain(EVENTS)] == [e.hash for e in chain(reordered)]


def test_intact_chain_has_no_broken_link():
    assert first_broken_link(chain(EVENTS)) is None


def test_empty_chain_has_no_broken_link():
    assert first_broken_link([]) is None


def test_tampered_content_is_named_at_its_entry():
    entries = chain(EVENTS)
    entries[1] = dataclasses.replace(entries[1], canonical_event=canonical({**EVENTS[1], "level": 0}))
    broken = first_broken_link(entries)
    assert (broken.seq, broken.chain_seq) == (102, 2)
    assert "篡改" in broken.reason


def test_tampered_hash_is_named_at_its_entry():
    entries = chain(EVENTS)
    entries[2] = dataclasses.replace(entries[2], hash="f" * 64)
    broken = first_broken_link(entries)
    assert (broken.seq, broken.chain_seq) == (103, 3)


def test_content_rewritten_with_a_recomputed_hash_breaks_the_next_link():
    entries = chain(EVENTS)
    forged = canonical({**EVENTS[1], "level": 0})
    entries[1] = dataclasses.replace(entries[1], canonical_event=forged, hash=link(entries[1].prev_hash, forged))
    broken = first_broken_link(entries)
    assert (broken.seq, broken.chain_seq) == (103, 3)
    assert "前一条哈希" in broken.reason


def test_deleted_middle_entry_is_named_at_the_entry_after_the_gap():
    entries = chain(EVENTS)
    del entries[1]
    broken = first_broken_link(entries)
    assert (broken.seq, broken.chain_seq) == (103, 3)


def test_deleted_middle_entry_with_renumbered_sequence_is_still_found():
    entries = chain(EVENTS)
    del entries[1]
    entries = [dataclasses.replace(e, chain_seq=n) for n, e in enumerate(entries, start=1)]
    broken = first_broken_link(entries)
    assert broken.seq == 103
    assert "前一条哈希" in broken.reason


def test_reordered_entries_are_found():
    entries = chain(EVENTS)
    entries[1], entries[2] = entries[2], entries[1]
    broken = first_broken_link(entries)
    assert broken.seq == 103


def test_reordered_entries_with_renumbered_sequence_are_still_found():
    entries = chain(EVENTS)
    entries[1], entries[2] = entries[2], entries[1]
    entries = [dataclasses.replace(e, chain_seq=n) for n, e in enumerate(entries, start=1)]
    assert first_broken_link(entries).seq == 103


def test_chain_that_does_not_start_from_genesis_is_broken():
    entries = chain(EVENTS)[1:]
    entries = [dataclasses.replace(e, chain_seq=n) for n, e in enumerate(entries, start=1)]
    assert first_broken_link(entries).seq == 102
