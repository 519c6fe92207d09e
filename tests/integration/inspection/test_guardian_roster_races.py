"""Issue 12's two 包保 hand-over races for real, on the session's PostgreSQL: two units of work on one
重大危险源, each in its own transaction, a pause injected between one's reads and its append
(tests/unit/inspection/application/pauses.py) while the other commits. The loser's append is refused
on the object's roster (`guardianroster-<id>`) and, decided again — the deadline fired again after
its back-off, the event applied again as the consumer does, the draw-up by its own retry — the
NEW guardian holds the task and the open occurrence, in both orders of each race.

The app runs beside (its migrations, its pool and store) on a clock years behind, so its own
scheduler never fires these deadlines: the test's scheduler does, on the test's clock."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from libs.clock import FixedClock
from libs.cloudevent import InboundEvent
from libs.deadlines import DeadlineScheduler
from libs.deadlines.scheduler import RetryPolicy
from libs.eventstore.port import ConcurrencyError
from libs.pagination import PageParams
from libs.reactor import Reactor
from libs.repository import CommandContext
from services.inspection import bootstrap
from services.inspection.app import create_app
from services.inspection.application import guardian_commands as c
from services.inspection.application import guardian_tasks as h
from services.inspection.application.guardian_handover import react_to_guardians
from services.inspection.application.occurrence_deadlines import deadline_handlers
from services.inspection.application.reactions import task_reactor
from services.inspection.bootstrap import Wired
from services.inspection.domain.guardian_task import Duty
from tests.integration.service_client import running, settings_for
from tests.unit.inspection.application.pauses import PauseAfter

T = datetime(2025, 3, 3, 0, tzinfo=UTC)  # a Monday, 08:00 in Shanghai
APP_CLOCK = datetime(2001, 1, 1, tzinfo=UTC)  # the app's own scheduler: nothing of this test is due by it
R = "shuangkong.risk_registry."
DAILY = {"check_cycle": "1", "check_cycle_unit": "天", "task_start_time": "2025-03-03T08:00:00"}


@dataclass
class Hazard:
    wired: Wired
    reactor: Reactor
    scheduler: DeadlineScheduler
    clock: FixedClock
    eid: str
    object_id: str

    def assigned(self, principal: str) -> InboundEvent:
        return InboundEvent(
            event_id=uuid.uuid4(), type=R + "MajorHazardGuardiansAssigned", source="/shuangkong/risk_registry",
            subject=f"riskobject-{self.object_id}", time=self.clock.now(), schema_version=1, stream_version=3,
            enterprise_id=self.eid, actor="officer-1", correlation_id="corr-reg", causation_id=None,
            traceparent=None, data={"object_id": self.object_id, "enterprise_id": self.eid,
                                    "principal_id": principal, "technical_id": "p-tech", "operations_id": "p-ops"})

    def task_id(self, task_num: int) -> str:
        return Duty.of(self.object_id, 1, task_num).task_id

    async def draw_up(self, task_num: int) -> str:
        cmd = c.DrawUpGuardianTask(object_id=self.object_id, work_type=1, task_num=task_num,
                                   troubleshoot_content="督促、检查重大危险源安全生产工作", cycle=DAILY)
        assert self.wired.guardian_tasks is not None
        return await h.draw_up_guardian_task(cmd.for_(self.eid), self.wired.guardian_tasks,
                                             CommandContext("officer-1", self.eid, "corr-test"))

    async def holder(self, task_num: int) -> str:
        row = await self.wired.queries.task(self.eid, self.task_id(task_num))
        assert row is not None
        return row["guardian_id"]

    async def occurrences(self) -> list[dict]:
        assert self.wired.occurrences is not None
        return (await self.wired.occurrences.queries.occurrences(self.eid, PageParams(limit=100, offset=0)))[0]

    async def fire_until_quiet(self) -> int:
        failed = 0
        while (done := await self.scheduler.fire_due()).fired or done.failed:
            failed += done.failed
            if done.failed and not done.fired:
                break
        return failed


@pytest.fixture
async def hazard(runtime, database_url, topic_prefix):
    app = create_app(settings_for(database_url, runtime.bootstrap, topic_prefix))
    app.state.clock = FixedClock(APP_CLOCK)
    async with running(app):
        clock = FixedClock(T)
        wired = bootstrap.postgres(app.state.pool, app.state.store, clock)
        assert wired.occurrences is not None and wired.guardian_tasks is not None
        reactor = react_to_guardians(task_reactor(wired.tasks, app.state.store, "", "inspection",
                                                  wired.occurrences.follow_task), wired.guardian_tasks)
        scheduler = DeadlineScheduler(app.state.deadlines, app.state.store, deadline_handlers(wired.occurrences),
                                      clock)
        suffix = uuid.uuid4().hex[:8]
        plant = Hazard(wired, reactor, scheduler, clock, f"ent-{suffix}", f"mhs-{suffix}")
        await reactor.apply(None, plant.assigned("p-1"))  # the roster learns the principal from the registry
        await plant.draw_up(3)
        yield plant


async def test_a_catch_up_overtaken_by_a_hand_over_issues_to_the_new_guardian(hazard):
    occurrences = hazard.wired.occurrences
    pause = occurrences.rosters = PauseAfter(occurrences.rosters, "find")  # the catch-up read the roster
    firing = asyncio.create_task(hazard.scheduler.fire_due())
    await pause.meanwhile(firing, hazard.reactor.apply(None, hazard.assigned("p-9")))
    assert (await firing).failed == 1  # refused on the roster, rolled back with its deadline's claim
    assert await hazard.occurrences() == []
    hazard.clock.advance(RetryPolicy().first_delay)  # the back-off
    assert await hazard.fire_until_quiet() == 0
    [occurrence] = await hazard.occurrences()
    assert (occurrence["state"], occurrence["person_ids"]) == ("issued", ["p-9"])
    assert await hazard.holder(3) == "p-9"


async def test_a_hand_over_overtaken_by_a_catch_up_moves_its_occurrence_when_applied_again(hazard):
    tasks = hazard.wired.guardian_tasks
    pause = tasks.open = PauseAfter(tasks.open, "open_of")  # the hand-over read the open occurrences: none
    event = hazard.assigned("p-9")
    handing = asyncio.create_task(hazard.reactor.apply(None, event))
    await pause.meanwhile(handing, hazard.fire_until_quiet())
    with pytest.raises(ConcurrencyError):
        await handing
    [issued] = await hazard.occurrences()
    assert issued["person_ids"] == ["p-1"]  # the catch-up won
    await hazard.reactor.apply(None, event)  # the consumer applies it again
    [occurrence] = await hazard.occurrences()
    assert (occurrence["id"], occurrence["state"], occurrence["person_ids"]) == (issued["id"], "issued", ["p-9"])
    assert await hazard.holder(3) == "p-9"


async def test_a_draw_up_overtaken_by_an_assignment_is_drawn_up_for_the_new_guardian(hazard):
    tasks = hazard.wired.guardian_tasks
    pause = tasks.rosters = PauseAfter(tasks.rosters, "find")  # the draw-up read the roster: p-1
    drawing = asyncio.create_task(hazard.draw_up(4))
    await pause.meanwhile(drawing, hazard.reactor.apply(None, hazard.assigned("p-9")))
    assert await drawing == hazard.task_id(4)  # decided again after its append was refused
    assert (await hazard.holder(4), await hazard.holder(3)) == ("p-9", "p-9")
    await hazard.fire_until_quiet()
    assert sorted(o["person_ids"][0] for o in await hazard.occurrences()) == ["p-9", "p-9"]


async def test_a_hand_over_overtaken_by_a_draw_up_hands_that_task_over_when_applied_again(hazard):
    tasks = hazard.wired.guardian_tasks
    pause = tasks.open = PauseAfter(tasks.open, "open_of")  # the hand-over looked for the tasks before
    event = hazard.assigned("p-9")
    handing = asyncio.create_task(hazard.reactor.apply(None, event))
    await pause.meanwhile(handing, hazard.draw_up(4))
    with pytest.raises(ConcurrencyError):
        await handing
    assert await hazard.holder(4) == "p-1"  # the draw-up won
    await hazard.reactor.apply(None, event)
    assert (await hazard.holder(4), await hazard.holder(3)) == ("p-9", "p-9")
