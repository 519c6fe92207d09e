"""Check records through HTTP on the real app, PostgreSQL and broker, the clock driven by the test:
a photo uploaded (multipart) then a record naming it — 201 with the record, labelled; the same client
id again and twice at once is one record; a photo never uploaded is refused with its id and nothing
is kept; bad fields are 422 naming them; another enterprise's token is refused (403) and its
occurrences and records are not found (404). The task and occurrence are made on the app's own store
(Repository(store, registry, Occurrence, "occurrence", "inspection"), as the occurrences will be)."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest

from libs.clock import FixedClock
from libs.repository import CommandContext
from services.inspection.app import create_app
from services.inspection.domain.cycles import Window
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.task import CheckTask, MeasureFacts, task_id_for
from tests.integration.inspection.directory_feed import on_post
from tests.integration.service_client import running, settings_for, token

T0 = datetime(2026, 12, 1, 0, tzinfo=UTC)  # 08:00 in Shanghai, the shift's start
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@asynccontextmanager
async def started_site(runtime, database_url, topic_prefix, tmp_path):
    """The app on the test's clock (an hour into T0's window); a test module's fixture enters it."""
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, blob_dir=str(tmp_path / "blobs"))
    app = create_app(settings)
    app.state.clock = FixedClock(T0 + timedelta(hours=1))
    async with running(app) as client:
        yield Site(app, client, settings)


@pytest.fixture
async def site(runtime, database_url, topic_prefix, tmp_path):
    async with started_site(runtime, database_url, topic_prefix, tmp_path) as s:
        yield s


class Site:
    def __init__(self, app, client, settings) -> None:
        self.app, self.client, self.settings = app, client, settings

    def worker(self, eid: str, *roles: str) -> dict:
        return token(self.settings, eid, *(roles or ("worker",)), person="worker-1")

    async def occurrence(self, eid: str, measure: str = "m-1", start: datetime = T0, person_ids=()) -> str:
        """A measure's task and its occurrence for the window [start, start + 8 h), issued to post-1
        (worker-1's, in the directory replica) and `person_ids`."""
        await on_post(self.app, eid, "worker-1", "post-1")
        wired, ctx = self.app.state.inspection, CommandContext("system:test", eid, "corr-test")
        task = await wired.tasks.find(task_id_for(f"{eid}-{measure}")) or CheckTask(task_id_for(f"{eid}-{measure}"))
        task.follow(MeasureFacts(f"{eid}-{measure}", eid, "2", "检查温度联锁投用状态", "post-1"))
        await wired.tasks.save(task, ctx)
        window = Window(start, start + timedelta(hours=8))
        occurrence = Occurrence.issue(enterprise_id=eid, task_id=task.id, window=window, post_ids=["post-1"],
                                      person_ids=list(person_ids), at=start)
        await wired.check_records.occurrences.save(occurrence, ctx)
        return occurrence.id

    async def record(self, eid: str, body: dict, headers: dict | None = None):
        return await self.client.post(f"/enterprises/{eid}/check-records", headers=headers or self.worker(eid),
                                      json=body)

    async def records(self, eid: str, **params) -> dict:
        r = await self.client.get(f"/enterprises/{eid}/check-records", headers=self.worker(eid), params=params)
        assert r.status_code == 200, r.text
        return r.json()


def body(occurrence_id: str, **changes) -> dict:
    return {"client_id": str(uuid.uuid4()), "occurrence_id": occurrence_id, "made_at": "2026-12-01T08:50:00",
            "items": [{"item_id": "1", "abnormal": False}], "create_by_mobile": "13900000001",
            "mobile_me": "IMEI-8613", **changes}


async def test_a_photo_uploaded_then_a_record_naming_it_and_the_same_record_sent_again(site):
    eid, occurrence_id = "ent-rec-1", await site.occurrence("ent-rec-1")
    up = await site.client.post(f"/enterprises/{eid}/photos", headers=site.worker(eid),
                                files={"file": ("现场.png", PNG, "image/png")})
    assert up.status_code == 201, up.text
    photo = up.json()["photo_id"]
    sent = body(occurrence_id, photo_ids=[photo], location={"lat": 29.87, "lng": 121.55},
                items=[{"item_id": "1", "abnormal": True, "note": "联锁被旁路"}])
    r = await site.record(eid, sent)
    assert r.status_code == 201, r.text
    record = r.json()
    assert {k: record[k] for k in ("occurrence_id", "status", "status_label", "made_at", "received_at", "late",
                                   "on_time", "hazards", "photo_ids", "reporter_id", "is_defend", "location")} == {
        "occurrence_id": occurrence_id, "status": 1, "status_label": "存在隐患", "made_at": "2026-12-01T00:50:00+00:00",
        "received_at": "2026-12-01T01:00:00+00:00", "late": False, "on_time": True, "hazards": 1,
        "photo_ids": [photo], "reporter_id": "worker-1", "is_defend": False, "location": {"lat": 29.87, "lng": 121.55}}
    assert record["reporter_mobile"] == "13900000001"  # the reporter's own: whole
    for viewer, seen in (("worker-2", "139****0001"), ("officer-1", "13900000001")):
        roles = ("worker",) if viewer == "worker-2" else ("safety_officer",)
        shown = await site.client.get(f"/enterprises/{eid}/check-records/{record['id']}",
                                      headers=token(site.settings, eid, *roles, person=viewer))
        assert shown.json()["reporter_mobile"] == seen, viewer  # a colleague's list is no phone book
    again = await site.record(eid, {**sent, "note": "重发"})
    assert (again.status_code, again.json()["id"]) == (201, record["id"])
    detail = await site.client.get(f"/enterprises/{eid}/check-records/{record['id']}", headers=site.worker(eid))
    assert (detail.status_code, detail.json()["items"][0]["note"]) == (200, "联锁被旁路")
    listed = await site.records(eid, occurrence_id=occurrence_id, status=1, **{"from": "2026-12-01T08:00:00"})
    assert ([i["id"] for i in listed["items"]], listed["total"]) == ([record["id"]], 1)
    assert (await site.records(eid, **{"to": "2026-12-01T08:50:00"}))["total"] == 0  # `to` is exclusive


async def test_two_sends_of_one_record_at_once_make_one_record(site):
    eid, occurrence_id = "ent-rec-2", await site.occurrence("ent-rec-2")
    sent = body(occurrence_id)
    first, second = await asyncio.gather(site.record(eid, sent), site.record(eid, sent))
    assert (first.status_code, second.status_code) == (201, 201), (first.text, second.text)
    assert first.json()["id"] == second.json()["id"]
    assert (await site.records(eid, occurrence_id=occurrence_id))["total"] == 1


async def test_a_photo_never_uploaded_is_refused_with_its_id_and_bad_fields_are_named(site):
    eid, occurrence_id = "ent-rec-3", await site.occurrence("ent-rec-3")
    never = "e" * 64
    r = await site.record(eid, body(occurrence_id, photo_ids=[never]))
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (422, "photos_missing", "photo_ids"), r.text
    assert never in r.json()["message"]
    assert (await site.records(eid))["total"] == 0
    for change, field in [({"items": [{"item_id": "1", "reading": 3.5}]}, "items[0].reading"),
                          ({"items": [{"item_id": "7"}]}, "items[0].item_id"),
                          ({"items": [{"item_id": "1", "reading": "高"}]}, "items.0.reading"),
                          ({"client_id": "phone-1"}, "client_id"), ({"made_at": "明天"}, "made_at"),
                          ({"made_at": "2026-12-01T16:30:00"}, "made_at"),  # after the window, not sent as late
                          ({"status": 7}, "status"), ({"create_by_mobile": "1390000000x"}, "create_by_mobile"),
                          ({"photo_ids": ["not-a-photo"]}, "photo_ids.0"), ({"enterprise_id": eid}, "enterprise_id")]:
        bad = await site.record(eid, body(occurrence_id, **change))
        assert (bad.status_code, bad.json()["field"]) == (422, field), bad.text
    assert (await site.records(eid))["total"] == 0


async def test_tenancy_another_enterprise_is_refused_and_its_occurrences_and_records_not_found(site):
    eid, occurrence_id = "ent-rec-4", await site.occurrence("ent-rec-4")
    made = (await site.record(eid, body(occurrence_id))).json()["id"]
    outsider = site.worker("ent-rec-5")
    r = await site.client.get(f"/enterprises/{eid}/check-records/{made}", headers=outsider)
    assert r.status_code == 403, r.text
    assert (await site.record(eid, body(occurrence_id), headers=outsider)).status_code == 403
    foreign = await site.record("ent-rec-5", body(occurrence_id), headers=outsider)
    assert (foreign.status_code, foreign.json()["field"]) == (404, "occurrence_id"), foreign.text
    r = await site.client.get(f"/enterprises/ent-rec-5/check-records/{made}", headers=outsider)
    assert r.status_code == 404, r.text
    admin = await site.record(eid, body(occurrence_id), headers=site.worker(eid, "enterprise_admin"))
    assert admin.status_code == 403, admin.text  # an admin runs the system; those sent to check record
    officer = await site.record(eid, body(occurrence_id), headers=site.worker(eid, "safety_officer"))
    assert officer.status_code == 201, officer.text
    mine = await site.records(eid, reporter_id="worker-1", task_id=task_id_for(f"{eid}-m-1"), limit=1, offset=1)
    assert (len(mine["items"]), mine["total"]) == (1, 2)  # both by worker-1 (as a worker, as the officer)
    assert (await site.records(eid, reporter_id="worker-2"))["total"] == 0
    assert (await site.records(eid, task_id="another-task"))["total"] == 0
