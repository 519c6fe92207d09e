"""A head goes on the topic as its schema says: one stored without a key_id (the older format) is
sent naming the key that signed it, or naming none — never an empty key_id."""

from __future__ import annotations

import json
from dataclasses import replace

import jsonschema
import orjson

from libs.schemas import ROOT
from services.audit.domain.heads import TreeHead, signed_text
from services.audit.domain.keys import KeyRing
from services.audit.sealer import HEAD_TYPE, HEAD_VERSION, head_message
from tests.unit.audit.domain.builders import busy_trail, signer

SCHEMA = json.loads((ROOT / "events" / HEAD_TYPE / f"v{HEAD_VERSION}.json").read_text())


def sent(head: TreeHead, keys: KeyRing | None) -> dict:
    _key, value, _headers = head_message(head, keys)
    data = orjson.loads(value)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    return data


def test_a_head_stored_without_a_key_id_is_sent_naming_the_key_that_signed_it_or_none():
    trail = busy_trail()
    head = trail.heads[-1]
    legacy = replace(head, key_id="")
    assert sent(legacy, KeyRing.of(signer().public_key, [trail.signer.public_key]))["key_id"] == head.key_id
    assert "key_id" not in sent(legacy, KeyRing.of(signer().public_key)), "no key of the ring signed it"
    assert "key_id" not in sent(legacy, None)
    assert sent(head, None) == head.to_json() and TreeHead.from_json(sent(legacy, None)) == legacy


def test_the_schema_says_the_signed_text_is_utf8_with_non_ascii_unescaped_as_it_is():
    described = SCHEMA["properties"]["signature"]["description"]
    assert "UTF-8" in described and "ensure_ascii=False" in described
    assert '"enterprise_id":"某企业"'.encode() in signed_text("某企业", 1, "0" * 64, 0)
