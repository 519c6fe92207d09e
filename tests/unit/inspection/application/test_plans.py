"""Plans on fakes with a driven clock: drawn up, edited and published through the handlers; publishing
draws up one scheduled task per post whose catch-up issues the open window; a checklist change gives
the tasks the new content; retiring the plan retires its tasks and stops their catch-up; illegal state
changes are conflicts; another enterprise's plan is not found."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from libs.aggregate import DomainConflict, DomainError
from libs.errors import NotFound
from libs.eventstore.port import ConcurrencyError
from libs.pagination import PageParams
from libs.repository import CommandContext
from services.inspection.application import plan_commands as c
from services.inspection.application import plans as h
from services.inspection.application import records as records_h
from services.inspection.application.record_commands import RecordCheck
from services.inspection.domain.codes import PlanKind, TaskState
from services.inspection.domain.plan_rules import plan_task_id
from services.inspection.domain.plan_state import PlanState
from services.inspection.domain.record import record_id
from tests.unit.inspection.application.plan_flows import (
    OFFICER,
    events_of,
    level_item,
    plain_item,
    plan_body,
    published,
    wired,
)

PAGE = PageParams(limit=20, offset=0)


async def test_a_draft_is_drawn_up_with_its_checklist_and_listed():
    w, _ = wired()
    plan_id = await h.draw_up_plan(c.DrawUpPlan(**plan_body()).for_("ent-1"), w.plans, OFFICER)
    plan = await w.plans.queries.plan("ent-1", plan_id)
    assert plan["state"] == "draft" and plan["state_label"] == "草稿" and plan["version"] == 1
    assert [i["no"] for i in plan["items"]] == [1, 2]
    assert plan["items"][0]["safe_range"] == {"unit": "%", "low": 20.0, "high": 80.0}
    assert plan["cycle"]["check_cycle_unit"] == "天" and plan["task_ids"] == []
    assert plan["cycle"]["task_start_time"].isoformat() == "2026-12-01T08:00:00+08:00"
    rows, total = await w.plans.queries.plans("ent-1", PAGE, state=PlanState.DRAFT, kind=PlanKind(1))
    assert total == 1 and rows[0]["id"] == plan_id
    assert (await w.plans.queries.plans("ent-1", PAGE, state=PlanState.PUBLISHED))[1] == 0
    assert await w.plans.queries.plan("ent-2", plan_id) is None


async def test_publishing_draws_up_a_scheduled_task_per_post_whose_catch_up_issues_the_open_window():
    w, scheduler = wired()
    plan_id = await published(w)
    plan = await w.plans.queries.plan("ent-1", plan_id)
    tasks = [plan_task_id(plan_id, "post-1"), plan_task_id(plan_id, "post-2")]
    assert plan["state"] == "published" and plan["task_ids"] == tasks
    task = await w.queries.task("ent-1", tasks[0])
    assert task["origin"] == "plan" and task["plan_id"] == plan_id and task["measure_id"] is None
    assert task["state"] == TaskState.SCHEDULED.value and task["check_cycle"] == 1.0
    assert "储罐液位" in task["troubleshoot_content"]
    assert (await scheduler.fire_due()).fired == 2
    rows, total = await w.occurrences.queries.occurrences("ent-1", PAGE, task_id=tasks[0])
    assert total == 1 and rows[0]["state"] == "issued" and rows[0]["person_ids"] == ["person-1"]


async def test_a_checklist_change_on_a_published_plan_revises_its_tasks_content():
    w, _ = wired()
    plan_id = await published(w)
    await h.add_item(c.AddChecklistItem(**level_item(item="储罐压力", unit="MPa", low=None, high=1.6))
                     .for_("ent-1", plan_id), w.plans, OFFICER)
    task_id = plan_task_id(plan_id, "post-1")
    assert "储罐压力" in (await w.queries.task("ent-1", task_id))["troubleshoot_content"]
    assert (await events_of(w, f"checktask-{task_id}"))[-1] == "PlanTaskRevised"
    await h.remove_item(c.PlanVersion().for_("ent-1", plan_id), 3, w.plans, OFFICER)
    assert [i["no"] for i in (await w.plans.queries.plan("ent-1", plan_id))["items"]] == [1, 2]


async def test_retiring_a_published_plan_retires_its_tasks_and_their_catch_up():
    w, scheduler = wired()
    plan_id = await published(w)
    await h.retire_plan(c.RetirePlan(reason="装置停产").for_("ent-1", plan_id), w.plans, OFFICER)
    plan = await w.plans.queries.plan("ent-1", plan_id)
    assert plan["state_label"] == "已废止" and plan["retired_reason"] == "装置停产"
    task = await w.queries.task("ent-1", plan_task_id(plan_id, "post-1"))
    assert task["state"] == "retired" and task["retired_because"] == "plan_retired"
    assert (await scheduler.fire_due()).fired == 0


async def test_illegal_state_changes_are_conflicts():
    w, _ = wired()
    plan_id = await published(w)
    with pytest.raises(DomainConflict):
        await h.publish_plan(c.PlanVersion().for_("ent-1", plan_id), w.plans, OFFICER)
    with pytest.raises(DomainConflict):
        await h.revise_plan(c.RevisePlan(**{k: v for k, v in plan_body().items() if k != "items"})
                            .for_("ent-1", plan_id), w.plans, OFFICER)
    with pytest.raises(ConcurrencyError):  # 409 over HTTP
        await h.retire_plan(c.RetirePlan(reason="x", expected_version=1).for_("ent-1", plan_id), w.plans, OFFICER)
    await h.retire_plan(c.RetirePlan(reason="停产").for_("ent-1", plan_id), w.plans, OFFICER)
    with pytest.raises(DomainConflict):
        await h.retire_plan(c.RetirePlan(reason="停产").for_("ent-1", plan_id), w.plans, OFFICER)


async def test_a_plan_task_takes_no_cycle_of_its_own():
    w, _ = wired()
    plan_id = await published(w)
    task = await w.tasks.get(plan_task_id(plan_id, "post-1"))
    with pytest.raises(DomainConflict, match="计划任务"):
        task.schedule(task.cycle)


async def test_bad_fields_are_refused_naming_them_and_another_enterprise_finds_nothing():
    w, _ = wired()
    with pytest.raises(DomainError) as refused:
        await h.draw_up_plan(c.DrawUpPlan(**plan_body(items=[level_item(low=90)])).for_("ent-1"), w.plans, OFFICER)
    assert refused.value.field == "items[0].high"
    with pytest.raises(DomainError) as refused:
        await h.draw_up_plan(c.DrawUpPlan(**plan_body(kind=9)).for_("ent-1"), w.plans, OFFICER)
    assert refused.value.field == "kind"
    plan_id = await published(w)
    with pytest.raises(NotFound):
        await h.publish_plan(c.PlanVersion().for_("ent-2", plan_id), w.plans, OFFICER)


async def test_a_reading_outside_the_plans_safe_range_makes_the_record_abnormal_and_finds_a_hazard():
    w, scheduler = wired()
    plan_id = await published(w, items=[level_item(measure_id="m-7"), plain_item()])
    await scheduler.fire_due()
    [occurrence], _ = await w.occurrences.queries.occurrences("ent-1", PAGE, task_id=plan_task_id(plan_id, "post-1"))
    client_id = str(uuid.uuid4())
    cmd = RecordCheck(client_id=client_id, occurrence_id=occurrence["id"], made_at=w.clock.now(),
                      create_by_mobile="13900000001",
                      items=[{"item_id": "1", "reading": "85.5"}, {"item_id": "2"}]).for_("ent-1")
    made = await records_h.record_check(cmd, w.check_records, CommandContext("worker-1", "ent-1", "corr-w"))
    record = await w.check_records.queries.record("ent-1", made)
    assert made == record_id("ent-1", client_id) and record["status"] == 1
    assert record["items"][0]["out_of_range"] and record["items"][0]["abnormal"]
    [hazard] = [r for r in await w.store.load(f"checkrecord-{made}") if r.type.endswith("HazardFound")]
    assert (hazard.data["measure_id"], hazard.data["source"], hazard.data["item_id"]) == ("m-7", 1, "1")


async def test_no_window_opens_after_the_plans_last_day():
    w, scheduler = wired()
    plan_id = await published(w, period_end="2026-12-02")
    task_id = plan_task_id(plan_id, "post-1")
    for _ in range(4):  # 1, 2, 3 and 4 December: only the plan's two days are owed
        await scheduler.fire_due()
        w.clock.advance(timedelta(days=1))
    await scheduler.fire_due()
    rows, total = await w.occurrences.queries.occurrences("ent-1", PAGE, task_id=task_id)
    assert total == 2 and {r["window_start"].day for r in rows} == {1, 2}  # UTC midnight: 08:00 in Shanghai
    w.clock.advance(timedelta(days=30))
    assert (await scheduler.fire_due()).fired == 0  # the catch-up was not set again after the period
    assert (await w.occurrences.queries.occurrences("ent-1", PAGE, task_id=task_id))[1] == 2
