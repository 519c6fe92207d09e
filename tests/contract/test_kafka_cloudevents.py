"""An integrator's view: an independent Kafka client (librdkafka via confluent-kafka) and the
CNCF CloudEvents SDK read our messages as valid CloudEvents whose data validates against
`schemas/`."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import jsonschema
from cloudevents.core.bindings import kafka as ce_kafka
from confluent_kafka import Consumer

from libs.cloudevent import topic_for
from libs.schemas import ROOT
from services.risk_registry.app import create_app
from tests.integration.service_client import running, settings_for, token


def read_all(bootstrap: str, topic: str, expected: int, timeout: float = 20.0) -> list:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"integrator-{uuid.uuid4().hex[:6]}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False,
                         "session.timeout.ms": 6000, "fetch.wait.max.ms": 50})
    consumer.subscribe([topic])
    messages, deadline = [], time.monotonic() + timeout
    try:
        while len(messages) < expected and time.monotonic() < deadline:
            msg = consumer.poll(0.2)
            if msg is not None and msg.error() is None:
                messages.append(msg)
    finally:
        consumer.close()
    return messages


async def test_an_independent_client_reads_valid_cloudevents(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    async with running(create_app(settings)) as api:
        admin = token(settings, None, "platform_admin")
        eid = (await api.post("/enterprises", headers=admin, json={
            "name": "集成测试公司", "credit_code": "91350100M000100Y43", "industry": "危化",
            "hazchem_code": "330200123"})).json()["id"]
        officer = token(settings, eid, "safety_officer", person="officer-7")
        dept = (await api.post(f"/enterprises/{eid}/org-units", headers=officer,
                               json={"kind": "department", "name": "储运部"})).json()
        await api.post(f"/enterprises/{eid}/org-units/{dept['id']}/rename", headers=officer,
                       json={"name": "储运罐区部"})
        await api.post(f"/enterprises/{eid}/people", headers=officer,
                       json={"name": "王芳", "mobile": "13900001111", "roles": ["safety_officer"]})

        messages = await asyncio.to_thread(read_all, runtime.bootstrap, topic_for("risk_registry", topic_prefix), 4)

    assert len(messages) == 4
    partitions: dict[bytes, int] = {}
    for msg in messages:
        headers = dict(msg.headers())
        event = ce_kafka.from_binary_event(ce_kafka.KafkaMessage(headers=headers, key=msg.key(), value=msg.value()))
        assert event.get_specversion() == "1.0"
        assert event.get_source() == "/shuangkong/risk_registry"
        assert event.get_subject() == msg.key().decode(), "keyed by stream id"
        assert event.get_datacontenttype() == "application/json"
        assert event.get_time() is not None
        assert event.get_extension("enterpriseid") == eid
        uuid.UUID(event.get_id())
        schema_file = ROOT / "events" / event.get_type() / f"v{event.get_dataschema().rsplit(':v', 1)[1]}.json"
        jsonschema.validate(event.get_data(), json.loads(schema_file.read_text()))
        partitions.setdefault(msg.key(), msg.partition())
        assert partitions[msg.key()] == msg.partition(), "one aggregate, one partition"
    types = [m.headers() and dict(m.headers())["ce_type"].decode().rsplit(".", 1)[1] for m in messages]
    assert sorted(types) == sorted(["EnterpriseRegistered", "OrgUnitCreated", "OrgUnitRenamed", "PersonRegistered"])
    actors = {dict(m.headers()).get("ce_actor", b"").decode() for m in messages}
    assert "officer-7" in actors
