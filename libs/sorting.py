"""Sorting a list by a key the client names: a whitelist of keys per list (each an SQL
expression the service owns), ascending or descending, and a Chinese 422 naming `sort` for a key
not on the list — so no client text ever reaches an ORDER BY."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from fastapi import Query

from libs.errors import AppError


class Invalid(AppError):
    status, code = 422, "invalid_input"


class Direction(StrEnum):
    ASC = "asc"
    DESC = "desc"


@dataclass(frozen=True)
class Sort:
    """An ORDER BY clause built from a whitelisted key; `tiebreak` keeps pages stable."""

    expression: str
    direction: Direction
    tiebreak: str

    def sql(self) -> str:
        nulls = "NULLS LAST" if self.direction is Direction.ASC else "NULLS FIRST"
        return f"{self.expression} {self.direction.value.upper()} {nulls}, {self.tiebreak}"


def sort_params(keys: Mapping[str, str], default: str, tiebreak: str) -> Callable[..., Awaitable[Sort]]:
    """A FastAPI dependency reading `sort` (one of `keys`) and `order` (asc/desc)."""
    choices = "、".join(keys)

    async def dependency(sort: str = Query(default, max_length=40, description=f"排序字段: {choices}"),
                         order: Direction = Query(Direction.ASC, description="排序方向: asc 升序, desc 降序")) -> Sort:
        if sort not in keys:
            raise Invalid(f"不支持按“{sort}”排序，可选的排序字段: {choices}", field="sort")
        return Sort(keys[sort], order, tiebreak)

    return dependency
