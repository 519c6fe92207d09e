"""The occurrences of a task on PostgreSQL, through HTTP, moved by the real scheduler on the test's
clock: a cycle set issues its open window; the list filters by task, post, state and window start;
one is read by id (another enterprise's is not found); the clock makes it 临期; bad filters are
refused naming the field."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.integration.inspection.conftest import until
from tests.integration.inspection.occurrence_plant import T0, started
from tests.integration.service_client import token

DAY = timedelta(days=1)


@pytest.fixture
async def occurrence_plant(runtime, database_url, topic_prefix):
    async with started(runtime, database_url, topic_prefix) as plant:
        yield plant


async def test_a_cycle_set_issues_its_window_listed_read_and_made_imminent_by_the_clock(occurrence_plant):
    plant = occurrence_plant
    task_id = await plant.task()
    page = await until(lambda: _some(plant.occurrences()))
    [item] = page["items"]
    assert (item["task_id"], item["post_ids"], item["state"], item["state_label"]) == (
        task_id, ["post-1"], "issued", "待排查")
    assert [datetime.fromisoformat(item[k]) for k in ("window_start", "window_end")] == [T0, T0 + DAY]
    assert item["never_issued"] is False and item["planned_on_assumed_calendar"] is False
    base = f"/enterprises/{plant.eid}/occurrences"
    got = await plant.client.get(f"{base}/{item['id']}", headers=plant.officer)
    assert got.status_code == 200 and got.json()["id"] == item["id"], got.text

    for params, n in [({"task_id": task_id}, 1), ({"task_id": "other"}, 0), ({"post_id": "post-1"}, 1),
                      ({"post_id": "post-2"}, 0), ({"state": "issued"}, 1), ({"state": "missed"}, 0),
                      ({"from": "2026-12-01T08:00:00"}, 1), ({"from": "2026-12-01T08:00:01"}, 0),
                      ({"to": "2026-12-01T08:00:01"}, 1), ({"to": "2026-12-01T00:00:00Z"}, 0)]:
        assert (await plant.occurrences(**params))["total"] == n, params

    plant.clock.advance(DAY * 4 / 5)
    await plant.quiet()
    assert (await plant.client.get(f"{base}/{item['id']}", headers=plant.officer)).json()["state_label"] == "临期"

    other = token(plant.app.state.settings, "ent-other", "safety_officer")
    missing = await plant.client.get(f"/enterprises/ent-other/occurrences/{item['id']}", headers=other)
    assert missing.status_code == 404 and missing.json()["field"] == "occurrence_id", missing.text
    for params, field in [({"state": "done"}, "state"), ({"from": "昨天"}, "from"),
                          ({"from": "2026-12-02T00:00:00", "to": "2026-12-01T00:00:00"}, "to")]:
        r = await plant.client.get(base, headers=plant.officer, params=params)
        assert r.status_code == 422 and field in r.text, (params, r.text)


async def _some(pending):
    page = await pending
    return page if page["total"] else None
