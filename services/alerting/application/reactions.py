"""What alerting does about other services' events (libs/reactor.py), as the source table says
(domain/sources.py): raise an alert and tell its first rungs, resolve a cause's open alerts, or follow
the cause to new assignees — in the transaction that remembers the event. An alert's id derives from
its cause, stage and deadline, so a redelivered or replayed event finds it raised and records nothing."""

from __future__ import annotations

from dataclasses import dataclass

from libs.clock import Clock
from libs.cloudevent import InboundEvent, topic_for
from libs.eventstore.port import EventStore
from libs.reactor import Reactor
from libs.replica import NotReplicatedYet
from libs.repository import Repository
from libs.unit_of_work import UnitOfWork
from services.alerting.application.escalation import Escalation
from services.alerting.application.ports import AlertIndex, CauseFacts, Facts
from services.alerting.domain import events as e
from services.alerting.domain.alert import Alert
from services.alerting.domain.codes import Stage
from services.alerting.domain.policy_book import PolicyBook
from services.alerting.domain.sources import Source, SourceTable, alert_id_for, deadline_of

NAME = "alerting-sources"
NEEDS_FACTS = {"occurrence", "hazard"}  # their 临期 events do not name the assignees: the replica does


@dataclass
class Sources:
    table: SourceTable
    alerts: Repository[Alert]
    policies: Repository[PolicyBook]
    escalation: Escalation
    facts: Facts
    index: AlertIndex
    clock: Clock

    async def react(self, event: InboundEvent, uow: UnitOfWork) -> None:
        source = self.table.by_type[event.type]
        enterprise_id = event.enterprise_id or event.data["enterprise_id"]
        cause_id = str(event.data[source.id_field])
        if source.does == "raise":
            await self._raise(source, event, enterprise_id, cause_id, uow)
        elif source.does == "resolve":
            await self._resolve(source, event, enterprise_id, cause_id, source.stages, uow)
        else:
            for alert in await self._open(enterprise_id, source.cause_type, cause_id, list(Stage)):
                if alert.reassign(list(event.data[source.person_ids_field or "person_ids"]), self.clock.now()):
                    uow.save(self.alerts, alert)

    async def _raise(self, source: Source, event: InboundEvent, enterprise_id: str, cause_id: str,
                     uow: UnitOfWork) -> None:
        assert source.stage is not None and source.deadline_field is not None
        deadline = deadline_of(event.data[source.deadline_field])
        alert_id = alert_id_for(source.cause_type, cause_id, source.stage, deadline)
        alert = await self.alerts.find(alert_id) or Alert(alert_id)
        if alert.raised is not None:
            return  # redelivered: raised before
        facts = await self._facts(source, event, enterprise_id, cause_id)
        people = event.data.get(source.person_ids_field) if source.person_ids_field else None
        posts = event.data.get(source.post_ids_field) if source.post_ids_field else None
        cause = e.Cause(cause_type=source.cause_type, cause_id=cause_id, title=facts.title,
                        person_ids=list(people if people is not None else facts.person_ids),
                        post_ids=list(posts if posts is not None else facts.post_ids),
                        department_id=facts.department_id)
        policy = (await self.policies.find(enterprise_id) or PolicyBook(enterprise_id)).policy
        now = self.clock.now()
        # 超期 climbs from the original deadline; 临期 is before it, so its rungs count from when the
        # source says it became 临期 (on the source's clock, itself fixed by that deadline).
        began = event.data.get(source.at_field) if source.at_field else None
        anchor = deadline if source.stage is Stage.OVERDUE else min(deadline_of(began) if began else now, deadline)
        ladder = [e.Step(level=level, due_at=at) for level, at in policy.ladder(source.stage).due_times(anchor)]
        urgent = source.urgency == "always" or (source.urgency == "major_hazard" and facts.major)
        alert.raise_(e.AlertRaised(alert_id=alert_id, enterprise_id=enterprise_id, source_type=event.type,
                                   source_event_id=str(event.event_id), cause=cause, stage=source.stage,
                                   deadline=deadline, urgent=urgent, ladder=ladder, at=now))
        await self._resolve(source, event, enterprise_id, cause_id, source.stages, uow)  # 超期 supersedes 临期
        await self.escalation.advance(alert, uow)

    async def _facts(self, source: Source, event: InboundEvent, enterprise_id: str, cause_id: str) -> CauseFacts:
        facts = await self.facts.of(enterprise_id, source.cause_type, cause_id)
        carried = source.person_ids_field and source.person_ids_field in event.data
        if facts is None and source.cause_type in NEEDS_FACTS and (not carried or source.urgency == "major_hazard"):
            raise NotReplicatedYet(f"{source.cause_type} {cause_id}")
        return facts or CauseFacts()

    async def _resolve(self, source: Source, event: InboundEvent, enterprise_id: str, cause_id: str,
                       stages: list[Stage], uow: UnitOfWork) -> None:
        for alert in await self._open(enterprise_id, source.cause_type, cause_id, stages):
            if alert.resolve(event.type, str(event.event_id), self.clock.now()):
                self.escalation.follow(alert, uow)
                uow.save(self.alerts, alert)

    async def _open(self, enterprise_id: str, cause_type: str, cause_id: str, stages: list[Stage]) -> list[Alert]:
        if not stages:
            return []
        ids = await self.index.open_alerts(enterprise_id, cause_type, cause_id, stages)
        return [await self.alerts.get(i, "提醒") for i in ids]


def source_reactor(sources: Sources, store: EventStore, topic_prefix: str, schema: str) -> Reactor:
    topics = [topic_for(service, topic_prefix) for service in sources.table.services()]
    reactor = Reactor(NAME, store, topics, schema=schema)
    reactor.on(*sources.table.by_type)(sources.react)
    return reactor
