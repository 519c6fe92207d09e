"""Each 包保责任人's coverage of the national list, on fakes: per 重大危险源 and role the guardian, the
taskNums with a live 包保 task, the missing ones of the role's range and the share; a withdrawn task
covers nothing; another enterprise's and a retired object's are not listed."""

from __future__ import annotations

from decimal import Decimal

from services.inspection.application import guardian_commands as c
from services.inspection.application import guardian_tasks as h
from services.inspection.application.guardian_coverage import Guardian, guardian_coverage, role_coverage
from services.inspection.domain.codes import WorkType
from services.inspection.domain.guardian_task import Duty
from services.inspection.in_memory_guardians import InMemoryGuardianCoverage
from tests.unit.inspection.application.flows import OFFICER
from tests.unit.inspection.application.test_guardian_tasks import BODY, a_guarded_hazard


def test_a_roles_coverage_counts_its_range_only():
    got = role_coverage(WorkType.OPERATIONAL, Guardian("p-3", "刘伟"), {1, 2, 10, 11})
    assert (got.covered, got.missing, got.ratio) == ([1, 2, 10], [3, 4, 5, 6, 7, 8, 9], Decimal("0.3000"))
    assert role_coverage(WorkType.PRINCIPAL, Guardian(None, None), set()).ratio == Decimal("0.0000")
    assert role_coverage(WorkType.TECHNICAL, Guardian("p", None), set(range(1, 10))).ratio == Decimal("1.0000")


async def test_per_object_and_role_the_guardian_the_live_task_nums_and_the_missing():
    w, _, _ = await a_guarded_hazard()
    guardians = w.guardian_tasks.guardians
    guardians.assign("ent-1", "mhs-2", "p-1", "p-tech", "p-ops")
    guardians.assign("ent-1", "mhs-old", "p-1", "p-tech", "p-ops")
    guardians.retire("mhs-old")
    guardians.assign("ent-2", "mhs-x", "q-1", "q-2", "q-3")
    for work_type, num in [(1, 1), (1, 2), (3, 10), (2, 5)]:
        await h.draw_up_guardian_task(c.DrawUpGuardianTask(**{**BODY, "work_type": work_type, "task_num": num})
                                      .for_("ent-1"), w.guardian_tasks, OFFICER)
    await h.withdraw_guardian_task(c.GuardianTaskVersion().for_("ent-1", Duty.of("mhs-1", 2, 5).task_id),
                                   w.guardian_tasks, OFFICER)
    queries = InMemoryGuardianCoverage(guardians, w.queries, {"p-1": "张建国"})
    [mhs1, mhs2] = await guardian_coverage(queries, "ent-1")
    assert (mhs1.object_id, mhs2.object_id) == ("mhs-1", "mhs-2")
    principal, technical, operator = mhs1.roles
    assert (principal.work_type, principal.guardian, principal.covered, principal.ratio) == (
        WorkType.PRINCIPAL, Guardian("p-1", "张建国"), [1, 2], Decimal("0.2222"))
    assert principal.missing == [3, 4, 5, 6, 7, 8, 9]
    assert (technical.covered, len(technical.missing), technical.ratio) == ([], 9, Decimal("0.0000"))  # withdrawn
    assert (operator.covered, operator.missing[-1], operator.ratio) == ([10], 9, Decimal("0.1000"))
    assert [r.covered for r in mhs2.roles] == [[], [], []]


async def test_the_coverage_report_lists_each_guardians_gaps_in_its_own_section():
    w, _, _ = await a_guarded_hazard()
    await h.draw_up_guardian_task(c.DrawUpGuardianTask(**{**BODY, "work_type": 1, "task_num": 1}).for_("ent-1"),
                                  w.guardian_tasks, OFFICER)
    report = await w.coverage.report("ent-1")
    section = report["guardians"]
    assert section["count"] == 3  # every role still misses items of the national list
    [mhs] = section["items"]
    assert (mhs["object_id"], mhs["roles"][0]["covered"], mhs["roles"][0]["missing"][:2]) == ("mhs-1", [1], [2, 3])
    assert report["summary"]["guardians"] == 3 and report["summary"]["total"] >= 3
