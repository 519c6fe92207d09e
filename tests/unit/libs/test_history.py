"""The narrator asks for every name a history needs once, describes each event with its type's
describer, and names actors (an account that is no person: 系统管理员)."""

from __future__ import annotations

from libs.events import DomainEvent, EventRegistry
from libs.history import OPERATOR, Narrator


class Renamed(DomainEvent):
    TYPE = "test.Renamed"
    unit_id: str
    name: str


class Forgotten(DomainEvent):
    TYPE = "test.Forgotten"
    unit_id: str


async def test_descriptions_and_actor_names_in_one_lookup():
    asked = []

    async def lookup(enterprise_id, ids):
        asked.append((enterprise_id, ids))
        return {"u1": "生产部", "p1": "王安全"}

    narrator = Narrator(EventRegistry().register_all([Renamed]),
                        {Renamed: lambda e, names: f"{names(e.unit_id)}更名为{e.name}"}, lookup)
    items = [{"actor": "p1"}, {"actor": "dev-user"}, {"actor": None}]
    events = [Renamed(unit_id="u1", name="生产一部"), Renamed(unit_id="u1", name="生产二部"),
              Renamed(unit_id="u2", name="x")]
    await narrator.annotate(items, events, "e1")
    assert asked == [("e1", {"p1", "dev-user", "u1", "u2"})]
    assert [i["actor_name"] for i in items] == ["王安全", OPERATOR, OPERATOR]
    assert items[0]["description"] == "生产部更名为生产一部" and items[2]["description"] == "u2更名为x"


def test_types_without_a_describer_are_named():
    async def lookup(_enterprise_id, _ids):
        return {}

    narrator = Narrator(EventRegistry().register_all([Renamed, Forgotten]),
                        {Renamed: lambda e, names: ""}, lookup)
    assert narrator.missing() == ["test.Forgotten"]
