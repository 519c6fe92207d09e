"""Names people give things (an enterprise, a department, a tank farm, a risk): one definition of
what a name is, how it is stored and when two names are the same.

A name is stored in NFC with the format characters (Unicode category Cf: U+200B zero width space,
U+202E right-to-left override, U+FEFF …) and the other default-ignorable code points (Hangul
fillers, U+034F, variation selectors with nothing to vary …) removed and every run of white space
(category Zs, tab, newline, U+3000 ideographic space …) turned into one space, trimmed. What is
left must contain a visible character, else the name is blank: `生产部` and `\u202e\u200b` or
`\u3164` (HANGUL FILLER) differ only in that one of them can be read.

Two names are the same when their keys are equal: NFKC (full-width `ＡＢ` is `AB`) and case folded,
so `双氧水罐区` and `双氧水罐区\u200b` or `Tank A` and `tank  a` cannot name two things under one
parent.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from libs.aggregate import DomainError

BLANK_MESSAGE = "不能为空，也不能只含空格或不可见字符"
BLANK_NAME_MESSAGE = f"名称{BLANK_MESSAGE}"

# Default_Ignorable_Code_Point, Unicode 15.1 DerivedCoreProperties.txt (the property is not in
# `unicodedata`): code points a renderer shows as nothing when it does not support them, and most
# renderers show as nothing at all. Most are also Cf; these ranges add the ones that are not (the
# Hangul fillers U+115F, U+1160, U+3164, U+FFA0 are letters, U+034F and the variation selectors
# are marks, U+FFF0..FFF8 and most of U+E0000..E0FFF are unassigned but reserved as ignorable).
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
# Not default-ignorable, yet drawn as an empty cell by every font that has them.
RENDERS_BLANK = (
    (0x2800, 0x2800),  # BRAILLE PATTERN BLANK
)
# Variation selectors choose a glyph of the character before them (an ideographic variation
# sequence can be part of a person's name): kept after a visible character, dropped elsewhere.
VARIATION_SELECTORS = ((0x180B, 0x180D), (0x180F, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))


def _in(ch: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in ranges)


def _is_space(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def _is_invisible(ch: str) -> bool:
    """Drawn as nothing: a format or control character, default-ignorable, or a blank glyph."""
    return (unicodedata.category(ch) in ("Cf", "Cc") or _in(ch, DEFAULT_IGNORABLE)
            or _in(ch, RENDERS_BLANK))


def normalise(value: str) -> str:
    """The stored form of a name (may be "" when nothing visible was in it)."""
    value = unicodedata.normalize("NFC", value)
    kept: list[str] = []
    for ch in value:
        if _in(ch, VARIATION_SELECTORS):
            if kept and kept[-1] != " ":
                kept.append(ch)
            continue
        if unicodedata.category(ch) == "Cf" or _in(ch, DEFAULT_IGNORABLE) or _in(ch, RENDERS_BLANK):
            continue
        if _is_space(ch):
            if kept and kept[-1] != " ":
                kept.append(" ")
            continue
        kept.append(ch)
    return "".join(kept).strip(" ")


def is_blank(value: str) -> bool:
    """Nothing visible: only white space, format and control characters, default-ignorable code
    points and blank glyphs."""
    return all(_is_space(ch) or _is_invisible(ch) for ch in value)


def name_key(value: str) -> str:
    """What two names must share to be the same name (variation selectors do not tell apart)."""
    key = unicodedata.normalize("NFKC", normalise(value)).casefold()
    return "".join(ch for ch in key if not _in(ch, VARIATION_SELECTORS))


def _checked(value: str) -> str:
    normalised = normalise(value)
    if is_blank(normalised):
        # The message is whole (no template field), so it reads the same whether the translation
        # of validation errors keeps a custom error's own message or looks its type up.
        raise PydanticCustomError("blank_name", BLANK_NAME_MESSAGE)
    return normalised


# A command field holding a name: normalised, and refused (422 naming the field) when blank.
Name = Annotated[str, AfterValidator(_checked)]


def checked_name(value: str, field: str, limit: int = 200) -> str:
    """The domain's own check of a name (aggregates are used without HTTP too): normalised, not
    blank, at most `limit` characters."""
    value = normalise(value)
    if is_blank(value):
        raise DomainError(BLANK_NAME_MESSAGE, field=field)
    if len(value) > limit:
        raise DomainError(f"名称不能超过{limit}个字符", field=field)
    return value


def checked_text(value: str, field: str, limit: int = 500) -> str:
    """Free text (a reason, a consequence, a measure): trimmed, kept as written, not blank."""
    value = value.strip()
    if is_blank(value):
        raise DomainError(BLANK_MESSAGE, field=field)
    if len(value) > limit:
        raise DomainError(f"不能超过{limit}个字符", field=field)
    return value
