"""My tasks (我的排查任务): what the signed-in person has to check today — the open occurrences
(待排查/临期) of their post and those issued to them by name (包保), whose window has started by
the end of today, and those that went 超期 today — each with its task's troubleshootContent and the
checklist a record is held to, soonest deadline first.

"Today" is the day in Asia/Shanghai by the service clock. Inspection knows a person's post only from
the registry's events (projections/directory.py): a person not replicated yet, or who left, gets an
empty list and a note saying why, never an error — the phone asks again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any, Protocol

from libs.clock import Clock
from libs.repository import Repository
from services.inspection.application.record_target import Checklists, MeasureChecklists
from services.inspection.domain.cycles import SHANGHAI
from services.inspection.domain.task import CheckTask

Row = dict[str, Any]
NOT_REPLICATED = "尚未收到该人员的岗位信息 (人员登记后稍候再试)"
LEFT = "该人员已离职, 无排查任务"
NO_POST = "该人员未分配岗位, 仅列出指派给本人的排查任务"


@dataclass(frozen=True)
class Member:
    """A person as the replica knows them."""

    person_id: str
    name: str | None
    post_id: str | None
    post_name: str | None
    left: bool


@dataclass(frozen=True)
class Unit:
    """An org unit as the replica knows it (a post's department)."""

    unit_id: str
    name: str | None


class Directory(Protocol):
    async def member(self, enterprise_id: str, person_id: str) -> Member | None: ...

    async def post_names(self, post_ids: list[str]) -> dict[str, str]: ...

    async def departments(self, enterprise_id: str, post_ids: list[str]) -> dict[str, Unit]:
        """post id → its department (the nearest unit of kind department above it)."""
        ...

    async def units(self, enterprise_id: str, kind: str) -> dict[str, str | None]:
        """The enterprise's units of `kind` ('department', 'post'), id → name."""
        ...


class DueOccurrences(Protocol):
    async def due(self, enterprise_id: str, post_id: str | None, person_id: str, *, started_before: datetime,
                  missed_since: datetime) -> list[Row]:
        """Open occurrences of the post or the person with window_start < started_before, and missed
        ones with missed_since <= window_end < started_before; ordered by window_end, id."""
        ...


@dataclass
class MyTasks:
    directory: Directory
    occurrences: DueOccurrences
    tasks: Repository[CheckTask]
    clock: Clock
    checklists: Checklists = field(default_factory=MeasureChecklists)


@dataclass(frozen=True)
class MyDay:
    person: Member | None
    items: list[Row]
    note: str | None = None


def today(now: datetime) -> tuple[datetime, datetime]:
    """The Shanghai day holding `now`: its start and the next day's start."""
    start = datetime.combine(now.astimezone(SHANGHAI).date(), time(), SHANGHAI)
    return start, start + timedelta(days=1)


async def my_tasks(deps: MyTasks, enterprise_id: str, person_id: str) -> MyDay:
    member = await deps.directory.member(enterprise_id, person_id)
    if member is None:
        return MyDay(None, [], NOT_REPLICATED)
    if member.left:
        return MyDay(member, [], LEFT)
    start, end = today(deps.clock.now())
    rows = await deps.occurrences.due(enterprise_id, member.post_id, person_id, started_before=end,
                                      missed_since=start)
    names = await deps.directory.post_names(sorted({p for r in rows for p in r["post_ids"]}))
    tasks: dict[str, CheckTask | None] = {}
    items = []
    for row in rows:
        if row["task_id"] not in tasks:
            tasks[row["task_id"]] = await deps.tasks.find(row["task_id"])
        task = tasks[row["task_id"]]
        if task is None:  # cannot happen: an occurrence is issued by its task's stream
            continue
        checklist = await deps.checklists.of(task)
        items.append({**row, "post_names": [names.get(p) for p in row["post_ids"]],
                      "troubleshoot_content": task.content, "checklist": list(checklist.values())})
    return MyDay(member, items, None if member.post_id else NO_POST)
