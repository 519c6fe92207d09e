"""One shape for every paginated list: `{items, total, limit, offset}`."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

T = TypeVar("T")


class PageParams(BaseModel):
    limit: int
    offset: int


async def page_params(limit: int = Query(50, ge=1, le=500, description="每页条数"),
                      offset: int = Query(0, ge=0, le=2**31 - 1, description="跳过条数")) -> PageParams:
    return PageParams(limit=limit, offset=offset)


def page(items: list[Any], total: int, params: PageParams) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": params.limit, "offset": params.offset}


class Page(BaseModel, Generic[T]):
    """The response model of a paginated list: `response_model=Page[Item]`."""

    items: list[T]
    total: int = Field(description="符合条件的总条数")
    limit: int
    offset: int
