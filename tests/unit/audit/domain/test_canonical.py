"""The canonical form's fast path writes exactly the characters of its reference definition.

Every hash in the audit trail covers these characters, and a rebuild must reproduce the live
trail hash for hash, so "the same JSON" is not enough: the same bytes, for any event data."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from services.audit.domain.chain import canonical, reference_canonical

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5)
                           | st.dictionaries(st.text(), inner, max_size=5), max_leaves=15)
events = st.dictionaries(st.text(), json_values, max_size=8)


@given(events)
@settings(max_examples=200, database=None, deadline=None)
def test_canonical_writes_the_reference_characters_for_any_event(fields):
    assert canonical(fields) == reference_canonical(fields)


def test_every_character_is_written_and_keys_are_sorted_as_the_reference_does():
    characters = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]  # surrogates cannot be UTF-8
    fields = {"text": "".join(characters), **{c: n for n, c in enumerate(characters[::97])}}
    assert canonical(fields) == reference_canonical(fields)


def test_the_reference_is_sorted_compact_json_with_text_as_written():
    fields = {"b": [1, None, True], "a": {"名称": "储罐区\n阀门"}}
    assert reference_canonical(fields) == '{"a":{"名称":"储罐区\\n阀门"},"b":[1,null,true]}'
    assert json.loads(reference_canonical(fields)) == fields


def test_values_orjson_writes_differently_take_the_reference_path():
    assert canonical({"ratio": 1e-05}) == '{"ratio":1e-05}'  # orjson writes 0.00001
    assert canonical({"n": 2 ** 64}) == '{"n":18446744073709551616}'  # beyond orjson's integers
    assert canonical({"d": {1: "x"}}) == '{"d":{"1":"x"}}'  # a key that is not a string
