"""Content hashes: the same content hashes the same whatever the field order; any change moves it."""

from __future__ import annotations

from dataclasses import replace

from services.gov_sync.domain.content_hash import canonical_json, content_hash
from services.gov_sync.domain.dialects import DIALECTS
from tests.unit.gov_sync.builders import CHAIN, STAMP, hazard, sent


def test_field_order_does_not_matter() -> None:
    assert content_hash({"id": "a", "name": "液氯"}) == content_hash({"name": "液氯", "id": "a"})


def test_canonical_json_is_compact_and_writes_characters_themselves() -> None:
    assert canonical_json({"b": 1, "a": "液氯"}) == '{"a":"液氯","b":1}'.encode()


def test_mapping_the_same_snapshot_twice_hashes_the_same_on_every_dialect() -> None:
    for dialect in DIALECTS.values():
        for snapshot in CHAIN:
            first, again = sent(dialect, snapshot), sent(dialect, replace(snapshot))
            assert isinstance(first, dict) and isinstance(again, dict)
            assert content_hash(first) == content_hash(again)


def test_a_changed_field_changes_the_hash() -> None:
    for dialect in DIALECTS.values():
        before = sent(dialect, hazard())
        after = sent(dialect, hazard(measures_taken="更换浮子并校验"))
        assert isinstance(before, dict) and isinstance(after, dict)
        assert content_hash(before) != content_hash(after)


def test_an_update_stamp_alone_changes_the_hash_where_the_platform_carries_it() -> None:
    later = replace(STAMP, updated_by="王主任")
    park, uploader = DIALECTS["park"], DIALECTS["uploader"]
    assert content_hash(sent(park, hazard(stamp=later))) == content_hash(sent(park, hazard()))
    assert content_hash(sent(uploader, hazard(stamp=later))) != content_hash(
        sent(uploader, hazard()))


def test_the_hash_is_a_sha256_hex_digest() -> None:
    digest = content_hash({"id": "a"})
    assert len(digest) == 64 and int(digest, 16) >= 0
