"""The working calendar through HTTP, on the real app and PostgreSQL, its clock a FixedClock the
test moves: the platform admin loads a year the library lacks (2031) and the calendar answers its
days as known at once, no restart; a bad entry is 422 naming it; anyone else is refused the load
(403); the enterprise's warning from 1 December until next year is loaded."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from libs.clock import FixedClock
from services.inspection.app import create_app
from services.inspection.domain.calendar import Workday
from tests.integration.service_client import running, settings_for, token

NOV_30 = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
DEC_1 = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # midnight, 1 December in Shanghai
NOTICE_2031 = {"year": 2031, "holidays": ["2031-01-01", "2031-01-02"], "workdays": ["2031-01-04"]}


@pytest.fixture
async def service(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    app = create_app(settings)
    app.state.clock = FixedClock(NOV_30)
    async with running(app) as client:
        yield app, client, settings


async def test_a_loaded_year_the_library_lacks_is_known_at_once(service):
    app, client, settings = service
    operator = token(settings, None, "platform_admin", person="operator")
    assert (await client.get("/calendar/years/2031", headers=operator)).status_code == 404
    assert (await app.state.inspection.calendar()).is_workday(date(2031, 1, 2)) == Workday(True, known=False)

    r = await client.put("/calendar/years/2031", headers=operator, json=NOTICE_2031)
    assert r.status_code == 200, r.text
    assert {k: r.json()[k] for k in ("year", "source", "holidays", "workdays", "loaded_by")} == {
        "year": 2031, "source": "导入", "holidays": ["2031-01-01", "2031-01-02"], "workdays": ["2031-01-04"],
        "loaded_by": "operator"}
    assert (await app.state.inspection.calendar()).is_workday(date(2031, 1, 2)) == Workday(False, known=True)

    again = await client.put("/calendar/years/2031", headers=operator, json={"holidays": ["2031-01-01"]})
    assert again.status_code == 200, again.text
    assert (await client.get("/calendar/years/2031", headers=operator)).json()["holidays"] == ["2031-01-01"]
    assert len(await app.state.inspection.store.load("calendaryear-2031")) == 2  # history kept

    listed = (await client.get("/calendar/years", headers=operator)).json()
    assert {(y["year"], y["source"]) for y in listed["years"]} >= {(2025, "库"), (2026, "库"), (2031, "导入")}
    assert listed["missing"] == [2027]
    library = (await client.get("/calendar/years/2025", headers=operator)).json()
    assert library["source"] == "库" and "2025-01-28" in library["holidays"] and "2025-01-26" in library["workdays"]


async def test_bad_entries_are_422_naming_them_and_only_the_platform_admin_loads(service):
    _, client, settings = service
    operator = token(settings, None, "platform_admin", person="operator")
    for body, field in [({"holidays": ["2031-01-01", "2031-02-30"]}, "holidays.1"),
                        ({"workdays": ["2031-01-06"]}, "workdays.0"), ({"year": 2030}, "year"),
                        ({"holidays": "2031-01-01"}, "holidays"), ({"holiday": []}, "holiday")]:
        bad = await client.put("/calendar/years/2031", headers=operator, json=body)
        assert (bad.status_code, bad.json()["field"]) == (422, field), bad.text
    assert "第2项" in (await client.put("/calendar/years/2031", headers=operator,
                                         json={"holidays": ["2031-01-01", "2031-02-30"]})).json()["message"]
    assert (await client.put("/calendar/years/1999", headers=operator, json={})).status_code == 422
    officer = token(settings, "ent-1", "safety_officer", "enterprise_admin", person="officer-1")
    refused = await client.put("/calendar/years/2031", headers=officer, json=NOTICE_2031)
    assert refused.status_code == 403, refused.text
    assert (await client.get("/calendar/years/2031", headers=operator)).status_code == 404


async def test_the_enterprise_is_warned_from_1_december_until_next_year_is_loaded(service):
    app, client, settings = service
    admin = token(settings, "ent-1", "enterprise_admin", person="admin-1")
    path = "/enterprises/ent-1/calendar/status"
    assert (await client.get(path, headers=admin)).json()["ok"]
    app.state.clock.set(DEC_1)
    warning = (await client.get(path, headers=admin)).json()
    assert (warning["ok"], warning["missing_year"]) == (False, 2027), warning
    assert "国务院办公厅" in warning["message"] and "明年节假日安排尚未导入" in warning["message"]
    worker = token(settings, "ent-1", "worker", person="worker-1")
    assert (await client.get(path, headers=worker)).status_code == 403

    operator = token(settings, None, "platform_admin", person="operator")
    loaded = await client.put("/calendar/years/2027", headers=operator, json={"holidays": ["2027-01-01"]})
    assert loaded.status_code == 200, loaded.text
    assert (await client.get(path, headers=admin)).json() == {"ok": True, "missing_year": None, "message": None}
