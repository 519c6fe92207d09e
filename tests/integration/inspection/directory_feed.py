"""The registry's people as inspection's directory replica receives them, for tests of inspection
alone: each fact is applied by the replica's own declaration (projections/directory.py) to the real
PostgreSQL, as its consumer would after reading it from the broker (test_my_tasks_api.py proves that
path with the registry's real app). Versions only grow, so a later fact of a person wins."""

from __future__ import annotations

import itertools
import time
import uuid
from datetime import UTC, datetime

from libs.cloudevent import InboundEvent
from services.inspection.projections.directory import SCHEMA, directory_replica

_VERSIONS = itertools.count(int(time.time()) % 1_000_000_000)
R = "shuangkong.risk_registry."


async def feed(app, event_type: str, enterprise_id: str, **data) -> None:
    event = InboundEvent(uuid.uuid4(), R + event_type, "risk_registry", "", datetime.now(UTC), 1, next(_VERSIONS),
                         enterprise_id, "test", None, None, None, {"enterprise_id": enterprise_id, **data})
    async with app.state.pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT set_config('search_path', $1, true)", f'"{SCHEMA}", public')
        await directory_replica(app.state.settings).apply(conn, event)


async def on_post(app, enterprise_id: str, person_id: str, post_id: str, name: str = "张三") -> None:
    await feed(app, "PersonRegistered", enterprise_id, person_id=person_id, name=name, post_id=post_id)


async def org_unit(app, enterprise_id: str, unit_id: str, kind: str, name: str, parent_id: str | None = None) -> None:
    await feed(app, "OrgUnitCreated", enterprise_id, unit_id=unit_id, kind=kind, name=name, parent_id=parent_id)
