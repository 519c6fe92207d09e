"""The reactor on the registry's control measures, on fakes (the in-memory store, no broker): a
measure controlled by inspection gets its task once; revisions revise, retire and reinstate it; a
retired measure retires it; the task's events say the registry's caused them."""

from __future__ import annotations

from libs.pagination import PageParams
from services.inspection.domain.codes import TaskState
from services.inspection.domain.task import task_id_for
from tests.unit.inspection.application.flows import defined, measure_event, revised, wired

P = PageParams(limit=50, offset=0)
TASK = task_id_for("m-1")


async def test_a_defined_measure_gets_one_task_however_often_it_arrives():
    w, reactor = wired()
    event = defined()
    await reactor.apply(None, event)
    await reactor.apply(None, event)  # the consumer's inbox would stop this; the reaction is safe too
    items, total = await w.queries.tasks("ent-1", P)
    assert total == 1
    assert {k: items[0][k] for k in ("id", "measure_id", "risk_event_id", "troubleshoot_content", "post_id", "state",
                                     "check_cycle", "work_type", "version")} == {
        "id": TASK, "measure_id": "m-1", "risk_event_id": "risk-1", "troubleshoot_content": "检查温度联锁投用状态",
        "post_id": "post-1", "state": "unscheduled", "check_cycle": None, "work_type": 0, "version": 1}
    [drawn] = [e for e in await w.store.read_all()]
    assert (drawn.metadata["actor"], drawn.metadata["causation_id"], drawn.metadata["correlation_id"],
            drawn.metadata["enterprise_id"]) == ("system:inspection-tasks", str(event.event_id), "corr-reg", "ent-1")


async def test_a_monitored_measure_gets_none_until_a_revision_makes_it_inspected():
    w, reactor = wired()
    await reactor.apply(None, defined(data_source="1"))
    assert (await w.queries.tasks("ent-1", P))[1] == 0
    await reactor.apply(None, revised(data_source="2", responsible_post_id="post-2"))
    task = await w.queries.task("ent-1", TASK)
    assert (task["state"], task["post_id"], task["risk_event_id"]) == ("unscheduled", "post-2", None)


async def test_revisions_revise_retire_and_reinstate_and_a_retired_measure_retires_the_task():
    w, reactor = wired()
    await reactor.apply(None, defined())
    await reactor.apply(None, revised(2, inspection_content="检查联锁与报警", responsible_post_id="post-2"))
    task = await w.queries.task("ent-1", TASK)
    assert (task["troubleshoot_content"], task["post_id"], task["version"]) == ("检查联锁与报警", "post-2", 2)
    await reactor.apply(None, revised(3, data_source="1"))
    task = await w.queries.task("ent-1", TASK)
    assert (task["state"], task["retired_because"]) == ("retired", "not_inspected")
    await reactor.apply(None, revised(4, data_source="2"))
    assert (await w.queries.task("ent-1", TASK))["state"] == "unscheduled"
    await reactor.apply(None, measure_event("ControlMeasureRetired", 5, reason="工艺改造"))
    task = await w.queries.task("ent-1", TASK)
    assert (task["state"], task["retired_because"], task["version"]) == ("retired", "measure_retired", 5)
    assert [r["id"] for r in (await w.queries.tasks("ent-1", P, state=TaskState.RETIRED))[0]] == [TASK]


async def test_another_enterprises_task_is_not_found_in_this_one():
    w, reactor = wired()
    await reactor.apply(None, defined())
    assert await w.queries.task("ent-2", TASK) is None
    assert (await w.queries.tasks("ent-2", P))[1] == 0


async def test_events_the_reactor_does_not_follow_change_nothing():
    w, reactor = wired()
    await reactor.apply(None, measure_event("RiskAssessed", 1))
    assert await w.store.read_all() == []


async def test_the_list_filters_by_post_state_and_measure_and_pages_through_them_all():
    w, reactor = wired()
    for n, post in enumerate(["post-1", "post-2", "post-1"], start=1):
        await reactor.apply(None, defined(measure_id=f"m-{n}", responsible_post_id=post))
    await reactor.apply(None, measure_event("ControlMeasureRetired", 2, measure_id="m-3", reason="工艺改造"))
    ids = {n: task_id_for(f"m-{n}") for n in (1, 2, 3)}

    async def listed(**filters) -> set[str]:
        return {t["id"] for t in (await w.queries.tasks("ent-1", P, **filters))[0]}

    assert await listed(post_id="post-1") == {ids[1], ids[3]}
    assert await listed(state=TaskState.UNSCHEDULED) == {ids[1], ids[2]}
    assert await listed(measure_id="m-2") == {ids[2]}
    pages = [await w.queries.tasks("ent-1", PageParams(limit=1, offset=n)) for n in range(4)]
    assert [total for _, total in pages] == [3, 3, 3, 3]
    assert [t["id"] for items, _ in pages for t in items] == [t["id"] for t in (await w.queries.tasks("ent-1", P))[0]]
