"""The plan read model: one row per plan, written in the append's transaction (the answer to a
command reads it at once), its checklist a JSON list in the items' order, and the queries on it (the
`PlanQueries` port). `state_label` is given here: a plan's 已废止 is not a task's 已停用."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from libs.events import RecordedEvent
from libs.inline import Projector
from libs.pagination import PageParams
from services.inspection.domain import plan_events as e
from services.inspection.domain.codes import PlanKind
from services.inspection.domain.cycles import SHANGHAI
from services.inspection.domain.events import registry
from services.inspection.domain.plan_state import PLAN_STATE_LABELS, PlanState

Row = dict[str, Any]
_COLUMNS = """id, enterprise_id, kind, title, period_start, period_end, cycle, assignments, items, state,
              published_at, first_window_start, task_ids, retired_reason, created_at, updated_at, version"""


def header(ev: e.PlanDrawnUp | e.PlanRevised) -> list[Any]:
    return [ev.kind.value, ev.title, ev.period_start, ev.period_end, ev.cycle.model_dump(mode="json"),
            [a.model_dump(mode="json") for a in ev.assignments]]


def answer(row: Row) -> Row:
    """The row as the routes answer it: taskStartTime as a moment (a naive one kept is Shanghai's)."""
    start = datetime.fromisoformat(row["cycle"]["task_start_time"])
    cycle = {**row["cycle"], "task_start_time": start if start.tzinfo else start.replace(tzinfo=SHANGHAI)}
    return {**row, "cycle": cycle, "state_label": PLAN_STATE_LABELS[PlanState(row["state"])]}


async def drawn_up(conn, ev: e.PlanDrawnUp, r: RecordedEvent) -> None:
    await conn.execute(
        f"""INSERT INTO plans (id, enterprise_id, kind, title, period_start, period_end, cycle, assignments, items,
                              state, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '{PlanState.DRAFT.value}', $10, $10, $11)""",
        ev.plan_id, ev.enterprise_id, *header(ev), [i.model_dump(mode="json") for i in ev.items], r.recorded_at,
        r.version)


async def _update(conn, r: RecordedEvent, plan_id: str, sets: str, *values) -> None:
    await conn.execute(f"UPDATE plans SET {sets}, updated_at = $2, version = $3 WHERE id = $1",
                       plan_id, r.recorded_at, r.version, *values)


async def revised(conn, ev: e.PlanRevised, r: RecordedEvent) -> None:
    await _update(conn, r, ev.plan_id, """kind = $4, title = $5, period_start = $6, period_end = $7, cycle = $8,
                  assignments = $9""", *header(ev))


async def item_added(conn, ev: e.ChecklistItemAdded, r: RecordedEvent) -> None:
    await _update(conn, r, ev.plan_id, "items = items || $4::jsonb", [ev.item.model_dump(mode="json")])


async def item_revised(conn, ev: e.ChecklistItemRevised, r: RecordedEvent) -> None:
    await _update(conn, r, ev.plan_id, """items = (SELECT jsonb_agg(CASE WHEN (i ->> 'no')::int = $4 THEN $5::jsonb
                  ELSE i END ORDER BY n) FROM jsonb_array_elements(items) WITH ORDINALITY AS t(i, n))""",
                  ev.item.no, ev.item.model_dump(mode="json"))


async def item_removed(conn, ev: e.ChecklistItemRemoved, r: RecordedEvent) -> None:
    await _update(conn, r, ev.plan_id, """items = COALESCE((SELECT jsonb_agg(i ORDER BY n)
                  FROM jsonb_array_elements(items) WITH ORDINALITY AS t(i, n) WHERE (i ->> 'no')::int <> $4),
                  '[]'::jsonb)""", ev.no)


async def published(conn, ev: e.PlanPublished, r: RecordedEvent) -> None:
    await _update(conn, r, ev.plan_id, "state = $4, published_at = $5, first_window_start = $6, task_ids = $7",
                  PlanState.PUBLISHED.value, ev.published_at, ev.first_window_start, [t.task_id for t in ev.tasks])


async def retired(conn, ev: e.PlanRetired, r: RecordedEvent) -> None:
    await _update(conn, r, ev.plan_id, "state = $4, retired_reason = $5", PlanState.RETIRED.value, ev.reason)


project = Projector(registry, {
    e.PlanDrawnUp: drawn_up, e.PlanRevised: revised, e.ChecklistItemAdded: item_added,
    e.ChecklistItemRevised: item_revised, e.ChecklistItemRemoved: item_removed, e.PlanPublished: published,
    e.PlanRetired: retired,
})


class SqlPlans:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def plan(self, enterprise_id: str, plan_id: str) -> Row | None:
        row = await self._pool.fetchrow(f"SELECT {_COLUMNS} FROM plans WHERE enterprise_id = $1 AND id = $2",
                                        enterprise_id, plan_id)
        return None if row is None else answer(dict(row))

    async def plans(self, enterprise_id: str, p: PageParams, *, kind: PlanKind | None = None,
                    state: PlanState | None = None) -> tuple[list[Row], int]:
        where, args = ["enterprise_id = $1"], [enterprise_id]
        for column, value in (("kind", kind and kind.value), ("state", state and state.value)):
            if value is not None:
                args.append(value)
                where.append(f"{column} = ${len(args)}")
        condition = " AND ".join(where)
        total = await self._pool.fetchval(f"SELECT count(*) FROM plans WHERE {condition}", *args)
        rows = await self._pool.fetch(
            f"""SELECT {_COLUMNS} FROM plans WHERE {condition}
                ORDER BY created_at DESC, id LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}""", *args, p.limit,
            p.offset)
        return [answer(dict(r)) for r in rows], total
