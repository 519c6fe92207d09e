"""What a name is (libs/names.py): the classes of invisible characters, normalisation, sameness."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from libs.names import DEFAULT_IGNORABLE, RENDERS_BLANK, is_blank, name_key, normalise

# Every format (Cf) and space-separator (Zs/Zl/Zp) character, and the whitespace controls.
INVISIBLE = [chr(c) for c in range(sys.maxunicode + 1)
             if unicodedata.category(chr(c)) in ("Cf", "Zs", "Zl", "Zp") or chr(c) in "\t\n\r\x0b\x0c\x85"]


# Every code point of the Default_Ignorable_Code_Point ranges and the blank glyphs, as listed.
IGNORABLE = st.sampled_from(DEFAULT_IGNORABLE + RENDERS_BLANK).flatmap(
    lambda r: st.integers(r[0], r[1])).map(chr)


def test_every_listed_ignorable_code_point_alone_is_blank():
    for low, high in DEFAULT_IGNORABLE + RENDERS_BLANK:
        for code in range(low, high + 1):
            assert is_blank(chr(code)) and normalise(chr(code)) == "", hex(code)


def test_the_trial_examples_are_blank():
    # U+3164 HANGUL FILLER, U+115F, U+FFA0, U+2800 BRAILLE PATTERN BLANK, U+FE0F, U+034F, U+17B4.
    for value in ("\u3164", "\u115f", "\u1160", "\uffa0", "\u2800", "\ufe0f", "\u034f", "\u17b4", "\u17b5",
                  "\u180e", "\U000e0020", "\U000e0100", "\u3164\u3000\u2800"):
        assert is_blank(value) and normalise(value) == "", repr(value)


@given(st.lists(st.one_of(IGNORABLE, st.sampled_from(INVISIBLE)), min_size=1, max_size=12))
def test_any_mix_of_ignorable_and_invisible_characters_is_blank(chars):
    assert is_blank("".join(chars))
    assert normalise("".join(chars)) == ""


@given(st.lists(IGNORABLE, max_size=4), st.lists(IGNORABLE, max_size=4))
def test_ignorable_characters_around_a_name_do_not_make_another_name(before, after):
    assert name_key("".join(before) + "生产部" + "".join(after)) == name_key("生产部")


def test_a_variation_selector_after_a_character_is_kept_and_not_told_apart():
    # An ideographic variation sequence picks a glyph of a name's character: stored, not a new name.
    assert normalise("葛\U000e0100亮") == "葛\U000e0100亮"
    assert name_key("葛\U000e0100亮") == name_key("葛亮")
    assert normalise("\ufe0f生产部") == "生产部"


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
