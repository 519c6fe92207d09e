"""The read models in memory, check tasks and check records: the fakes behind `TaskQueries` and
`RecordQueries`, kept by inline projections of the in-memory event store, so a handler test reads
what its own commands and reactions wrote. It folds each task's stream with the aggregate's own
`when_…` methods and answers in the SQL queries' shapes and order."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from libs.events import DomainEvent, RecordedEvent
from libs.inline import Projector
from libs.pagination import PageParams
from services.inspection.domain.calendar_events import CalendarYearLoaded
from services.inspection.domain.codes import CheckStatus, TaskState, WorkType
from services.inspection.domain.events import TASK_EVENTS, registry
from services.inspection.domain.guardian_task import GUARDIAN
from services.inspection.domain.record_events import CheckRecorded
from services.inspection.domain.task import CheckTask
from services.inspection.projections.records import item_row, location_row

Row = dict[str, Any]


class InMemoryTasks:
    def __init__(self) -> None:
        self._history: dict[str, list[DomainEvent]] = defaultdict(list)
        self._rows: dict[str, Row] = {}
        self._risk_events: dict[str, str | None] = {}
        self.project = Projector(registry, {cls: self._fold for cls in TASK_EVENTS}).run  # a task's own events

    def _fold(self, event: DomainEvent, r: RecordedEvent) -> None:
        task_id = r.stream_id.partition("-")[2]
        self._history[task_id].append(event)
        self._risk_events.setdefault(task_id, getattr(event, "risk_event_id", None))
        task = CheckTask.rehydrate(task_id, self._history[task_id])
        created = self._rows.get(task_id, {}).get("created_at", r.recorded_at)
        self._rows[task_id] = _row(task, self._risk_events[task_id], created, r.recorded_at)

    async def task(self, enterprise_id: str, task_id: str) -> Row | None:
        row = self._rows.get(task_id)
        return dict(row) if row is not None and row["enterprise_id"] == enterprise_id else None

    async def tasks(self, enterprise_id: str, p: PageParams, *, post_id: str | None = None,
                    state: TaskState | None = None, measure_id: str | None = None, origin: str | None = None,
                    object_id: str | None = None, work_type: WorkType | None = None) -> tuple[list[Row], int]:
        wanted = {"enterprise_id": enterprise_id, "post_id": post_id, "state": state and state.value,
                  "measure_id": measure_id, "origin": origin, "object_id": object_id,
                  "work_type": work_type and int(work_type)}
        rows = sorted((r for r in self._rows.values()
                       if all(v is None or r[k] == v for k, v in wanted.items())),
                      key=lambda r: (r["created_at"], r["id"]))
        return [dict(r) for r in rows[p.offset:p.offset + p.limit]], len(rows)


class InMemoryCalendarYears:
    """The loaded calendar years in memory: the fake behind `CalendarYearQueries`."""

    def __init__(self) -> None:
        self._rows: dict[int, Row] = {}
        self.project = Projector(registry, {CalendarYearLoaded: self._loaded}).run

    def _loaded(self, e: CalendarYearLoaded, r: RecordedEvent) -> None:
        self._rows[e.year] = {"year": e.year, "holidays": sorted(e.holidays), "workdays": sorted(e.workdays),
                              "loaded_by": e.loaded_by, "loaded_at": e.loaded_at, "version": r.version}

    async def loaded_years(self) -> list[Row]:
        return [dict(self._rows[year]) for year in sorted(self._rows)]


def _row(task: CheckTask, risk_event_id: str | None, created: datetime, updated: datetime) -> Row:
    cycle = task.cycle
    return {"id": task.id, "enterprise_id": task.enterprise_id, "measure_id": task.measure_id or None,
            "origin": task.origin, "plan_id": task.plan_id or None,
            "risk_event_id": risk_event_id, "troubleshoot_content": task.content, "post_id": task.post_id,
            "work_type": task.work_type.value, "task_num": task.task_num,
            "object_id": task.object_id or None, "guardian_id": task.holder if task.origin == GUARDIAN else None,
            "check_cycle": float(cycle.every) if cycle else None,
            "check_cycle_unit": cycle.unit.value if cycle else None, "task_start_time": cycle and cycle.start,
            "work_start_time": cycle and cycle.work_start, "work_end_time": cycle and cycle.work_end,
            "work_day_type": cycle.work_day_type.value if cycle else None, "state": task.state.value,
            "retired_because": task.retired and task.retired.value, "created_at": created, "updated_at": updated,
            "version": task.version}


class InMemoryRecords:
    """The check-record read model in memory (the fake behind `RecordQueries`), its rows built by the
    SQL projection's own row functions, answered in the same shape and order (newest first)."""

    def __init__(self) -> None:
        self._rows: dict[str, Row] = {}
        self.project = Projector(registry, {CheckRecorded: self._recorded}).run

    def _recorded(self, ev: CheckRecorded, r: RecordedEvent) -> None:
        self._rows[ev.record_id] = {
            **ev.model_dump(include=set(RECORD_COLUMNS)), "status": ev.status.value, "on_time": not ev.late,
            "items": [item_row(i) for i in ev.items], "hazards": sum(1 for i in ev.items if i.abnormal),
            "location": location_row(ev), "reporter_mobile": ev.create_by_mobile, "id": ev.record_id,
            "recorded_at": r.recorded_at}

    async def record(self, enterprise_id: str, record_id: str) -> Row | None:
        row = self._rows.get(record_id)
        return dict(row) if row is not None and row["enterprise_id"] == enterprise_id else None

    async def records(self, enterprise_id: str, p: PageParams, *, occurrence_id: str | None = None,
                      task_id: str | None = None, status: CheckStatus | None = None, reporter_id: str | None = None,
                      made_from: datetime | None = None, made_to: datetime | None = None) -> tuple[list[Row], int]:
        wanted = {"enterprise_id": enterprise_id, "occurrence_id": occurrence_id, "task_id": task_id,
                  "status": None if status is None else status.value, "reporter_id": reporter_id}
        rows = [r for r in self._rows.values() if all(v is None or r[k] == v for k, v in wanted.items())
                and (made_from is None or r["made_at"] >= made_from) and (made_to is None or r["made_at"] < made_to)]
        rows.sort(key=lambda r: r["id"])
        rows.sort(key=lambda r: r["made_at"], reverse=True)
        return [dict(r) for r in rows[p.offset:p.offset + p.limit]], len(rows)


RECORD_COLUMNS = ("client_id", "enterprise_id", "occurrence_id", "task_id", "window_start", "window_end", "made_at",
                  "received_at", "late", "note", "photo_ids", "reporter_id", "mobile_me", "is_defend", "recorded_by")
