"""Issue 12's two 包保 hand-over races, on the fakes, each in both orders, a pause injected between a
unit of work's reads and its append (tests/unit/inspection/application/pauses.py) while the other
commits. Whichever commits second loses on the 重大危险源's roster and decides again, so the task and
its open occurrence end with the NEW guardian:
- a catch-up that decided on the old guardian, overtaken by the hand-over: its firing fails, is
  fired again after the back-off and issues to the new one;
- a hand-over that read the open occurrences before a catch-up issued one: applied again (the
  consumer's retry), it moves that occurrence too;
- a draw-up that read the roster before the assignment's hand-over committed: it decides again and
  the task is the new guardian's, though the replica still names the old one;
- a hand-over that looked for the object's tasks before a draw-up committed one: applied again, it
  hands that task over too.
And the control: without the roster the first interleaving leaves the occurrence with the old one;
the catch-ups of one object's tasks take turns on its roster, none failing."""

from __future__ import annotations

import asyncio

import pytest

from libs.deadlines.scheduler import RetryPolicy
from libs.eventstore.port import ConcurrencyError
from libs.pagination import PageParams
from services.inspection.domain.guardian_task import Duty
from tests.unit.inspection.application.pauses import PauseAfter
from tests.unit.inspection.application.test_guardian_tasks import TASK, a_guarded_hazard, assigned, draw_up, mine
from tests.unit.inspection.application.test_occurrences import fire_until_quiet

SECOND = Duty.of("mhs-1", 1, 4).task_id  # another item of the principal's


async def occurrences(w) -> list[dict]:
    return (await w.occurrences.queries.occurrences("ent-1", PageParams(limit=100, offset=0)))[0]


async def holder(w, task_id: str) -> str:
    return (await w.queries.task("ent-1", task_id))["guardian_id"]


async def test_a_catch_up_overtaken_by_a_hand_over_issues_to_the_new_guardian():
    w, reactor, scheduler = await a_guarded_hazard()
    await draw_up(w)
    pause = w.occurrences.rosters = PauseAfter(w.occurrences.rosters, "find")  # the catch-up's read of the roster
    firing = asyncio.create_task(scheduler.fire_due())
    await pause.meanwhile(firing, reactor.apply(None, assigned("p-9")))
    assert (await firing).failed == 1  # its append lost to the hand-over's: nothing of it written
    assert await occurrences(w) == []
    w.clock.advance(RetryPolicy().first_delay)  # the scheduler's back-off
    await fire_until_quiet(scheduler)
    [occurrence] = await occurrences(w)
    assert (occurrence["state"], occurrence["person_ids"]) == ("issued", ["p-9"])
    assert await holder(w, TASK) == "p-9"
    assert await mine(w, "p-9") == [TASK] and await mine(w, "p-1") == []


async def test_a_hand_over_overtaken_by_a_catch_up_moves_its_occurrence_when_applied_again():
    w, reactor, scheduler = await a_guarded_hazard()
    await draw_up(w)
    pause = w.guardian_tasks.open = PauseAfter(w.guardian_tasks.open, "open_of")  # none open yet
    handing = asyncio.create_task(reactor.apply(None, assigned("p-9")))
    await pause.meanwhile(handing, fire_until_quiet(scheduler))
    with pytest.raises(ConcurrencyError):  # the catch-up's issuing moved the roster on
        await handing
    [issued] = await occurrences(w)
    assert (issued["person_ids"], await holder(w, TASK)) == (["p-1"], "p-1")  # what won: the catch-up
    await reactor.apply(None, assigned("p-9"))  # the consumer applies the event again
    [occurrence] = await occurrences(w)
    assert (occurrence["id"], occurrence["state"], occurrence["person_ids"]) == (issued["id"], "issued", ["p-9"])
    assert await holder(w, TASK) == "p-9"
    assert await mine(w, "p-9") == [TASK] and await mine(w, "p-1") == []


async def test_a_draw_up_overtaken_by_an_assignment_is_drawn_up_for_the_new_guardian():
    w, reactor, _ = await a_guarded_hazard()
    await draw_up(w)  # the roster learns p-1 from the replica
    pause = w.guardian_tasks.rosters = PauseAfter(w.guardian_tasks.rosters, "find")  # the draw-up's read
    drawing = asyncio.create_task(draw_up(w, task_num=4))
    await pause.meanwhile(drawing, reactor.apply(None, assigned("p-9")))
    assert await drawing == SECOND
    replica = await w.guardian_tasks.guardians.guardians("ent-1", "mhs-1")
    assert replica is not None and replica.principal_id == "p-1"  # the replica still lags
    assert (await holder(w, SECOND), await holder(w, TASK)) == ("p-9", "p-9")
    assert len(await w.store.load(w.tasks.stream_id(SECOND))) == 1  # drawn up once, for p-9


async def test_a_hand_over_overtaken_by_a_draw_up_hands_that_task_over_when_applied_again():
    w, reactor, _ = await a_guarded_hazard()
    await draw_up(w)
    pause = w.guardian_tasks.open = PauseAfter(w.guardian_tasks.open, "open_of")  # the object's tasks looked for
    handing = asyncio.create_task(reactor.apply(None, assigned("p-9")))
    await pause.meanwhile(handing, draw_up(w, task_num=4))
    with pytest.raises(ConcurrencyError):  # the draw-up moved the roster on
        await handing
    assert await holder(w, SECOND) == "p-1"  # what won: the draw-up, from the roster before the hand-over
    await reactor.apply(None, assigned("p-9"))  # the consumer applies the event again
    assert (await holder(w, SECOND), await holder(w, TASK)) == ("p-9", "p-9")


async def test_without_the_roster_the_overtaken_catch_up_leaves_the_occurrence_with_the_old_guardian():
    """The control: the same interleaving, the catch-up not ordered by a roster (as before decision
    47 closed it), commits its occurrence to the guardian it read, and the hand-over missed it."""
    w, reactor, scheduler = await a_guarded_hazard()
    await draw_up(w)
    w.occurrences.rosters = None
    pause = w.occurrences.tasks = PauseAfter(w.occurrences.tasks, "find")  # the catch-up read the task
    firing = asyncio.create_task(scheduler.fire_due())
    await pause.meanwhile(firing, reactor.apply(None, assigned("p-9")))
    assert (await firing).failed == 0
    [occurrence] = await occurrences(w)
    assert (occurrence["person_ids"], await holder(w, TASK)) == (["p-1"], "p-9")


async def test_the_catch_ups_of_one_objects_tasks_take_turns_on_its_roster_instead_of_failing():
    """Their deadlines are filed under the roster's stream, so a claim fires one and leaves the others
    for the next pass (libs/deadlines/batch.py) rather than all but one losing on the roster."""
    w, _, scheduler = await a_guarded_hazard()
    for num in (3, 4, 5):
        await draw_up(w, task_num=num)
    assert {d.stream_id for d in await w.occurrences.deadlines.pending()} == {w.occurrences.rosters.stream_id("mhs-1")}
    first = await scheduler.fire_due()
    assert (first.fired, first.deferred, first.failed) == (1, 2, 0)
    await fire_until_quiet(scheduler)
    assert sorted(o["person_ids"][0] for o in await occurrences(w)) == ["p-1"] * 3
    assert {d.attempts for d in await w.occurrences.deadlines.pending()} == {0}  # none ever failed
