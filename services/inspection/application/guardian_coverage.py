"""Each 包保责任人's coverage of the national 包保 list (the regulator's coverage report, DOMAIN.md §9
item 1): per 重大危险源 and role, the guardian, the taskNums with a live 包保 task, those of the role's
range without one, and the share covered. The report (wired at merge) calls `guardian_coverage`.

The 重大危险源 are those inspection's replica has guardians for (MajorHazardGuardiansAssigned, not
retired); one the registry rated but gave no guardians yet is not here — the report's list of major
hazard sources without tasks names it. A withdrawn or retired task covers nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Protocol

from services.inspection.domain.codes import WorkType
from services.inspection.domain.guardian_task import ROLES


@dataclass(frozen=True)
class Guardian:
    person_id: str | None
    name: str | None  # null until the directory replica has the person


@dataclass(frozen=True)
class GuardedObject:
    """A 重大危险源 and its three guardians, as the replica has them."""

    object_id: str
    guardians: dict[WorkType, Guardian]


class CoverageQueries(Protocol):
    """The replica's 重大危险源 with guardians, and the taskNums of their live 包保 tasks
    (projections/guardian_coverage.py)."""

    async def guarded_objects(self, enterprise_id: str) -> list[GuardedObject]: ...

    async def live_task_nums(self, enterprise_id: str) -> dict[tuple[str, WorkType], set[int]]: ...


@dataclass(frozen=True)
class RoleCoverage:
    work_type: WorkType
    guardian: Guardian
    covered: list[int]  # taskNums with a live task, ascending
    missing: list[int]  # taskNums of the role's range without one, ascending
    ratio: Decimal  # covered / the range, 0–1 to four places


@dataclass(frozen=True)
class ObjectCoverage:
    object_id: str
    roles: list[RoleCoverage]  # 主要, 技术, 操作负责人, in that order


def role_coverage(role: WorkType, guardian: Guardian, live: set[int]) -> RoleCoverage:
    nums = role.task_nums or range(0)
    covered = sorted(n for n in live if n in nums)
    ratio = (Decimal(len(covered)) / len(nums)).quantize(Decimal("0.0001"), ROUND_HALF_EVEN)
    return RoleCoverage(role, guardian, covered, [n for n in nums if n not in live], ratio)


async def guardian_coverage(queries: CoverageQueries, enterprise_id: str) -> list[ObjectCoverage]:
    """One enterprise's 重大危险源, each with its three roles' coverage (ordered by object id)."""
    live = await queries.live_task_nums(enterprise_id)
    return [ObjectCoverage(o.object_id, [role_coverage(role, o.guardians.get(role, Guardian(None, None)),
                                                       live.get((o.object_id, role), set())) for role in ROLES])
            for o in sorted(await queries.guarded_objects(enterprise_id), key=lambda o: o.object_id)]
