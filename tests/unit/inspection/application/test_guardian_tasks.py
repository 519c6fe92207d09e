"""包保 tasks on fakes, the clock driven by the test: drawn up for the guardian the replica names, the
occurrence issued to them by name (my tasks); drawn up again the same: one task; the registry's new
guardian takes the task and its open occurrence over, the old one no longer sees it, a redelivery
changes nothing; a retired 重大危险源 retires its tasks; an object without guardians is refused
naming object_id; a record of a 包保 task is isDefend."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest

from libs.aggregate import DomainConflict, DomainError
from libs.clock import FixedClock
from libs.cloudevent import InboundEvent
from libs.deadlines import DeadlineScheduler
from libs.errors import NotFound
from libs.pagination import PageParams
from libs.repository import CommandContext
from services.inspection import bootstrap
from services.inspection.application import guardian_commands as c
from services.inspection.application import guardian_tasks as h
from services.inspection.application import my_tasks as mt
from services.inspection.application.guardian_handover import react_to_guardians
from services.inspection.application.occurrence_deadlines import deadline_handlers
from services.inspection.application.reactions import task_reactor
from services.inspection.application.record_target import target_of
from services.inspection.domain.guardian_task import Duty
from services.inspection.in_memory_directory import InMemoryDirectory
from services.inspection.in_memory_guardians import InMemoryGuardians
from tests.unit.inspection.application.flows import OFFICER, T0, R
from tests.unit.inspection.application.test_occurrences import fire_until_quiet

TASK = Duty.of("mhs-1", 1, 3).task_id
DAILY = {"check_cycle": "1", "check_cycle_unit": "天", "task_start_time": "2026-12-01T08:00:00"}  # T0 in Shanghai
BODY = {"object_id": "mhs-1", "work_type": 1, "task_num": 3, "troubleshoot_content": "督促、检查重大危险源安全生产工作",
        "cycle": DAILY}


def registry_event(name: str, version: int, **data) -> InboundEvent:
    body = {"object_id": "mhs-1", "enterprise_id": "ent-1", **data}
    return InboundEvent(event_id=uuid.uuid4(), type=R + name, source="/shuangkong/risk_registry",
                        subject="riskobject-mhs-1", time=T0, schema_version=1, stream_version=version,
                        enterprise_id="ent-1", actor="officer-1", correlation_id="corr-reg", causation_id=None,
                        traceparent=None, data=body)


def assigned(principal: str, version: int = 3) -> InboundEvent:
    return registry_event("MajorHazardGuardiansAssigned", version, principal_id=principal, technical_id="p-tech",
                          operations_id="p-ops")


async def a_guarded_hazard():
    clock = FixedClock(T0)
    w = bootstrap.in_memory(clock=clock)
    guardians = w.guardian_tasks.guardians
    assert isinstance(guardians, InMemoryGuardians)
    guardians.assign("ent-1", "mhs-1", "p-1", "p-tech", "p-ops")
    directory = w.my_tasks.directory
    assert isinstance(directory, InMemoryDirectory)
    for person in ("p-1", "p-9"):
        directory.person("ent-1", person, None, person)
    reactor = react_to_guardians(task_reactor(w.tasks, w.store, "", "inspection", w.occurrences.follow_task),
                                 w.guardian_tasks)
    scheduler = DeadlineScheduler(w.occurrences.deadlines, w.store, deadline_handlers(w.occurrences), clock)
    return w, reactor, scheduler


async def mine(w, person: str) -> list[str]:
    return [i["task_id"] for i in (await mt.my_tasks(w.my_tasks, "ent-1", person)).items]


async def draw_up(w, **changes) -> str:
    return await h.draw_up_guardian_task(c.DrawUpGuardianTask(**{**BODY, **changes}).for_("ent-1"),
                                         w.guardian_tasks, OFFICER)


async def test_drawn_up_for_the_replicas_guardian_who_sees_todays_occurrence():
    w, _, scheduler = await a_guarded_hazard()
    assert await draw_up(w) == TASK
    row = await w.queries.task("ent-1", TASK)
    assert (row["origin"], row["object_id"], row["guardian_id"], row["work_type"], row["task_num"], row["state"]) == (
        "guardian", "mhs-1", "p-1", 1, 3, "scheduled")
    await fire_until_quiet(scheduler)
    assert await mine(w, "p-1") == [TASK] and await mine(w, "p-9") == []
    [occurrence] = (await w.occurrences.queries.occurrences("ent-1", PageParams(limit=100, offset=0)))[0]
    assert (occurrence["post_ids"], occurrence["person_ids"]) == ([], ["p-1"])
    target = await target_of(await w.occurrences.occurrences.get(occurrence["id"]), await w.tasks.get(TASK),
                             w.check_records.checklists)
    assert target.is_defend is True


async def test_drawn_up_again_the_same_is_one_task_another_is_refused():
    w, _, _ = await a_guarded_hazard()
    await draw_up(w)
    await draw_up(w)
    assert len(await w.store.load(w.tasks.stream_id(TASK))) == 1
    with pytest.raises(DomainConflict) as refused:
        await draw_up(w, troubleshoot_content="另一项")
    assert refused.value.code == "guardian_task_exists"


@pytest.mark.parametrize(("changes", "field"), [
    ({"work_type": 0}, "work_type"), ({"work_type": 4}, "work_type"), ({"task_num": 10}, "task_num"),
    ({"work_type": 3, "task_num": 11}, "task_num"),
    ({"cycle": {**DAILY, "check_cycle_unit": "小时", "check_cycle": "2"}}, "work_start_time"),
    ({"troubleshoot_content": " "}, "troubleshoot_content")])
async def test_bad_input_is_refused_naming_the_field(changes, field):
    w, _, _ = await a_guarded_hazard()
    with pytest.raises(DomainError) as refused:
        await draw_up(w, **changes)
    assert refused.value.field == field


async def test_an_object_without_guardians_in_the_replica_is_refused_naming_it():
    w, _, _ = await a_guarded_hazard()
    with pytest.raises(DomainConflict) as refused:
        await draw_up(w, object_id="unit-1")
    assert (refused.value.field, refused.value.code) == ("object_id", "guardians_unknown")
    with pytest.raises(DomainConflict):  # another enterprise's object is unknown here
        await h.draw_up_guardian_task(c.DrawUpGuardianTask(**BODY).for_("ent-2"), w.guardian_tasks,
                                      CommandContext("officer-2", "ent-2", "corr"))


async def test_a_new_guardian_takes_the_task_and_its_open_occurrence_over_once():
    w, reactor, scheduler = await a_guarded_hazard()
    await draw_up(w)
    await draw_up(w, work_type=2, task_num=1)  # the technical head is not changed: stays
    await fire_until_quiet(scheduler)
    await reactor.apply(None, assigned("p-9"))
    assert await mine(w, "p-9") == [TASK] and await mine(w, "p-1") == []
    assert (await w.queries.task("ent-1", TASK))["guardian_id"] == "p-9"
    counts = Counter(r.type.rsplit(".", 1)[1] for r in await w.store.read_all(limit=1000))
    assert (counts["GuardianTaskHandedOver"], counts["OccurrenceHandedOver"]) == (1, 1)
    await reactor.apply(None, assigned("p-9", version=4))  # the same guardian again: nothing
    again = Counter(r.type.rsplit(".", 1)[1] for r in await w.store.read_all(limit=1000))
    assert again == counts


async def test_a_retired_object_retires_its_tasks_and_stops_their_catch_up():
    w, reactor, scheduler = await a_guarded_hazard()
    await draw_up(w)
    await reactor.apply(None, registry_event("RiskObjectRetired", 4, reason="拆除"))
    row = await w.queries.task("ent-1", TASK)
    assert (row["state"], row["retired_because"]) == ("retired", "object_retired")
    assert [d.kind for d in await w.occurrences.deadlines.pending()] == []


async def test_revised_and_withdrawn_through_the_handlers():
    w, _, _ = await a_guarded_hazard()
    await draw_up(w)
    hourly = {**DAILY, "check_cycle": "4", "check_cycle_unit": "小时", "work_start_time": "8:00:00",
              "work_end_time": "20:00:00"}
    await h.revise_guardian_task(c.ReviseGuardianTask(troubleshoot_content="新内容", cycle=hourly).for_("ent-1", TASK),
                                 w.guardian_tasks, OFFICER)
    row = await w.queries.task("ent-1", TASK)
    assert (row["troubleshoot_content"], row["check_cycle_unit"], row["version"]) == ("新内容", "小时", 2)
    await h.withdraw_guardian_task(c.GuardianTaskVersion(expected_version=2).for_("ent-1", TASK), w.guardian_tasks,
                                   OFFICER)
    assert (await w.queries.task("ent-1", TASK))["retired_because"] == "guardian_withdrawn"
    with pytest.raises(NotFound):
        await h.withdraw_guardian_task(c.GuardianTaskVersion().for_("ent-2", TASK), w.guardian_tasks, OFFICER)
