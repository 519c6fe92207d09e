"""CloudEvents 1.0 in Kafka binary mode: our events out, and back in.

The payload is the event's JSON data; every attribute travels as a `ce_*` header. Our
extensions: `ce_enterpriseid` (the tenant), `ce_streamversion`, `ce_actor`,
`ce_correlationid`, `ce_causationid`; `traceparent` carries the W3C trace context.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, NamedTuple

import orjson

from libs.events import RecordedEvent

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"


def topic_for(service: str, prefix: str = "") -> str:
    return f"{prefix}shuangkong.{service}.events.v1"


def dlq_for(topic: str) -> str:
    return f"{topic}.dlq"


def dataschema(type_name: str, version: int) -> str:
    return f"urn:shuangkong:schema:{type_name}:v{version}"


def to_kafka(event: RecordedEvent, source: str, traceparent: str | None = None,
             ) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """(key, value, headers) for one recorded event; `traceparent` overrides the stored one."""
    meta = event.metadata
    attributes = {
        "ce_specversion": SPEC_VERSION,
        "ce_id": str(event.event_id),
        "ce_source": source,
        "ce_type": event.type,
        "ce_subject": event.stream_id,
        "ce_time": event.recorded_at.isoformat(),
        "ce_dataschema": dataschema(event.type, event.schema_version),
        "content-type": CONTENT_TYPE,
        "ce_streamversion": str(event.version),
        "ce_enterpriseid": meta.get("enterprise_id"),
        "ce_actor": meta.get("actor"),
        "ce_correlationid": meta.get("correlation_id"),
        "ce_causationid": meta.get("causation_id"),
        "traceparent": traceparent or meta.get("traceparent"),
    }
    headers = [(k, v.encode()) for k, v in attributes.items() if v]
    value = orjson.dumps(event.data)
    return event.stream_id.encode(), value, headers


class MalformedEvent(ValueError):
    """A message that is not one of our CloudEvents; it goes to the dead-letter topic."""


class InboundEvent(NamedTuple):
    """An event as a consumer sees it, decoded from a Kafka message. Immutable; a named tuple
    rather than a frozen dataclass because a replay builds one per event and a frozen
    dataclass's `__init__` (a guarded `setattr` per field) cost more than the decoding."""

    event_id: uuid.UUID
    type: str
    source: str
    subject: str
    time: datetime
    schema_version: int
    stream_version: int
    enterprise_id: str | None
    actor: str | None
    correlation_id: str | None
    causation_id: str | None
    traceparent: str | None
    data: dict[str, Any]


def from_kafka(value: bytes | None, headers: list[tuple[str, bytes]] | dict) -> InboundEvent:
    try:
        h = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in
             (headers.items() if isinstance(headers, dict) else headers)}
        if h.get("ce_specversion") != SPEC_VERSION:
            raise MalformedEvent(f"not a CloudEvent {SPEC_VERSION} (ce_specversion={h.get('ce_specversion')!r})")
        data = orjson.loads(value or b"null")
        if not isinstance(data, dict):
            raise MalformedEvent("data is not a JSON object")
        return InboundEvent(
            event_id=uuid.UUID(h["ce_id"]),
            type=h["ce_type"],
            source=h["ce_source"],
            subject=h.get("ce_subject", ""),
            time=datetime.fromisoformat(h["ce_time"]),
            schema_version=int(h.get("ce_dataschema", ":v1").rsplit(":v", 1)[-1]),
            stream_version=int(h.get("ce_streamversion", "0")),
            enterprise_id=h.get("ce_enterpriseid"),
            actor=h.get("ce_actor"),
            correlation_id=h.get("ce_correlationid"),
            causation_id=h.get("ce_causationid"),
            traceparent=h.get("traceparent"),
            data=data,
        )
    except MalformedEvent:
        raise
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise MalformedEvent(f"undecodable message: {exc!r}") from exc
