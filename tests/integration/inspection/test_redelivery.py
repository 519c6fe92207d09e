"""The reactor through the broker, the registry's events written by hand (so a test says exactly
what was published, twice if need be): a redelivered ControlMeasureDefined creates nothing more,
and a task's events say the registry's caused them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from libs.events import RecordedEvent
from services.inspection.app import create_app
from services.inspection.domain.task import task_id_for
from tests.integration.inspection.conftest import until
from tests.integration.service_client import running, settings_for, token
from tests.watchpost.registry_events import publish_registry

R = "shuangkong.risk_registry."


def measure_event(event_name: str, version: int, **data) -> RecordedEvent:
    return RecordedEvent(
        event_id=uuid.uuid4(), stream_id="measure-m-1", version=version, position=0, tx_id=0, type=R + event_name,
        schema_version=1, data={"measure_id": "m-1", "enterprise_id": "ent-1", **data},
        metadata={"enterprise_id": "ent-1", "actor": "officer-1", "correlation_id": "corr-measure"},
        recorded_at=datetime.now(UTC))


MEASURE = {"risk_event_id": "risk-1", "description": "储罐设温度高高联锁", "classify1": "1", "classify2": "1-4",
           "classify3": None, "data_source": "2", "inspection_content": "检查温度联锁投用状态",
           "responsible_post_id": "post-1"}


async def test_a_redelivered_definition_draws_up_nothing_more(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    app = create_app(settings)
    async with running(app) as inspection:
        defined = measure_event("ControlMeasureDefined", 1, **MEASURE)
        retired = measure_event("ControlMeasureRetired", 2, reason="工艺改造")
        await publish_registry(settings, [defined, defined, retired, retired])
        officer = token(settings, "ent-1", "safety_officer")
        path = f"/enterprises/ent-1/check-tasks/{task_id_for('m-1')}"

        async def retired_task():
            r = await inspection.get(path, headers=officer)
            return r.json() if r.status_code == 200 and r.json()["state"] == "retired" else None

        task = await until(retired_task)
        assert task["version"] == 2  # drawn up once, retired once
        rows = await app.state.pool.fetch(
            "SELECT type, metadata FROM events WHERE stream_id = $1 ORDER BY version", f"checktask-{task['id']}")
        assert [r["type"].rsplit(".", 1)[1] for r in rows] == ["CheckTaskDrawnUp", "CheckTaskRetired"]
        assert [r["metadata"]["causation_id"] for r in rows] == [str(defined.event_id),
                                                                             str(retired.event_id)]
