"""The rectification clock on fakes, the clock driven by the test: 临期 and 超期未整改 fire once each,
an approved extension moves them (the old deadline fires nothing), a submitted fix stops them, a
rejection after the deadline makes it overdue at once, and a scheduler that was down catches up
with one event per deadline passed."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from libs.clock import CHINA_TIME
from services.hazard.application import commands as c
from services.hazard.application import handlers as h
from services.hazard.application.reports import report_snapshot
from tests.unit.hazard.application.flows import EID, OFFICER, PRINCIPAL, RECTIFIER, WORKER, fire, photo, types, wired

GRADING = {"level": 0, "hazard_type": 7, "manage_type": 1, "liable_person_id": "p-rectifier"}


async def graded(w, deadline: date) -> str:
    hazard_id = await report_snapshot(c.ReportSnapshot(
        client_id=uuid.uuid4(), made_at=datetime(2026, 12, 3, 9), name="法兰渗漏", description="2# 罐进料法兰渗漏",
        photo_ids=[await photo(w)]).for_(EID), w, WORKER)
    await h.grade(c.Grade(**GRADING, deadline=deadline).for_(EID, hazard_id), w, OFFICER)
    return hazard_id


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=CHINA_TIME)


async def test_imminent_then_overdue_each_once_as_the_clock_moves():
    w = wired()
    hazard_id = await graded(w, date(2026, 12, 12))  # graded 3 Dec 10:00, due by 13 Dec 00:00: 20 % of 230 h
    w.clock.set(at(11, 1))  # 46 h before the 13th
    assert await fire(w) == 0
    w.clock.set(at(11, 2))
    assert await fire(w) == 1
    w.clock.set(at(13, 0))
    assert await fire(w) == 1
    w.clock.advance(timedelta(days=3))
    assert await fire(w) == 0
    assert (await types(w, hazard_id))[-2:] == ["RectificationImminent", "RectificationOverdue"]


async def test_an_approved_extension_moves_the_clock_and_the_old_deadline_fires_nothing():
    w = wired()
    hazard_id = await graded(w, date(2026, 12, 12))
    await h.start_rectification(c.StartRectification().for_(EID, hazard_id), w, RECTIFIER)
    extension = c.RequestExtension(new_deadline=date(2026, 12, 31), reason="备件未到")
    await h.request_extension(extension.for_(EID, hazard_id), w, RECTIFIER, "x-1")
    await h.decide_extension(c.DecideExtension(extension_id="x-1", approve=True).for_(EID, hazard_id), w, PRINCIPAL)
    w.clock.set(at(14))
    await fire(w)
    assert "RectificationOverdue" not in await types(w, hazard_id)
    w.clock.set(datetime(2027, 1, 1, tzinfo=CHINA_TIME))
    await fire(w)
    assert (await types(w, hazard_id)).count("RectificationOverdue") == 1


async def test_a_fix_submitted_in_time_stops_the_clock_and_a_late_rejection_makes_it_overdue_at_once():
    w = wired()
    hazard_id = await graded(w, date(2026, 12, 12))
    await h.start_rectification(c.StartRectification().for_(EID, hazard_id), w, RECTIFIER)
    await h.submit_rectification(c.SubmitRectification(after_photo_ids=[await photo(w)], measures_taken="更换垫片")
                                 .for_(EID, hazard_id), w, RECTIFIER)
    w.clock.set(at(14))
    await fire(w)
    assert "RectificationOverdue" not in await types(w, hazard_id)
    await h.reject(c.Reject(reason="仍有渗漏").for_(EID, hazard_id), w, OFFICER)
    await fire(w)
    assert (await types(w, hazard_id))[-2:] == ["AcceptanceRejected", "RectificationOverdue"]


async def test_after_downtime_each_hazard_is_overdue_once_and_not_imminent_after_its_deadline():
    w = wired()
    ids = [await graded(w, date(2026, 12, d)) for d in (5, 8, 20)]
    w.clock.set(at(15))  # nobody ran from the 3rd to the 15th
    await fire(w)
    await fire(w)
    seen = [await types(w, i) for i in ids]
    assert [s.count("RectificationOverdue") for s in seen] == [1, 1, 0]
    assert [s.count("RectificationImminent") for s in seen] == [0, 0, 0]
