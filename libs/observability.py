"""Traces, metrics and logs, set up one way for every service.

One trace follows a command from HTTP through the append (the `traceparent` is stored in the
event's metadata), the relay (it travels as a Kafka header) into every consumer. Spans are
exported over OTLP when `SK_OTLP_ENDPOINT` is set, otherwise nowhere.
"""

from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager

from opentelemetry import context, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from prometheus_client import Counter, Histogram, start_http_server

_propagator = TraceContextTextMapPropagator()
tracer = trace.get_tracer("shuangkong")

COMMAND_LATENCY = Histogram("sk_command_seconds", "Time to handle a command, HTTP in to append done",
                            ["service", "command"])
EVENTS_APPENDED = Counter("sk_events_appended_total", "Events appended to the store", ["service", "type"])


@contextmanager
def metrics_served(port: int, host: str = "127.0.0.1"):
    """This process' Prometheus metrics on `host:port` (`/metrics`) while the block runs; nothing
    when `port` is 0. A port of its own, never the API's: the gateway makes API paths public."""
    if not port:
        yield
        return
    server, thread = start_http_server(port, addr=host)
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()  # the port is free again when the block is left, not when collected
        thread.join(5)


def setup_tracing(service: str, otlp_endpoint: str = "") -> None:
    provider = TracerProvider(resource=Resource.create({"service.name": f"shuangkong-{service}"}))
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint)))
    trace.set_tracer_provider(provider)


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get("traceparent")


def producer_headers(event_type: str, topic: str, traceparent: str | None) -> str | None:
    """Open and close a PRODUCER span under the command's trace; return its traceparent, which
    the message carries so that consumers continue the same trace. An event that came without a
    trace (a bulk load, a migration) gets none: no span, no cost on the relay's hot path."""
    if not traceparent:
        return None
    parent = _propagator.extract({"traceparent": traceparent})
    span = tracer.start_span(f"publish {event_type.rsplit('.', 1)[-1]}", context=parent,
                             kind=trace.SpanKind.PRODUCER,
                             attributes={"messaging.system": "kafka", "messaging.destination.name": topic})
    span.end()
    ctx = span.get_span_context()
    if not ctx.is_valid:
        return traceparent
    return f"00-{ctx.trace_id:032x}-{ctx.span_id:016x}-{int(ctx.trace_flags):02x}"


@contextmanager
def consumer_span(projection: str, record, event):
    """A consumer span whose parent is the producer's trace, via the event's `traceparent`."""
    parent = _propagator.extract({"traceparent": event.traceparent} if event.traceparent else {})
    token = context.attach(parent)
    try:
        with tracer.start_as_current_span(
            f"{projection} apply {event.type}",
            kind=trace.SpanKind.CONSUMER,
            attributes={"messaging.system": "kafka", "messaging.destination.name": record.topic,
                        "messaging.message.id": str(event.event_id)},
        ) as span:
            yield span
    finally:
        context.detach(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, carrying the trace id of the current span."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        ctx = trace.get_current_span().get_span_context()
        if ctx.is_valid:
            line["trace_id"] = format(ctx.trace_id, "032x")
            line["span_id"] = format(ctx.span_id, "016x")
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def setup_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request it sends with its full URL at INFO: through the gateway that would
    # put query values (a searched mobile number) in the log.
    for noisy in ("aiokafka", "faststream", "uvicorn.access", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
