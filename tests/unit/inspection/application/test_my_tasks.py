"""My tasks on fakes, the clock driven by the test: a person on the task's post sees today's open
occurrence with its content and checklist; the clock makes it 超期 and issues the next, both listed
that day (soonest deadline first), yesterday's 超期 no longer; a person of another post sees nothing;
one not replicated yet or who left gets an empty list and a note; what is issued to a person by
name (包保) is theirs whatever their post, once its window has started today."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.inspection.application import my_tasks as mt
from services.inspection.application.record_target import MEASURE_ITEM
from services.inspection.domain.cycles import SHANGHAI, Window
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.record_items import ChecklistItem
from services.inspection.in_memory_directory import InMemoryDirectory
from tests.unit.inspection.application.flows import OFFICER, T0
from tests.unit.inspection.application.test_occurrences import TASK, a_daily_task, fire_until_quiet

DAY = timedelta(days=1)


async def a_day_with_people():
    w, clock, scheduler, _ = await a_daily_task()
    directory = w.my_tasks.directory
    assert isinstance(directory, InMemoryDirectory)
    directory.post("post-1", "操作工岗")
    directory.person("ent-1", "p-1", "post-1", "王五")
    directory.person("ent-1", "p-2", "post-2")
    directory.person("ent-1", "p-3", "post-1", left=True)
    await fire_until_quiet(scheduler)
    return w, clock, scheduler


async def test_the_posts_person_sees_todays_occurrence_with_what_to_check():
    w, _, _ = await a_day_with_people()
    day = await mt.my_tasks(w.my_tasks, "ent-1", "p-1")
    assert (day.person.name, day.person.post_name, day.note) == ("王五", "操作工岗", None)
    [item] = day.items
    assert (item["task_id"], item["state"], item["post_names"]) == (TASK, "issued", ["操作工岗"])
    assert item["troubleshoot_content"] == "检查温度联锁投用状态"
    assert item["checklist"] == [ChecklistItem(MEASURE_ITEM, "检查温度联锁投用状态")]


async def test_missed_today_is_listed_before_the_next_and_gone_the_day_after():
    w, clock, scheduler = await a_day_with_people()
    clock.advance(DAY)
    await fire_until_quiet(scheduler)
    items = (await mt.my_tasks(w.my_tasks, "ent-1", "p-1")).items
    assert [i["state"] for i in items] == ["missed", "issued"]
    assert items[0]["window_end"] <= items[1]["window_end"]
    clock.advance(DAY)
    await fire_until_quiet(scheduler)
    later = (await mt.my_tasks(w.my_tasks, "ent-1", "p-1")).items
    assert [i["state"] for i in later] == ["missed", "issued"] and later[0]["id"] == items[1]["id"]


async def test_others_see_nothing_and_the_unknown_or_departed_get_a_note():
    w, _, _ = await a_day_with_people()
    other = await mt.my_tasks(w.my_tasks, "ent-1", "p-2")
    assert (other.items, other.note) == ([], None)
    assert (await mt.my_tasks(w.my_tasks, "ent-1", "p-9")).note == mt.NOT_REPLICATED
    assert (await mt.my_tasks(w.my_tasks, "ent-2", "p-1")).note == mt.NOT_REPLICATED  # another enterprise's
    left = await mt.my_tasks(w.my_tasks, "ent-1", "p-3")
    assert (left.items, left.note) == ([], mt.LEFT)


def test_today_is_the_day_in_shanghai():
    start, end = mt.today(datetime(2026, 12, 1, 16, 30, tzinfo=UTC))  # 00:30 on the 2nd in Shanghai
    assert start == datetime(2026, 12, 2, tzinfo=SHANGHAI) and end - start == DAY


async def test_what_is_issued_by_name_is_listed_once_its_window_starts_today():
    w, _, _ = await a_day_with_people()
    for start in (T0 + DAY / 2, T0 + DAY):  # 20:00 today in Shanghai; 08:00 tomorrow: not yet
        occurrence = Occurrence.issue(enterprise_id="ent-1", task_id=TASK, window=Window(start, start + DAY),
                                      post_ids=[], person_ids=["p-2"], at=T0)
        await w.occurrences.occurrences.save(occurrence, OFFICER)
    [item] = (await mt.my_tasks(w.my_tasks, "ent-1", "p-2")).items
    assert (item["person_ids"], item["post_ids"], item["window_start"]) == (["p-2"], [], T0 + DAY / 2)
    assert len((await mt.my_tasks(w.my_tasks, "ent-1", "p-1")).items) == 1  # the post's own, not p-2's
