"""libs/inline.Projector: an inline projector is a table from event class to handler; it decodes
(with the registry's upcasting) only the events it handles, in order, and refuses a table that
names an event its registry does not know."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from libs.events import DomainEvent, EventRegistry, RecordedEvent
from libs.inline import Projector


class Opened(DomainEvent):
    TYPE = "test.Opened"
    name: str


class Closed(DomainEvent):
    TYPE = "test.Closed"
    name: str


class Unregistered(DomainEvent):
    TYPE = "test.Unregistered"


REGISTRY = EventRegistry().register_all([Opened, Closed])


def recorded(event: DomainEvent, version: int = 1, data: dict | None = None) -> RecordedEvent:
    return RecordedEvent(event_id=uuid.uuid4(), stream_id="thing-1", version=version, position=version, tx_id=1,
                         type=event.TYPE, schema_version=event.VERSION, data=data or event.payload(), metadata={},
                         recorded_at=datetime(2026, 12, 2, tzinfo=UTC))


def test_each_handled_event_reaches_its_handler_decoded_in_order_with_its_envelope():
    seen = []
    projector = Projector(REGISTRY, {Opened: lambda e, r: seen.append((e.name, r.version))})
    projector.run([recorded(Opened(name="a"), 1), recorded(Closed(name="a"), 2), recorded(Opened(name="b"), 3)])
    assert seen == [("a", 1), ("b", 3)]


def test_an_event_without_a_handler_is_not_even_decoded():
    projector = Projector(REGISTRY, {Opened: lambda e, r: None})
    projector.run([recorded(Closed(name="x"), data={"not": "a Closed at all"})])  # would not decode


async def test_on_postgresql_the_handler_gets_the_connection_first():
    seen = []

    async def opened(conn, e, r):
        seen.append((conn, e.name))

    await Projector(REGISTRY, {Opened: opened})("conn", [recorded(Opened(name="a"))])
    assert seen == [("conn", "a")]


def test_a_handler_for_an_event_the_registry_does_not_know_is_refused():
    with pytest.raises(ValueError, match="Unregistered"):
        Projector(REGISTRY, {Unregistered: lambda e, r: None})
