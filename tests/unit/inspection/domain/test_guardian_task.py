"""包保 tasks in the domain: workType 1–3 and taskNum within the role's range of the national list;
one id per object, role and item, so drawing the same up again changes nothing and another is
refused; the registry's new guardian takes the task over (the same one again: nothing); retired when
withdrawn or with its object, drawn up anew after a withdrawal, never after the object retired;
an open occurrence follows the task's holder, a closed one keeps who it was issued to."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from libs.aggregate import DomainConflict, DomainError
from services.inspection.domain import guardian_events as ev
from services.inspection.domain.codes import CheckStatus, GuardianRetiredBecause, RetiredBecause, TaskState, WorkType
from services.inspection.domain.cycles import TaskCycle, Window
from services.inspection.domain.guardian_task import GUARDIAN, Duty, Guardians, every_task_id, guardian_task_id
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.task import CheckTask

AT = datetime(2026, 12, 1, 0, tzinfo=UTC)
DAILY = TaskCycle.of(check_cycle="1", check_cycle_unit="天", task_start_time=datetime(2026, 12, 1, 8))


def drawn(work_type: int = 1, task_num: int = 3, holder: str = "p-1",
          content: str = "督促、检查安全生产工作") -> CheckTask:
    duty = Duty.of("mhs-1", work_type, task_num)
    task = CheckTask(duty.task_id)
    task.draw_up_for_guardian("ent-1", duty, holder, content, DAILY, AT)
    return task


def saved(task) -> list[str]:
    names = [type(e).__name__ for e in task.pending()]
    task.mark_saved()
    return names


@pytest.mark.parametrize(("work_type", "task_num"), [(1, 1), (1, 9), (2, 1), (2, 9), (3, 1), (3, 10)])
def test_task_num_within_the_roles_range_of_the_national_list(work_type, task_num):
    duty = Duty.of("mhs-1", work_type, task_num)
    assert (duty.work_type, duty.task_num) == (WorkType(work_type), task_num)


@pytest.mark.parametrize(("work_type", "task_num", "field"), [
    (0, 1, "work_type"), (4, 1, "work_type"), (True, 1, "work_type"), ("1", 1, "work_type"),
    (1, 0, "task_num"), (1, 10, "task_num"), (2, 10, "task_num"), (3, 11, "task_num"), (3, None, "task_num"),
    (1, True, "task_num")])
def test_outside_the_range_is_refused_naming_the_field(work_type, task_num, field):
    with pytest.raises(DomainError) as refused:
        Duty.of("mhs-1", work_type, task_num)
    assert refused.value.field == field
    if field == "task_num":
        assert "包保任务序号须为" in refused.value.message


def test_the_id_is_the_objects_the_roles_and_the_items_and_fixed():
    assert guardian_task_id("mhs-1", WorkType.PRINCIPAL, 3) == Duty.of("mhs-1", 1, 3).task_id
    assert len({guardian_task_id("mhs-1", r, 1) for r in WorkType if r is not WorkType.ROUTINE}) == 3
    assert uuid.UUID(guardian_task_id("mhs-1", WorkType.PRINCIPAL, 1)).version == 5
    # pinned: the namespace and the name are fixed for ever (a change gives every 包保 task a new id)
    assert guardian_task_id("mhs-1", WorkType.PRINCIPAL, 1) == "19971bf3-60e0-5580-a958-015e34619bad"
    assert len(every_task_id("mhs-1")) == 28


def test_drawn_up_with_every_platform_field_held_by_the_guardian():
    task = drawn()
    [e] = task.pending()
    assert isinstance(e, ev.GuardianTaskDrawnUp)
    assert (e.object_id, e.work_type, e.task_num, e.person_id, e.check_cycle_unit.value, e.work_day_type) == (
        "mhs-1", WorkType.PRINCIPAL, 3, "p-1", "天", 0)
    assert (task.origin, task.holder, task.person_ids, task.post_id, task.state) == (
        GUARDIAN, "p-1", ["p-1"], "", TaskState.SCHEDULED)
    assert e.task_start_time.utcoffset() == timedelta(hours=8)


def test_drawing_the_same_up_again_changes_nothing_another_for_the_item_is_refused():
    task = drawn()
    saved(task)
    task.draw_up_for_guardian("ent-1", Duty.of("mhs-1", 1, 3), "p-1", "督促、检查安全生产工作", DAILY, AT)
    assert task.pending() == []
    with pytest.raises(DomainConflict) as refused:
        task.draw_up_for_guardian("ent-1", Duty.of("mhs-1", 1, 3), "p-1", "另一项内容", DAILY, AT)
    assert (refused.value.field, refused.value.code) == ("task_num", "guardian_task_exists")
    assert "主要负责人第3项包保任务已存在" in refused.value.message


def test_revised_content_or_cycle_the_same_again_nothing():
    task = drawn()
    saved(task)
    hourly = TaskCycle.of(check_cycle="4", check_cycle_unit="小时", task_start_time=datetime(2026, 12, 1, 8),
                          work_start_time="8:00:00", work_end_time="20:00:00")
    task.revise_guardian_task("新内容", hourly, AT)
    assert saved(task) == ["GuardianTaskRevised"] and task.content == "新内容" and task.cycle.unit.value == "小时"
    task.revise_guardian_task("新内容", hourly, AT)
    assert task.pending() == []


def test_the_new_guardian_takes_it_over_once():
    task = drawn(work_type=2)
    saved(task)
    task.hand_over_to("p-9")
    [e] = task.pending()
    assert isinstance(e, ev.GuardianTaskHandedOver)
    assert (e.from_person_id, e.to_person_id, e.work_type, e.task_num) == ("p-1", "p-9", WorkType.TECHNICAL, 3)
    saved(task)
    task.hand_over_to("p-9")  # redelivered
    task.hand_over_to(None)
    assert task.pending() == [] and task.holder == "p-9"


def test_guardians_of_each_role():
    g = Guardians.of({"object_id": "mhs-1", "enterprise_id": "ent-1", "principal_id": "a", "technical_id": "b",
                      "operations_id": "c"})
    assert [g.of_role(r) for r in WorkType] == [None, "a", "b", "c"]


def test_withdrawn_then_drawn_up_anew_but_never_after_the_object_retired():
    task = drawn()
    saved(task)
    task.retire_guardian_task(GuardianRetiredBecause.WITHDRAWN)
    assert saved(task) == ["GuardianTaskRetired"] and task.retired is RetiredBecause.GUARDIAN_WITHDRAWN
    task.retire_guardian_task(GuardianRetiredBecause.OBJECT_RETIRED)
    task.hand_over_to("p-9")  # a retired task is nobody's to take over
    assert task.pending() == []
    with pytest.raises(DomainConflict):
        task.revise_guardian_task("x", DAILY, AT)
    task.draw_up_for_guardian("ent-1", Duty.of("mhs-1", 1, 3), "p-2", "督促、检查安全生产工作", DAILY, AT)
    assert saved(task) == ["GuardianTaskDrawnUp"] and task.retired is None and task.holder == "p-2"
    task.retire_guardian_task(GuardianRetiredBecause.OBJECT_RETIRED)
    saved(task)
    with pytest.raises(DomainConflict) as refused:
        task.draw_up_for_guardian("ent-1", Duty.of("mhs-1", 1, 3), "p-2", "x", DAILY, AT)
    assert refused.value.field == "object_id"


def test_a_guardian_tasks_cycle_is_not_set_as_a_measures():
    task = drawn()
    saved(task)
    with pytest.raises(DomainConflict) as refused:
        task.schedule(DAILY)
    assert refused.value.code == "guardian_task"


def _issued(person: str = "p-1") -> Occurrence:
    o = Occurrence.issue(enterprise_id="ent-1", task_id="t-1", window=Window(AT, AT + timedelta(days=1)), post_ids=[],
                         person_ids=[person], at=AT)
    o.mark_saved()
    return o


def test_an_open_occurrence_follows_the_holder_once():
    o = _issued()
    o.follow_holder("p-9", AT)
    [e] = o.pending()
    assert isinstance(e, ev.OccurrenceHandedOver)
    assert (e.from_person_id, e.to_person_id, e.person_ids) == ("p-1", "p-9", ["p-9"])
    o.mark_saved()
    o.follow_holder("p-9", AT)
    assert o.pending() == [] and o.person_ids == ("p-9",)


def test_a_closed_occurrence_keeps_who_it_was_issued_to():
    o = _issued()
    o.complete(record_id="r-1", status=CheckStatus.NORMAL, made_at=AT, received_at=AT)
    o.mark_saved()
    o.follow_holder("p-9", AT)
    assert o.pending() == [] and o.person_ids == ("p-1",)
