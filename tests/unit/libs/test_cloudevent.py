"""CloudEvents 1.0 in Kafka binary mode: our events out and back, and what is refused coming in."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from libs.cloudevent import MalformedEvent, dataschema, from_kafka, to_kafka
from libs.events import RecordedEvent

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
EVENT = RecordedEvent(
    event_id=uuid.UUID("0b6f1d7e-4a1b-4c7e-9a35-1d2e3f405162"),
    stream_id="hazard-h-1",
    version=3,
    position=42,
    tx_id=17,
    type="shuangkong.hazard.HazardReported",
    schema_version=2,
    data={"hazard_id": "h-1", "description": "储罐区阀门泄漏", "level": 1},
    metadata={"actor": "p-1", "enterprise_id": "ent-1", "correlation_id": "corr-1", "traceparent": TRACEPARENT},
    recorded_at=datetime(2025, 1, 6, 8, 30, 15, 123456, tzinfo=UTC),
)


def headers_of(event: RecordedEvent = EVENT, **changes: str | None) -> dict[str, bytes]:
    _, _, headers = to_kafka(event, source="/services/hazard")
    h = dict(headers)
    for name, value in changes.items():
        if value is None:
            h.pop(name, None)
        else:
            h[name] = value.encode()
    return h


def test_recorded_event_survives_the_trip_through_kafka():
    key, value, headers = to_kafka(EVENT, source="/services/hazard")
    inbound = from_kafka(value, headers)
    assert key == b"hazard-h-1"
    assert inbound.event_id == EVENT.event_id
    assert (inbound.type, inbound.source, inbound.subject) == (EVENT.type, "/services/hazard", "hazard-h-1")
    assert inbound.time == EVENT.recorded_at
    assert (inbound.schema_version, inbound.stream_version) == (2, 3)
    assert (inbound.enterprise_id, inbound.actor, inbound.correlation_id) == ("ent-1", "p-1", "corr-1")
    assert inbound.traceparent == TRACEPARENT
    assert inbound.data == EVENT.data


def test_payload_is_compact_json_with_chinese_kept():
    _, value, _ = to_kafka(EVENT, source="s")
    assert "储罐区阀门泄漏".encode() in value
    assert json.loads(value) == EVENT.data


def test_headers_name_the_spec_version_and_data_schema():
    h = headers_of()
    assert h["ce_specversion"] == b"1.0"
    assert h["ce_dataschema"] == dataschema(EVENT.type, 2).encode()
    assert h["content-type"] == b"application/json"


def test_missing_metadata_is_left_out_of_the_headers():
    _, _, headers = to_kafka(RecordedEvent(**{**EVENT.__dict__, "metadata": {}}), source="s")
    names = {name for name, _ in headers}
    assert not names & {"ce_enterpriseid", "ce_actor", "ce_correlationid", "ce_causationid", "traceparent"}


def test_traceparent_given_at_publish_time_replaces_the_stored_one():
    other = "00-11111111111111111111111111111111-2222222222222222-01"
    _, value, headers = to_kafka(EVENT, source="s", traceparent=other)
    assert from_kafka(value, headers).traceparent == other


def test_headers_as_a_dict_of_strings_are_accepted():
    _, value, headers = to_kafka(EVENT, source="s")
    assert from_kafka(value, {k: v.decode() for k, v in headers}).event_id == EVENT.event_id


@pytest.mark.parametrize(("value", "headers"), [
    (b"{}", headers_of(ce_specversion=None)),
    (b"{}", headers_of(ce_specversion="0.3")),
    (b"{not json", headers_of()),
    (b"\xff\xfe", headers_of()),
    (b'["a", "list"]', headers_of()),
    (b'"a string"', headers_of()),
    (None, headers_of()),
    (b"{}", headers_of(ce_id=None)),
    (b"{}", headers_of(ce_id="not-a-uuid")),
    (b"{}", headers_of(ce_type=None)),
    (b"{}", headers_of(ce_time="yesterday")),
    (b"{}", headers_of(ce_streamversion="three")),
], ids=["no specversion", "old specversion", "not json", "not utf-8", "json list", "json string", "no value",
        "no id", "id not a uuid", "no type", "bad time", "bad stream version"])
def test_message_that_is_not_one_of_our_cloudevents_is_malformed(value, headers):
    with pytest.raises(MalformedEvent):
        from_kafka(value, headers)


def test_header_that_is_not_utf8_is_malformed():
    with pytest.raises(MalformedEvent):
        from_kafka(b"{}", {**headers_of(), "ce_actor": b"\xff"})


def test_event_without_the_optional_dataschema_is_read_as_schema_version_1():
    assert from_kafka(b"{}", headers_of(ce_dataschema=None)).schema_version == 1
