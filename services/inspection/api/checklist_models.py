"""The checklist's shapes as the API answers them, once for the plan routes and for my tasks: a
key parameter's safe range (its bounds JSON numbers, as the plan's events carry them) and the
mapping of the domain's range to it (domain/safe_range.py: decimals inside, numbers on the wire)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from libs.openapi import Record
from services.inspection.domain.safe_range import SafeRange as DomainSafeRange


class SafeRange(Record):
    unit: str = Field(description="计量单位")
    low: float | None = Field(description="下限 (含)")
    high: float | None = Field(description="上限 (含)")


def safe_range_row(bounds: DomainSafeRange | None) -> dict[str, Any] | None:
    """The domain's range as answered (and as the plan read model keeps it): the one mapping."""
    return None if bounds is None else bounds.model_dump(mode="json")
