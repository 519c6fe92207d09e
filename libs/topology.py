"""Which services publish events. Projections that follow "every event" (audit, government
sync) subscribe to all of these topics; each topic is created explicitly, so a producer that has
not started yet is not a problem."""

from libs.cloudevent import topic_for

PRODUCERS = ("risk_registry", "inspection", "hazard", "training", "monitoring")


def all_event_topics(prefix: str = "") -> list[str]:
    return [topic_for(service, prefix) for service in PRODUCERS]
