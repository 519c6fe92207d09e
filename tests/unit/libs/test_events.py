"""EventRegistry: type names to classes, and old payloads upcast one version at a time."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from libs.events import DomainEvent, EventRegistry, Metadata, UnknownEventType


class ReadingTaken(DomainEvent):
    """v1 {"temp_f"}; v2 {"celsius"}; v3 {"celsius", "unit_id"}."""

    TYPE = "shuangkong.test.ReadingTaken"
    VERSION = 3
    celsius: float
    unit_id: str


class Other(DomainEvent):
    TYPE = "shuangkong.test.Other"
    note: str


@pytest.fixture
def registry() -> EventRegistry:
    reg = EventRegistry().register_all([ReadingTaken, Other])
    steps: list[int] = []
    reg.steps = steps  # type: ignore[attr-defined]

    @reg.upcaster(ReadingTaken.TYPE, 1)
    def fahrenheit_to_celsius(data):
        steps.append(1)
        return {"celsius": round((data["temp_f"] - 32) * 5 / 9, 1)}

    @reg.upcaster(ReadingTaken.TYPE, 2)
    def add_unit(data):
        steps.append(2)
        return {**data, "unit_id": "unknown"}

    return reg


def test_encoded_event_decodes_to_an_equal_event(registry):
    event = ReadingTaken(celsius=21.5, unit_id="罐区")
    new = registry.encode(event, Metadata(actor="p-1"))
    assert (new.type, new.schema_version, new.metadata) == (ReadingTaken.TYPE, 3, {"actor": "p-1"})
    assert registry.decode(new.type, new.schema_version, new.data) == event


def test_current_version_payload_is_not_upcast(registry):
    registry.decode(ReadingTaken.TYPE, 3, {"celsius": 1.0, "unit_id": "u"})
    assert registry.steps == []


def test_oldest_payload_is_upcast_through_every_version_in_order(registry):
    event = registry.decode(ReadingTaken.TYPE, 1, {"temp_f": 212})
    assert event == ReadingTaken(celsius=100.0, unit_id="unknown")
    assert registry.steps == [1, 2]


def test_middle_version_payload_takes_only_the_remaining_step(registry):
    assert registry.decode(ReadingTaken.TYPE, 2, {"celsius": 5.0}) == ReadingTaken(celsius=5.0, unit_id="unknown")
    assert registry.steps == [2]


def test_old_payload_without_its_upcaster_cannot_be_read():
    reg = EventRegistry().register_all([ReadingTaken])
    with pytest.raises(LookupError, match="v1"):
        reg.decode(ReadingTaken.TYPE, 1, {"temp_f": 32})


def test_unknown_type_is_reported_as_such(registry):
    with pytest.raises(UnknownEventType):
        registry.decode("shuangkong.test.Nope", 1, {})


def test_two_classes_claiming_one_type_are_refused(registry):
    class Impostor(DomainEvent):
        TYPE = Other.TYPE
        note: str

    with pytest.raises(ValueError, match="registered twice"):
        registry.register(Impostor)


def test_registering_the_same_class_again_is_harmless(registry):
    registry.register(Other)
    assert registry.classes() == [ReadingTaken, Other]
    assert Other.TYPE in registry


def test_payload_with_an_unexpected_field_is_refused(registry):
    with pytest.raises(ValidationError):
        registry.decode(Other.TYPE, 1, {"note": "x", "extra": 1})


def test_events_are_immutable():
    with pytest.raises(ValidationError):
        Other(note="x").note = "y"  # type: ignore[misc]
