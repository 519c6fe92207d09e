"""Small conversions every dialect shares: flags as "0"/"1", decimals as JSON numbers."""

from __future__ import annotations

from decimal import Decimal


def flag(value: bool) -> str:
    return "1" if value else "0"


def number(value: Decimal | None) -> int | float | None:
    """A decimal as the shortest JSON number: 8 not 8.0, 1.5 as 1.5 (two decimals at most on the
    platforms, so the float's shortest text is the decimal itself)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def text(value: object) -> str | None:
    return None if value is None else str(value)
