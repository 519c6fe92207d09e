"""The heads topic keeps its contract (schemas/): a head the running audit service sealed, signed and
sent to the real broker validates against the JSON Schema of its data and the CloudEvent headers
of schemas/asyncapi.json — read raw off the topic, as an integrator's client would."""

from __future__ import annotations

import asyncio
import json

import jsonschema
import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition

from libs.kafka import partitions_of
from libs.schemas import ROOT
from libs.topology import heads_topic
from services.audit.sealer import HEAD_TYPE, SERVICE
from tests.integration.audit.conftest import registered, seal, wait_for_entries
from tests.integration.service_client import token


async def raw_heads(settings, enterprise_id: str, seconds: float = 15.0) -> list[tuple[dict, dict]]:
    """(data, headers) of every message on the heads topic about `enterprise_id`, once there is one."""
    topic = heads_topic(SERVICE, settings.topic_prefix)
    partitions = [TopicPartition(topic, p) for p in (await partitions_of(settings.kafka_bootstrap, [topic]))[topic]]
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, group_id=None, enable_auto_commit=False,
                                auto_offset_reset="earliest", fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms)
    await consumer.start()
    found: list[tuple[dict, dict]] = []
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        for _ in range(int(seconds / 0.2)):
            for records in (await consumer.getmany(*partitions, timeout_ms=200)).values():
                for r in records:
                    headers = {k: v.decode() for k, v in r.headers}
                    if headers.get("ce_enterpriseid") == enterprise_id:
                        found.append((orjson.loads(r.value), headers))
            if found:
                return found
        raise AssertionError(f"no head of {enterprise_id} on {topic}")
    finally:
        await consumer.stop()


async def test_a_published_head_validates_against_its_schema(system):
    settings, registry, audit = system
    admin = token(settings, None, "platform_admin")
    eid = await registered(registry, admin, "某化工有限公司")
    await wait_for_entries(audit, eid, token(settings, eid, "safety_officer"), 1)
    [head] = await seal(audit)

    [(data, headers)] = await asyncio.wait_for(raw_heads(settings, eid), 30)
    doc = json.loads((ROOT / "asyncapi.json").read_text())
    message = next(m for m in doc["components"]["messages"].values() if m["name"] == HEAD_TYPE)
    schema = json.loads((ROOT / message["payload"]["$ref"]).read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    jsonschema.Draft202012Validator(doc["components"]["schemas"]["CloudEventHeaders"]).validate(headers)
    assert headers["ce_type"] == HEAD_TYPE and headers["ce_dataschema"] == schema["$id"]
    assert data == head.to_json()
