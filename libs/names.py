"""Names people give things (an enterprise, a department, a tank farm, a risk): one definition of
what a name is, how it is stored and when two names are the same.

A name is stored in NFC with the format characters (Unicode category Cf: U+200B zero width space,
U+202E right-to-left override, U+FEFF …) removed and every run of white space (category Zs, tab,
newline, U+3000 ideographic space …) turned into one space, trimmed. What is left must contain a
visible character, else the name is blank: `生产部` and `\u202e\u200b` differ only in that one of
them can be read.

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


def _is_space(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def normalise(value: str) -> str:
    """The stored form of a name (may be "" when nothing visible was in it)."""
    value = unicodedata.normalize("NFC", value)
    kept: list[str] = []
    for ch in value:
        if unicodedata.category(ch) == "Cf":
            continue
        if _is_space(ch):
            if kept and kept[-1] != " ":
                kept.append(" ")
            continue
        kept.append(ch)
    return "".join(kept).strip(" ")


def is_blank(value: str) -> bool:
    """Nothing visible: only white space, format and control characters."""
    return not any(not _is_space(ch) and unicodedata.category(ch) not in ("Cf", "Cc") for ch in value)


def name_key(value: str) -> str:
    """What two names must share to be the same name."""
    return unicodedata.normalize("NFKC", normalise(value)).casefold()


def _checked(value: str) -> str:
    normalised = normalise(value)
    if is_blank(normalised):
        raise PydanticCustomError("blank_name", BLANK_MESSAGE)
    return normalised


# A command field holding a name: normalised, and refused (422 naming the field) when blank.
Name = Annotated[str, AfterValidator(_checked)]


def checked_name(value: str, field: str, limit: int = 200) -> str:
    """The domain's own check of a name (aggregates are used without HTTP too): normalised, not
    blank, at most `limit` characters."""
    value = normalise(value)
    if is_blank(value):
        raise DomainError(f"名称{BLANK_MESSAGE}", field=field)
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
