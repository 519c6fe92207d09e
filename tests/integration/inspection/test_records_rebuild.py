"""`shuangkong rebuild inspection` with check records: the check-record read model rebuilt from the
service's own log is the live one, row for row (items, readings and photos included)."""

from __future__ import annotations

import asyncpg

from libs.rebuild import rebuild_service
from services.inspection.app import SPEC
from tests.integration import rebuild_dump
from tests.integration.inspection.test_records_api import PNG, body, site  # noqa: F401 - the fixture


async def test_a_rebuild_gives_the_same_check_records(site):  # noqa: F811 - the fixture
    eid = "ent-rebuild"
    photo = (await site.client.post(f"/enterprises/{eid}/photos", headers=site.worker(eid),
                                    files={"file": ("现场.png", PNG, "image/png")})).json()["photo_id"]
    for measure, items in (("m-1", [{"item_id": "1", "abnormal": False}]),
                           ("m-2", [{"item_id": "1", "abnormal": True, "note": "联锁被旁路", "photo_ids": [photo]}])):
        r = await site.record(eid, body(await site.occurrence(eid, measure), items=items,
                                        location={"lat": 29.87, "lng": 121.55}))
        assert r.status_code == 201, r.text
    conn = await asyncpg.connect(site.settings.database_url)
    try:
        await rebuild_dump.settled(conn, "inspection", site.app.state.clock.now())
        before = (await rebuild_dump.rows(conn, "inspection"), await rebuild_dump.structure(conn, "inspection"))
        await rebuild_service(SPEC, site.settings, show_progress=False)
        after = (await rebuild_dump.rows(conn, "inspection"), await rebuild_dump.structure(conn, "inspection"))
    finally:
        await conn.close()
    assert after == before and len(before[0]["check_records"]) == 2, "the rebuilt read model is the live one"
