"""`schemas/`: a JSON Schema per event type and version, and the AsyncAPI 3.0 document of the
topics, generated from the code. Old versions stay: a file is added or updated, never removed.

The registries come from the caller, by publishing service (the composition root reads them off
the services' specs: `shuangkong.catalog`), and so do the statements: messages a service publishes
about its own state on a topic of its own, which are not events (the audit trail's signed tree
heads, libs/topology.heads_topic). A service declares a statement's schema in its spec, so
`libs` names none."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from libs.cloudevent import CONTENT_TYPE, dataschema, dlq_for, topic_for
from libs.events import DomainEvent, EventRegistry

ROOT = Path(__file__).resolve().parents[1] / "schemas"

CLOUDEVENT_HEADERS: dict[str, Any] = {
    "type": "object",
    "description": "CloudEvents 1.0 Kafka binary mode: attributes as ce_* headers, data as the value.",
    "required": ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time", "content-type"],
    "properties": {
        "ce_specversion": {"const": "1.0"},
        "ce_id": {"type": "string", "format": "uuid", "description": "event id; consumers dedupe on it"},
        "ce_source": {"type": "string", "description": "/shuangkong/<service>"},
        "ce_type": {"type": "string"},
        "ce_subject": {"type": "string", "description": "stream id of the aggregate; also the Kafka key"},
        "ce_time": {"type": "string", "format": "date-time"},
        "ce_dataschema": {"type": "string", "description": "urn:shuangkong:schema:<type>:v<version>"},
        "content-type": {"const": CONTENT_TYPE},
        "ce_streamversion": {"type": "string", "description": "version of the aggregate after this event"},
        "ce_enterpriseid": {"type": "string", "description": "tenant: the enterprise the event belongs to"},
        "ce_actor": {"type": "string", "description": "person who issued the command"},
        "ce_correlationid": {"type": "string"},
        "ce_causationid": {"type": "string"},
        "traceparent": {"type": "string", "description": "W3C trace context"},
    },
}


@dataclass(frozen=True)
class Statement:
    """A CloudEvent a service publishes on `topic` that is not one of its events: its `type`, its
    `version` (ce_dataschema's), the JSON Schema of its data and what it says, in one line."""

    type: str
    version: int
    topic: str
    data_schema: dict[str, Any]
    summary: str

    @property
    def name(self) -> str:
        return self.type.rsplit(".", 1)[-1]


def event_schema(cls: type[DomainEvent]) -> dict[str, Any]:
    schema = cls.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": dataschema(cls.TYPE, cls.VERSION), "x-ce-type": cls.TYPE,
            "x-schema-version": cls.VERSION, **schema}


def statement_schema(statement: Statement) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": dataschema(statement.type, statement.version), "x-ce-type": statement.type,
            "x-schema-version": statement.version, **statement.data_schema}


def schema_path(cls: type[DomainEvent] | Statement) -> Path:
    """`schemas/events/<ce_type>/v<version>.json`: where an integrator finds the data of any ce_type."""
    kind, version = (cls.type, cls.version) if isinstance(cls, Statement) else (cls.TYPE, cls.VERSION)
    return ROOT / "events" / kind / f"v{version}.json"


def _statement_channels(statements: Iterable[Statement]) -> tuple[dict, dict, dict]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for st in statements:
        messages[st.name] = {
            "name": st.type, "title": st.name, "summary": st.summary, "contentType": CONTENT_TYPE,
            "headers": {"$ref": "#/components/schemas/CloudEventHeaders"},
            "payload": {"$ref": f"./events/{st.type}/v{st.version}.json"},
            "bindings": {"kafka": {"key": {"type": "string", "description": "ce_subject"}}},
        }
        channel = st.topic.replace(".", "_")
        channels[channel] = {"address": st.topic, "messages": {st.name: {"$ref": f"#/components/messages/{st.name}"}},
                             "description": f"{st.summary}; not events: no projection of every event reads this topic."}
        operations[f"receive_{channel}"] = {"action": "receive", "channel": {"$ref": f"#/channels/{channel}"}}
    return channels, operations, messages


def asyncapi(registries: dict[str, EventRegistry], statements: Iterable[Statement] = ()) -> dict[str, Any]:
    channels, operations, messages = {}, {}, {}
    for service, registry in registries.items():
        topic = topic_for(service)
        refs = {}
        for cls in registry.classes():
            name = cls.TYPE.rsplit(".", 1)[-1]
            messages[name] = {
                "name": cls.TYPE, "title": name, "summary": (cls.__doc__ or name).strip().splitlines()[0],
                "contentType": CONTENT_TYPE, "headers": {"$ref": "#/components/schemas/CloudEventHeaders"},
                "payload": {"$ref": f"./events/{cls.TYPE}/v{cls.VERSION}.json"},
                "bindings": {"kafka": {"key": {"type": "string", "description": "ce_subject (stream id)"}}},
            }
            refs[name] = {"$ref": f"#/components/messages/{name}"}
        channels[service] = {"address": topic, "messages": refs,
                             "description": f"Events of {service}; keyed by stream id so an aggregate stays in order. "
                                            f"Undeliverable messages of consumers go to {dlq_for(topic)}."}
        operations[f"receive_{service}"] = {"action": "receive", "channel": {"$ref": f"#/channels/{service}"}}
    for ours, theirs in zip((channels, operations, messages), _statement_channels(statements), strict=True):
        if clash := ours.keys() & theirs.keys():
            raise ValueError(f"a statement is named like an event or its topic: {sorted(clash)}")
        ours |= theirs
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "Shuangkong (双控) event topics", "version": "1.0.0",
                 "description": "CloudEvents 1.0 in Kafka binary mode. Delivery is at-least-once: dedupe on ce_id."},
        "defaultContentType": CONTENT_TYPE,
        "channels": channels, "operations": operations,
        "components": {"messages": messages, "schemas": {"CloudEventHeaders": CLOUDEVENT_HEADERS}},
    }


def _render(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def rendered(registries: dict[str, EventRegistry], statements: Iterable[Statement] = ()) -> dict[Path, str]:
    statements = tuple(statements)
    files = {ROOT / "asyncapi.json": _render(asyncapi(registries, statements))}
    for registry in registries.values():
        for cls in registry.classes():
            files[schema_path(cls)] = _render(event_schema(cls))
    for st in statements:
        files[schema_path(st)] = _render(statement_schema(st))
    return files


def write_schemas(registries: dict[str, EventRegistry], check: bool = False,
                  statements: Iterable[Statement] = ()) -> list[str]:
    """Write (or with `check`, only compare) every file; return the stale ones."""
    stale = []
    for path, text in rendered(registries, statements).items():
        if not path.exists() or path.read_text() != text:
            stale.append(str(path.relative_to(ROOT.parent)))
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
    return stale
