"""What the inline rebuild takes from the log and leaves alone: each projector call gets one
stream's events of one transaction, in version order; the event store's own objects are read
off its DDL, so none of them is ever taken for a read model."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from libs.events import RecordedEvent
from libs.inline_replay import appends
from libs.read_model import STORE_OBJECTS


def event(tx_id: int, stream: str, version: int, position: int) -> RecordedEvent:
    return RecordedEvent(event_id=uuid.uuid4(), stream_id=stream, version=version, position=position, tx_id=tx_id,
                         type="t", schema_version=1, data={}, metadata={}, recorded_at=datetime.now(UTC))


def test_one_call_per_stream_and_transaction_in_version_order():
    log = [event(7, "a", 1, 10), event(7, "a", 2, 11), event(7, "b", 1, 12), event(8, "a", 4, 14),
           event(8, "a", 3, 13), event(9, "b", 2, 15)]
    assert [[(e.stream_id, e.version) for e in call] for call in appends(log)] == [
        [("a", 1), ("a", 2)], [("b", 1)], [("a", 3), ("a", 4)], [("b", 2)]]


def test_the_store_objects_are_read_off_its_ddl():
    assert STORE_OBJECTS >= {"events", "relay_checkpoints", "inbox", "events_are_immutable", "alembic_version",
                             "deadlines"}  # what is due is set with the appends, kept through a rebuild
    assert not STORE_OBJECTS & {"org_units", "name_claims", "audit_entries"}
