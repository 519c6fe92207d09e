"""The bases of both contexts' commands: a command carries its address — the enterprise it is
for and the aggregate it is about — so a handler takes the command alone (`handler(cmd, deps,
ctx)`), with no ids beside it.

The address comes from the path, never from the body: the route fills it in with `for_()` (a
copy without validation), the fields are not in the body's JSON Schema, and a body that names
one is refused as any unknown field is (422 `extra_forbidden`), so the wire is what it was.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import Field, field_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from libs.commands import Command

_FROM_PATH = {"exclude": True, "description": "from the path, never the body"}


class EnterpriseCommand(Command):
    """A command for one enterprise (the `{enterprise_id}` of the path)."""

    enterprise_id: SkipJsonSchema[str] = Field("", **_FROM_PATH)

    @field_validator("enterprise_id", "id", mode="before", check_fields=False)
    @classmethod
    def _not_in_the_body(cls, value: Any) -> Any:
        raise PydanticCustomError("extra_forbidden", "Extra inputs are not permitted")

    def for_(self, enterprise_id: str, id: str | None = None) -> Self:  # noqa: A002 - the aggregate's id
        """This command addressed to `enterprise_id` (and the aggregate `id`)."""
        address = {"enterprise_id": enterprise_id}
        if id is not None:
            address["id"] = id
        return self.model_copy(update=address)


class AggregateCommand(EnterpriseCommand):
    """A command about one existing aggregate of the enterprise (the last id of the path)."""

    id: SkipJsonSchema[str] = Field("", **_FROM_PATH)


class Guarded(AggregateCommand):
    """…decided on the version the client read."""

    expected_version: int | None = Field(None, ge=0, description="乐观锁: 客户端读到的版本号; 不一致时返回409")
