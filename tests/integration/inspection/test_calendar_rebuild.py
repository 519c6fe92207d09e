"""`shuangkong rebuild inspection` with loaded calendar years: the calendar_years read model rebuilt
from the log is the live one (the last load of each year), row for row."""

from __future__ import annotations

import json

import asyncpg

from libs.rebuild import rebuild_service
from services.inspection.app import SPEC
from tests.integration import rebuild_dump
from tests.integration.inspection.test_calendar_api import NOTICE_2031, service  # noqa: F401 (the fixture)
from tests.integration.service_client import token


async def test_a_rebuild_gives_the_same_calendar_years(service):  # noqa: F811 (the fixture)
    _, client, settings = service
    operator = token(settings, None, "platform_admin", person="operator")
    for year, body in ((2031, NOTICE_2031), (2031, {"holidays": ["2031-01-01"]}), (2027, {"workdays": ["2027-02-20"]})):
        r = await client.put(f"/calendar/years/{year}", headers=operator, json=body)
        assert r.status_code == 200, r.text
    conn = await asyncpg.connect(settings.database_url)
    try:
        before = (await rebuild_dump.rows(conn, "inspection"), await rebuild_dump.structure(conn, "inspection"))
        await rebuild_service(SPEC, settings, show_progress=False)
        after = (await rebuild_dump.rows(conn, "inspection"), await rebuild_dump.structure(conn, "inspection"))
    finally:
        await conn.close()
    assert after == before, "the rebuilt read model is the live one"
    years = [json.loads(row) for row in before[0]["calendar_years"]]
    assert [(y["year"], y["version"], y["holidays"]) for y in years] == [(2027, 1, []), (2031, 2, ["2031-01-01"])]
