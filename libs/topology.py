"""Which services publish events. Projections that follow "every event" (audit, government
sync) subscribe to all of these topics; each topic is created explicitly, so a producer that has
not started yet is not a problem.

A service may also publish statements about its own state on a topic of their own (the audit
trail's signed tree heads: `heads_topic`); those are not events, and no "every event" projection
subscribes to them.

`libs` never names a service: the composition root (`shuangkong.catalog`) declares the
producers from the services' specs — a spec with an event registry publishes — before any
service is built, in every entry point (the CLI, the tests' conftest, the benchmark).
"""

from __future__ import annotations

from collections.abc import Iterable

from libs.cloudevent import topic_for

_producers: tuple[str, ...] | None = None


def declare_producers(names: Iterable[str]) -> None:
    global _producers
    _producers = tuple(names)


def producers() -> tuple[str, ...]:
    if _producers is None:
        # Fail loudly: subscribing to no topic would look like a quiet, empty trail.
        raise LookupError("no producers declared: build services through the composition root "
                          "(shuangkong.catalog.catalog()), which declares them from the specs")
    return _producers


def all_event_topics(prefix: str = "", services: Iterable[str] | None = None) -> list[str]:
    return [topic_for(service, prefix) for service in (producers() if services is None else services)]


def heads_topic(service: str, prefix: str = "") -> str:
    """Where `service` publishes its signed tree heads: beside its event topic, never one of them."""
    return f"{prefix}shuangkong.{service}.heads.v1"
