"""How hazards enter, on fakes: 随手拍 resent is one hazard, photos first, outside findings and
their week, the registrant's category, and inspection's finding registered once however often it
arrives."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest

from libs.blobs import PhotosMissing
from services.hazard.application import commands as c
from services.hazard.application.reactions import finding_reactor
from services.hazard.application.reports import report_manual, report_outside, report_snapshot, snapshot_id
from services.hazard.domain.codes import DangerSource, HazardCategory
from services.hazard.domain.origins import Origin
from tests.unit.hazard.application.flows import EID, OFFICER, PRINCIPAL, WORKER, ctx, finding, photo, types, wired


def snapshot(client_id: uuid.UUID, photo_ids: list[str]) -> c.ReportSnapshot:
    return c.ReportSnapshot(client_id=client_id, made_at=datetime(2026, 12, 3, 9, 30), name="消防通道堵塞",
                            description="3 号库房北侧消防通道堆放托盘", photo_ids=photo_ids,
                            location={"lat": 31.8, "lng": 119.9}).for_(EID)


async def test_a_snapshot_sent_twice_is_one_hazard_from_a_phone_in_beijing_time():
    w = wired()
    client_id, photos = uuid.uuid4(), [await photo(w)]
    first = await report_snapshot(snapshot(client_id, photos), w, WORKER)
    again = await report_snapshot(snapshot(client_id, photos), w, WORKER)
    assert first == again
    assert await types(w, first) == ["HazardReported"]
    hazard = await w.hazards.get(first)
    reported = (await w.store.load(w.hazards.stream_id(first)))[0].data
    assert (reported["origin"], reported["source"], reported["found_at"]) == (
        Origin.SNAPSHOT, DangerSource.OTHER, "2026-12-03T09:30:00+08:00")
    assert hazard.reporter_id == "p-worker"


async def test_a_report_naming_a_photo_not_uploaded_is_refused_with_its_id_and_writes_nothing():
    w = wired()
    missing, client_id = "a" * 64, uuid.uuid4()
    with pytest.raises(PhotosMissing) as refused:
        await report_snapshot(snapshot(client_id, [missing]), w, WORKER)
    assert refused.value.missing == [missing] and refused.value.field == "photo_ids"
    assert await w.hazards.find(snapshot_id(EID, client_id)) is None


@pytest.mark.parametrize("by_expert, found_on, source, late", [
    (False, date(2026, 11, 26), DangerSource.OTHER, False),  # 7 days before today
    (False, date(2026, 11, 25), DangerSource.OTHER, True),
    (True, date(2026, 11, 1), DangerSource.EXTERNAL_EXPERT, True),
])
async def test_an_outside_finding_is_accepted_and_flagged_when_entered_after_its_week(by_expert, found_on, source,
                                                                                      late):
    w = wired()
    hazard_id = await report_outside(c.ReportOutside(
        by_expert=by_expert, enforcement_id="常新应急罚〔2026〕18号", found_on=found_on, name="可燃气体报警器未检定",
        description="罐区 GDS 探头超期未检定").for_(EID), w, OFFICER)
    data = (await w.store.load(w.hazards.stream_id(hazard_id)))[0].data
    assert (data["source"], data["entered_late"], data["enforcement_id"]) == (source, late, "常新应急罚〔2026〕18号")


@pytest.mark.parametrize("who, marked", [(PRINCIPAL, HazardCategory.BY_PRINCIPAL),
                                         (ctx("p-ops", "operations_head", "worker"), HazardCategory.BY_OPERATIONAL),
                                         (OFFICER, HazardCategory.OTHER)])
async def test_a_guardian_registering_marks_the_hazard_with_their_category(who, marked):
    w = wired()
    hazard_id = await report_manual(c.ReportManual(source=DangerSource.SPECIALIST, found_at=datetime(2026, 12, 3, 8),
                                                   name="安全阀铅封缺失", description="V-101 安全阀铅封缺失").for_(EID),
                                    w, who)
    assert (await w.store.load(w.hazards.stream_id(hazard_id)))[0].data["category"] == marked


async def test_inspections_finding_becomes_one_hazard_however_often_it_arrives():
    w = wired()
    reactor = finding_reactor(w.hazards, w.store, w.clock, "", "hazard")
    event = finding()
    await reactor.apply(None, event)
    await reactor.apply(None, event)  # redelivered (the inbox would stop it; the reaction is safe too)
    await reactor.apply(None, finding()._replace(event_id=uuid.uuid4()))  # replayed under a new event id
    assert await types(w, "hz-found-1") == ["HazardReported"]
    data = (await w.store.load(w.hazards.stream_id("hz-found-1")))[0]
    assert (data.data["name"], data.data["record_id"], data.data["origin"]) == ("储罐液位", "r-1", "check_record")
    assert data.metadata["causation_id"] == str(event.event_id)
