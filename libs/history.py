"""History a person can read: each recorded event of an aggregate, with a Chinese description
of the change and the name of who made it, beside the raw type, data and actor.

A service gives one describer per event type (a pure function of the event and the names of
the things it refers to) and a way to look names up; `Narrator` asks for every name a history
needs in one look-up, within the aggregate's tenant (an id another tenant also uses, an actor's
token naming a person of another enterprise, is never named from there). An actor that is no
person of the directory (a platform operator, a development token) is shown as `OPERATOR`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from pydantic import BaseModel, Field

from libs.events import DomainEvent, EventRegistry
from libs.openapi import Record, Timestamp

OPERATOR = "系统管理员"


class HistoryItem(Record):
    """One event of an aggregate's stream, oldest first, as a history route answers it."""

    version: int
    type: str = Field(description="事件类型 (如 RiskAssessed)")
    data: dict[str, Any]
    actor: str | None = Field(description="操作人 (令牌中的 sub)")
    actor_name: str = Field(description="操作人姓名; 不是人员名册中的人员的账号显示为 系统管理员")
    description: str = Field(description="变更说明 (中文), 如 评价固有风险：LEC 270，较大风险")
    recorded_at: Timestamp


class Names:
    """Names of the things a history refers to, by id."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self._names = dict(names)

    def __call__(self, id_: str | None, missing: str = "无") -> str:
        """The name of `id_`; the id itself when it names nothing known (it may be retired elsewhere)."""
        if id_ is None:
            return missing
        return self._names.get(id_, id_)

    def known(self, id_: str) -> str | None:
        return self._names.get(id_)

    def person(self, id_: str | None) -> str:
        """A person's name; an account that is no person of the directory is `OPERATOR`."""
        return (self._names.get(id_) if id_ else None) or OPERATOR


Describer = Callable[[Any, Names], str]
# (the tenant whose names may be shown, the ids) → names
NameLookup = Callable[[str, set[str]], Awaitable[Mapping[str, str]]]


def referenced_ids(event: BaseModel) -> set[str]:
    """Every id an event refers to, whose names a description may show: its `…_id` fields and the
    members of its `…_ids` lists, in nested models too (a hazard's grading names its liable person)."""
    found: set[str] = set()
    for k, v in event:
        if (k.endswith("_id") or k == "id") and isinstance(v, str):
            found.add(v)
        elif k.endswith("_ids") and isinstance(v, list | tuple):
            found |= {i for i in v if isinstance(i, str)}
        elif isinstance(v, BaseModel):
            found |= referenced_ids(v)
    return found


class Narrator:
    def __init__(self, registry: EventRegistry, describers: Mapping[type[DomainEvent], Describer],
                 lookup: NameLookup) -> None:
        self._registry, self._describers, self._lookup = registry, dict(describers), lookup

    def missing(self, classes: Iterable[type[DomainEvent]] | None = None) -> list[str]:
        """Event types that have no describer (a test keeps this empty)."""
        return sorted(c.TYPE for c in (classes if classes is not None else self._registry.classes())
                      if c not in self._describers)

    async def annotate(self, items: list[dict[str, Any]], events: list[DomainEvent],
                       enterprise_id: str) -> list[dict[str, Any]]:
        """Add `description` and `actor_name` to each history item (in place), naming only what
        `enterprise_id` holds."""
        wanted = {i["actor"] for i in items if i.get("actor")}
        for event in events:
            wanted |= referenced_ids(event)
        names = Names(await self._lookup(enterprise_id, wanted) if wanted else {})
        for item, event in zip(items, events, strict=True):
            item["description"] = self._describers[type(event)](event, names)
            item["actor_name"] = names.person(item.get("actor"))
        return items
