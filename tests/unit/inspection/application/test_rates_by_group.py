"""The rates by department and by 包保 role, on fakes with a driven clock: a post's department is
the nearest department above it (through a team); an occurrence of two posts of one department
counts once there; a post under no department and an occurrence issued to people only fall in the
group null; every department is listed, the empty one too, with its name; by role the four
workTypes are listed with their Chinese labels, a 包保 task's occurrences under its role."""

from __future__ import annotations

from datetime import date, timedelta

from libs.periods import Period
from libs.repository import CommandContext
from services.inspection.domain.codes import WorkType
from services.inspection.domain.events import CheckTaskDrawnUp
from services.inspection.domain.report_period import RatesBy
from services.inspection.domain.task import CheckTask, task_id_for
from tests.unit.inspection.application.test_rates import DAY1, Plant, a_plant

SYSTEM = CommandContext("system:inspection", "ent-1", "corr-system")
WEEK = (date(2026, 11, 30), date(2026, 12, 6))


def org(plant: Plant) -> None:
    units = plant.w.my_tasks.directory
    units.unit("ent-1", "dept-a", "department", "生产部")
    units.unit("ent-1", "team-1", "team", "甲班", "dept-a")
    units.unit("ent-1", "post-1", "post", "操作工岗", "team-1")
    units.unit("ent-1", "post-2", "post", "班长岗", "dept-a")
    units.unit("ent-1", "dept-b", "department", "储运部")
    units.unit("ent-1", "post-3", "post", "罐区岗", "dept-b")
    units.unit("ent-1", "dept-c", "department", "设备部")  # nothing issued to it
    units.unit("ent-1", "post-4", "post", "门卫岗")  # under no department
    units.unit("ent-2", "dept-x", "department", "别家的部门")


def by_group(report: dict) -> list[tuple]:
    return [(g["group"], g["group_name"], g["issued"], g["completed"], g["missed"]) for g in report["groups"]]


async def test_by_department_the_nearest_department_above_each_post_and_every_department_listed():
    plant = await a_plant()
    org(plant)
    both = await plant.issue(DAY1, posts=("post-1", "post-2"))  # two posts of 生产部: once there
    await plant.record(both, DAY1 + timedelta(hours=1), DAY1 + timedelta(hours=1))
    await plant.miss(await plant.issue(DAY1 + timedelta(days=1), posts=("post-3",)))
    await plant.issue(DAY1 + timedelta(days=2), posts=("post-4",))  # under no department: open
    await plant.miss(await plant.issue(DAY1 + timedelta(days=3), posts=(), people=("guardian-1",)))
    report = await plant.report(RatesBy.DEPARTMENT, *WEEK)
    assert (report["by"], by_group(report)) == (RatesBy.DEPARTMENT, [
        ("dept-a", "生产部", 1, 1, 0), ("dept-b", "储运部", 1, 0, 1), ("dept-c", "设备部", 0, 0, 0),
        (None, None, 2, 0, 1)])
    assert [g["completion_rate"] for g in report["groups"]] == [1.0, 0.0, None, 0.0]
    assert (report["total"]["issued"], report["total"]["completed"], report["total"]["missed"]) == (4, 1, 2)
    by_post = await plant.report(RatesBy.POST, *WEEK)
    assert [(g["group"], g["group_name"]) for g in by_post["groups"]] == [
        ("post-1", "操作工岗"), ("post-2", "班长岗"), ("post-3", "罐区岗"), ("post-4", "门卫岗"), (None, None)]


async def test_by_role_the_four_work_types_listed_with_labels_and_a_guardians_task_under_its_role():
    plant = await a_plant()
    guardian_task = CheckTask(task_id_for("mhs-1-principal"))
    guardian_task._record(CheckTaskDrawnUp(  # a 包保 task of the principal (drawn up by the guardian's reactor)
        task_id=guardian_task.id, enterprise_id="ent-1", measure_id="mhs-1", risk_event_id=None,
        troubleshoot_content="检查重大危险源安全包保责任落实", post_id="post-1", work_type=WorkType.PRINCIPAL,
        task_num=1))
    await plant.w.tasks.save(guardian_task, SYSTEM)
    routine = await plant.issue(DAY1)
    await plant.record(routine, DAY1 + timedelta(hours=1), DAY1 + timedelta(hours=1))
    await plant.miss(await plant.issue(DAY1, people=("guardian-1",), posts=(), task_id=guardian_task.id))
    report = await plant.report(RatesBy.ROLE, *WEEK)
    assert by_group(report) == [("0", "日常", 1, 1, 0), ("1", "主要负责人", 1, 0, 1), ("2", "技术负责人", 0, 0, 0),
                                ("3", "操作负责人", 0, 0, 0)]
    assert report["total"]["issued"] == 2


async def test_another_enterprise_sees_none_of_them_and_not_its_departments():
    plant = await a_plant()
    org(plant)
    await plant.issue(DAY1, posts=("post-1",))
    report = await plant.w.rates.report("ent-2", RatesBy.DEPARTMENT, Period(*WEEK))
    assert by_group(report) == [("dept-x", "别家的部门", 0, 0, 0)]
    assert report["total"]["issued"] == 0
