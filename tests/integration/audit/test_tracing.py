"""One trace follows a command from HTTP through the append, the relay and Kafka into the audit
consumer; the JSON log lines carry the trace id."""

from __future__ import annotations

import asyncio
import json
import logging

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from libs.observability import JsonFormatter
from tests.integration.audit.conftest import registered, wait_for_entries
from tests.integration.service_client import token

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


async def test_a_command_is_one_trace_from_http_to_the_audit_consumer(system):
    settings, registry, audit = system
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))

    headers = {**token(settings, None, "platform_admin"), "traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01"}
    eid = await registered(registry, headers, "追踪测试公司")
    await wait_for_entries(audit, eid, token(settings, eid, "safety_officer"), 1)
    await asyncio.sleep(0.1)

    spans = [s for s in exporter.get_finished_spans() if format(s.context.trace_id, "032x") == TRACE_ID]
    kinds = {s.kind for s in spans}
    assert trace.SpanKind.SERVER in kinds, "the HTTP request"
    assert trace.SpanKind.PRODUCER in kinds, "the relay publishing the event"
    consumer = [s for s in spans if s.kind == trace.SpanKind.CONSUMER]
    assert consumer and consumer[0].name.startswith("audit apply")
    producer = next(s for s in spans if s.kind == trace.SpanKind.PRODUCER)
    assert consumer[0].parent.span_id == producer.context.span_id


def test_log_lines_are_json_with_the_trace_id():
    record = logging.LogRecord("sk", logging.INFO, __file__, 1, "审计完成", None, None)
    with trace.get_tracer("t").start_as_current_span("work") as span:
        line = json.loads(JsonFormatter("audit").format(record))
    assert line["message"] == "审计完成" and line["service"] == "audit"
    assert line["trace_id"] == format(span.get_span_context().trace_id, "032x")
