"""What a name is (libs/names.py): the classes of invisible characters, normalisation, sameness."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from libs.names import is_blank, name_key, normalise

# Every format (Cf) and space-separator (Zs/Zl/Zp) character, and the whitespace controls.
INVISIBLE = [chr(c) for c in range(sys.maxunicode + 1)
             if unicodedata.category(chr(c)) in ("Cf", "Zs", "Zl", "Zp") or chr(c) in "\t\n\r\x0b\x0c\x85"]


def test_the_reported_examples_are_blank():
    for value in ("\u202e", "\u200b", "\u202e\u200b", " \u3000\ufeff ", "\u2066\u2069", "\u00a0"):
        assert is_blank(value) and normalise(value) == "", repr(value)


@given(st.lists(st.sampled_from(INVISIBLE), min_size=1, max_size=12))
def test_any_mix_of_invisible_characters_is_blank(chars):
    assert is_blank("".join(chars))
    assert normalise("".join(chars)) == ""


@given(st.text(min_size=1, max_size=20).filter(lambda t: not is_blank(t)), st.lists(st.sampled_from(INVISIBLE)))
def test_a_visible_name_stays_visible_and_normalising_twice_changes_nothing(text, noise):
    value = "".join(noise) + text + "".join(noise)
    once = normalise(value)
    assert not is_blank(once) and normalise(once) == once
    assert unicodedata.is_normalized("NFC", once)


def test_format_characters_inside_a_name_are_dropped_and_spaces_collapsed():
    assert normalise("  生产\u200b部 ") == "生产部"
    assert normalise("1号\u3000\u3000 罐区\u202e") == "1号 罐区"
    assert normalise("e\u0301") == "\u00e9"  # NFC


@pytest.mark.parametrize(("a", "b"), [
    ("双氧水罐区", "双氧水罐区\u200b"), ("Tank A", "tank  a"), ("ＡＢ罐区", "AB罐区"), ("生产部", " 生产部 "),
])
def test_names_that_only_look_different_have_one_key(a, b):
    assert name_key(a) == name_key(b)


def test_different_names_have_different_keys():
    assert name_key("生产部") != name_key("生产一部")
