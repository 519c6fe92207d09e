"""The rates report on fakes with a driven clock: occurrences issued to posts over several days,
completed by records through the record handler, missed by the clock, a record arriving after the
miss; grouped by post, day and week, every day and week listed, the total apart from the groups."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest

from libs.aggregate import DomainError
from libs.clock import CHINA_TIME
from libs.periods import Period
from libs.repository import CommandContext
from services.inspection.application import records as h
from services.inspection.application.record_commands import RecordCheck
from services.inspection.domain.cycles import Window
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.report_period import RatesBy
from services.inspection.domain.task import task_id_for
from tests.unit.inspection.application.flows import defined, wired

TASK = task_id_for("m-1")
WORKER = CommandContext("worker-1", "ent-1", "corr-worker")
SYSTEM = CommandContext("system:inspection", "ent-1", "corr-system")
DAY1 = datetime(2026, 11, 30, 8, tzinfo=CHINA_TIME)  # a Monday, 08:00 in Beijing


class Plant:
    def __init__(self, w) -> None:
        self.w = w
        self.repo = w.check_records.occurrences

    async def issue(self, start: datetime, posts=("post-1",), people=(), task_id: str = TASK) -> str:
        window = Window(start, start + timedelta(hours=8))
        occurrence = Occurrence.issue(enterprise_id="ent-1", task_id=task_id, window=window, post_ids=list(posts),
                                      person_ids=list(people), at=start)
        await self.repo.save(occurrence, SYSTEM)
        return occurrence.id

    async def record(self, occurrence_id: str, made_at: datetime, received_at: datetime, status: int = 0,
                     late: bool = False) -> None:
        self.w.clock.set(received_at)
        note = {"note": "停产检修, 未能排查"} if status == 2 else {}
        await h.record_check(RecordCheck(
            client_id=str(uuid.uuid4()), occurrence_id=occurrence_id, made_at=made_at, status=status, late=late,
            items=[] if status == 2 else [{"item_id": "1", "abnormal": False}], create_by_mobile="13900000001",
            **note).for_("ent-1"), self.w.check_records, WORKER)

    async def miss(self, occurrence_id: str) -> None:
        occurrence = await self.repo.get(occurrence_id)
        occurrence.miss(occurrence.window.end)
        await self.repo.save(occurrence, SYSTEM)

    async def report(self, by: RatesBy, first: date, last: date) -> dict:
        return await self.w.rates.report("ent-1", by, Period(first, last))


async def a_plant() -> Plant:
    w, reactor = wired()
    await reactor.apply(None, defined())
    return Plant(w)


def counts(group: dict) -> tuple:
    return tuple(group[k] for k in ("issued", "open", "completed", "completed_on_time", "missed", "not_checked"))


async def test_the_days_of_a_week_each_with_its_rates_and_the_empty_ones_listed():
    plant = await a_plant()
    done = await plant.issue(DAY1)
    await plant.record(done, DAY1 + timedelta(hours=1), DAY1 + timedelta(hours=1))
    missed = await plant.issue(DAY1 + timedelta(days=1))
    await plant.miss(missed)
    # made in the window, received after the miss was published: on time, and the miss stays
    came_late = await plant.issue(DAY1 + timedelta(days=2))
    await plant.miss(came_late)
    await plant.record(came_late, DAY1 + timedelta(days=2, hours=2), DAY1 + timedelta(days=2, hours=10))
    # made after the window, sent as late: completed, not on time
    late = await plant.issue(DAY1 + timedelta(days=3))
    await plant.record(late, DAY1 + timedelta(days=3, hours=9), DAY1 + timedelta(days=3, hours=9), late=True)
    skipped = await plant.issue(DAY1 + timedelta(days=4))
    await plant.record(skipped, DAY1 + timedelta(days=4, hours=1), DAY1 + timedelta(days=4, hours=1), status=2)
    await plant.issue(DAY1 + timedelta(days=5))  # still open
    report = await plant.report(RatesBy.DAY, date(2026, 11, 30), date(2026, 12, 6))
    assert [g["group"] for g in report["groups"]] == [f"2026-{d}" for d in (
        "11-30", "12-01", "12-02", "12-03", "12-04", "12-05", "12-06")]
    assert [counts(g) for g in report["groups"]] == [
        (1, 0, 1, 1, 0, 0), (1, 0, 0, 0, 1, 0), (1, 0, 1, 1, 1, 0), (1, 0, 1, 0, 1, 0), (1, 0, 0, 0, 0, 1),
        (1, 1, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0)]
    assert [(g["completion_rate"], g["on_time_rate"]) for g in report["groups"]] == [
        (1.0, 1.0), (0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 0.0), (None, None), (None, None)]
    assert counts(report["total"]) == (6, 1, 3, 2, 3, 1)
    assert (report["total"]["decided"], report["total"]["completion_rate"], report["total"]["on_time_rate"]) == \
        (5, 0.6, 0.4)
    assert (report["by"], report["first_day"], report["last_day"]) == (RatesBy.DAY, date(2026, 11, 30),
                                                                         date(2026, 12, 6))


async def test_a_beijing_day_is_the_group_even_when_it_starts_on_the_utc_day_before():
    plant = await a_plant()
    await plant.issue(datetime(2026, 12, 1, 0, 30, tzinfo=CHINA_TIME))  # 30 November 16:30 UTC
    report = await plant.report(RatesBy.DAY, date(2026, 12, 1), date(2026, 12, 1))
    assert [(g["group"], g["issued"]) for g in report["groups"]] == [("2026-12-01", 1)]
    assert (await plant.report(RatesBy.DAY, date(2026, 11, 30), date(2026, 11, 30)))["total"]["issued"] == 0


async def test_weeks_start_on_monday_and_an_edge_week_counts_only_its_days_inside():
    plant = await a_plant()
    for days in (-1, 0, 6, 7):  # Sunday 29 Nov, Monday 30 Nov, Sunday 6 Dec, Monday 7 Dec
        await plant.issue(DAY1 + timedelta(days=days))
    report = await plant.report(RatesBy.WEEK, date(2026, 11, 30), date(2026, 12, 7))
    assert [(g["group"], g["issued"]) for g in report["groups"]] == [("2026-11-30", 2), ("2026-12-07", 1)]


async def test_by_post_an_occurrence_of_two_posts_is_in_both_and_once_in_the_total():
    plant = await a_plant()
    shared = await plant.issue(DAY1, posts=("post-1", "post-2"))
    await plant.record(shared, DAY1 + timedelta(hours=1), DAY1 + timedelta(hours=1))
    await plant.miss(await plant.issue(DAY1 + timedelta(days=1), posts=("post-2",)))
    await plant.issue(DAY1 + timedelta(days=1, hours=1), posts=(), people=("person-9",))
    report = await plant.report(RatesBy.POST, date(2026, 11, 30), date(2026, 12, 6))
    assert [(g["group"], counts(g), g["completion_rate"]) for g in report["groups"]] == [
        ("post-1", (1, 0, 1, 1, 0, 0), 1.0), ("post-2", (2, 0, 1, 1, 1, 0), 0.5), (None, (1, 1, 0, 0, 0, 0), None)]
    assert counts(report["total"]) == (3, 1, 1, 1, 1, 0)


async def test_nothing_issued_lists_the_days_without_rates():
    plant = await a_plant()
    report = await plant.report(RatesBy.DAY, date(2026, 12, 1), date(2026, 12, 2))
    assert [(g["issued"], g["completion_rate"]) for g in report["groups"]] == [(0, None), (0, None)]
    assert (report["total"]["issued"], report["total"]["on_time_rate"]) == (0, None)
    assert (await plant.report(RatesBy.POST, date(2026, 12, 1), date(2026, 12, 2)))["groups"] == []


async def test_another_enterprise_sees_none_of_them():
    plant = await a_plant()
    await plant.issue(DAY1)
    report = await plant.w.rates.report("ent-2", RatesBy.DAY, Period(date(2026, 11, 30), date(2026, 11, 30)))
    assert report["total"]["issued"] == 0


async def test_the_default_period_is_the_week_up_to_the_clocks_today_in_beijing():
    plant = await a_plant()
    plant.w.clock.set(datetime(2026, 12, 3, 17, tzinfo=CHINA_TIME) - timedelta(hours=2))
    assert plant.w.rates.period(None, None) == Period(date(2026, 11, 27), date(2026, 12, 3))
    with pytest.raises(DomainError):
        plant.w.rates.period(date(2026, 12, 3), date(2026, 12, 1))
