"""The open occurrences of the deadline measurements, written straight into inspection's schema by
COPY: their events, their read-model rows and their 临期/超期 deadlines, as the catch-up handler
would have left them (what is measured is the firing, not how the rows got there).

Occurrence i belongs to task `bench-task-i`. The first `due` fall due at the same instant `DUE`
(00:00 in Shanghai, when daily windows close): half turn 临期 then (issued, window closing an hour
later), half 超期 (already 临期, window closing then). Every other one is open with both its
deadlines hours to days later, spread over a month: they are what a scan would read for nothing.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import orjson

from libs.events import Metadata
from libs.migrations import upgrade_async
from services.inspection.app import SPEC as INSPECTION
from services.inspection.application.occurrences import IMMINENT, OVERDUE
from services.inspection.domain import occurrence_events as e
from services.inspection.domain.occurrence_ids import occurrence_id

DUE = datetime(2027, 1, 4, 16, 0, tzinfo=UTC)  # 2027-01-05 00:00 in Shanghai
ENTERPRISE, POST = "bench-enterprise", "bench-post"
CHUNK = 50_000  # rows per COPY: memory stays flat at the million
METADATA = orjson.dumps(Metadata(actor="bench-seed", enterprise_id=ENTERPRISE,
                                 correlation_id="bench-seed").model_dump(exclude_none=True)).decode()
HOUR = timedelta(hours=1)


def _plan(i: int, due: int) -> tuple[datetime, datetime, datetime, bool]:
    """(window start, window end, 临期 at, already 临期) of occurrence i."""
    if i < due // 2:
        return DUE - 23 * HOUR, DUE + HOUR, DUE, False
    if i < due:
        return DUE - 24 * HOUR, DUE, DUE - 2 * HOUR, True
    end = DUE + 8 * HOUR + timedelta(minutes=i % (30 * 24 * 60))
    return end - 24 * HOUR, end, end - 5 * HOUR, False


def _rows(start: int, stop: int, due: int) -> tuple[list[list], list[list], list[list]]:
    events, occurrences, deadlines = [], [], []
    for i in range(start, stop):
        task = f"bench-task-{i:07d}"
        window_start, window_end, imminent, already = _plan(i, due)
        oid = occurrence_id(task, window_start)
        stream = f"occurrence-{oid}"
        fact: dict[str, Any] = {"occurrence_id": oid, "enterprise_id": ENTERPRISE, "task_id": task,
                                "window_start": window_start, "window_end": window_end,
                                "planned_on_assumed_calendar": False}
        issued = e.OccurrenceIssued(**fact, post_ids=[POST], person_ids=[], imminent_at=imminent,
                                    at=window_start)
        events.append([uuid.uuid4(), stream, 1, issued.TYPE, issued.VERSION, orjson.dumps(issued.payload()).decode(),
                       METADATA])
        if already:
            became = e.OccurrenceBecameImminent(**fact, at=imminent)
            events.append([uuid.uuid4(), stream, 2, became.TYPE, became.VERSION,
                           orjson.dumps(became.payload()).decode(), METADATA])
        state = "imminent" if already else "issued"
        occurrences.append([oid, ENTERPRISE, task, "{" + POST + "}", "{}", window_start, window_end, state, imminent,
                            False, False, None, "{}", window_start, imminent if already else window_start,
                            2 if already else 1])
        data = orjson.dumps({"occurrence_id": oid}).decode()
        kinds = [(OVERDUE, window_end)] if already else [(IMMINENT, imminent), (OVERDUE, window_end)]
        for kind, at in kinds:
            deadlines.append([f"{stream}:{kind}", stream, kind, at, at, data, ENTERPRISE, "bench-seed"])
    return events, occurrences, deadlines


def _csv(rows: list[list]) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text)
    for row in rows:
        writer.writerow(["\\N" if v is None else v.isoformat() if isinstance(v, datetime) else v for v in row])
    return io.BytesIO(text.getvalue().encode())


TABLES = {
    "events": ("event_id", "stream_id", "version", "type", "schema_version", "data", "metadata"),
    "occurrences": ("id", "enterprise_id", "task_id", "post_ids", "person_ids", "window_start", "window_end", "state",
                    "imminent_at", "planned_on_assumed_calendar", "never_issued", "record_id", "records_after_miss",
                    "created_at", "updated_at", "version"),
    "deadlines": ("key", "stream_id", "kind", "due_at", "fire_at", "data", "enterprise_id", "correlation_id"),
}


def chunks(total: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, CHUNK):
        yield start, min(start + CHUNK, total)


async def seed(url: str, total: int, due: int, progress=lambda done: None) -> None:
    """Migrate inspection's schema into the database at `url` and write `total` open occurrences."""
    await upgrade_async(INSPECTION.migrations, url, "inspection")
    conn = await asyncpg.connect(url, server_settings={"search_path": "inspection"})
    try:
        for start, stop in chunks(total):
            for table, rows in zip(TABLES, _rows(start, stop, due), strict=True):
                await conn.copy_to_table(table, source=_csv(rows), columns=TABLES[table], format="csv",
                                         null="\\N", schema_name="inspection")
            progress(stop)
        await conn.execute("ANALYZE inspection.events; ANALYZE inspection.occurrences; ANALYZE inspection.deadlines")
    finally:
        await conn.close()
