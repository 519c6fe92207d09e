"""What hazard governance does about inspection's findings (libs/reactor.py): each `HazardFound`
becomes a hazard, in the transaction that remembers the event. Its id is inspection's, so a
redelivered or replayed event finds the hazard there and records nothing new."""

from __future__ import annotations

from libs.clock import Clock
from libs.cloudevent import InboundEvent, topic_for
from libs.eventstore.port import EventStore
from libs.reactor import Reactor
from libs.repository import Repository
from libs.unit_of_work import UnitOfWork
from services.hazard.application.reports import from_finding
from services.hazard.domain.hazard import Hazard

NAME = "hazard-findings"
FOUND = "shuangkong.inspection.HazardFound"


def finding_reactor(hazards: Repository[Hazard], store: EventStore, clock: Clock, topic_prefix: str,
                    schema: str) -> Reactor:
    reactor = Reactor(NAME, store, [topic_for("inspection", topic_prefix)], schema=schema)

    @reactor.on(FOUND)
    async def register_the_finding(event: InboundEvent, uow: UnitOfWork) -> None:
        reported = from_finding(event.data, clock.now())
        hazard = await hazards.find(reported.hazard_id) or Hazard(reported.hazard_id)
        if hazard.report(reported):
            uow.save(hazards, hazard)

    return reactor
