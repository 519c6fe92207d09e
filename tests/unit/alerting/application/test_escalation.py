"""The reactions and the escalation clock on fakes: an occurrence missed tells its team leader at
once, the department head at +24 h, the principal at +72 h, each exactly once; completion resolves;
redelivery raises nothing new; a 重大 hazard's 超期 is urgent; a missing fact waits for the replica."""

from __future__ import annotations

import pytest

from libs.replica import NotReplicatedYet
from services.alerting.application.ports import CauseFacts
from services.alerting.projections.memory import InMemoryFacts
from tests.unit.alerting.application.flows import HZ, INS, T0, H, event, fire, missed, react, told, types, wired


async def test_a_miss_climbs_the_ladder_once_per_rung_as_the_clock_moves():
    w = wired()
    await react(w, missed())
    assert await told(w) == [("team", "p-leader")]
    w.clock.advance(23 * H)
    assert await fire(w) == 0
    w.clock.advance(H)
    assert await fire(w) == 1
    w.clock.advance(48 * H)
    assert await fire(w) == 1
    w.clock.advance(100 * H)
    assert await fire(w) == 0
    assert await told(w) == [("team", "p-leader"), ("department", "p-head"), ("principal", "p-boss")]


async def test_a_redelivered_miss_raises_nothing_new():
    w = wired()
    ev = missed()
    await react(w, ev)
    before = await types(w)
    await react(w, ev)
    await react(w, missed())  # the same miss published again under another event id
    assert await types(w) == before


async def test_completion_resolves_and_the_ladder_stops():
    w = wired()
    await react(w, missed())
    await react(w, event(INS + "OccurrenceCheckedAfterMissed", occurrence_id="occ-1"))
    w.clock.advance(100 * H)
    assert await fire(w) == 0
    assert (await types(w))[-1] == "AlertResolved"
    assert await told(w) == [("team", "p-leader")]


async def test_a_miss_supersedes_the_imminent_alert():
    w = wired(InMemoryFacts({("occurrence", "occ-1"): CauseFacts(post_ids=["post-1"])}))
    # 临期 four hours before the window closes: the assignee is told now, not at the close.
    await react(w, event(INS + "OccurrenceBecameImminent", occurrence_id="occ-1", window_end=(T0 + 4 * H).isoformat(),
                         at=T0.isoformat()))
    assert await told(w) == [("assignee", "p-worker")]
    w.clock.advance(4 * H)
    await react(w, missed(window_end=T0 + 4 * H))
    # One transaction: the 临期 alert resolved, the 超期 one raised and told (streams in id order).
    assert sorted((await types(w))[3:]) == ["AlertEscalated", "AlertRaised", "AlertResolved",
                                            "NotificationAttempted"]
    assert await w.sources.index.open_alerts("ent-1", "occurrence", "occ-1", ["imminent"]) == []


async def test_an_imminent_occurrence_unknown_to_the_replica_waits_for_it():
    w = wired()
    with pytest.raises(NotReplicatedYet):
        await react(w, event(INS + "OccurrenceBecameImminent", occurrence_id="occ-9", window_end=T0.isoformat()))
    assert await types(w) == []


async def test_a_major_hazard_overdue_is_urgent_and_an_approved_extension_resolves_it():
    facts = InMemoryFacts({("hazard", "hz-1"): CauseFacts(title="储罐区泄漏", person_ids=["p-worker"],
                                                          department_id="d-1", major=True)})
    w = wired(facts)
    await react(w, event(HZ + "RectificationOverdue", hazard_id="hz-1", deadline="2026-12-02", at=T0.isoformat()))
    raised = next(r for r in await w.store.read_all() if r.type.endswith("AlertRaised"))
    assert raised.data["urgent"] is True
    assert raised.data["deadline"] == "2026-12-03T00:00:00+08:00"  # the end of the 2nd in Beijing
    assert await told(w) == [("team", "p-leader")]
    await react(w, event(HZ + "ExtensionApproved", hazard_id="hz-1", extension_id="x-1", approved_by="p-boss",
                         old_deadline="2026-12-02", new_deadline="2026-12-20"))
    assert (await types(w))[-1] == "AlertResolved"
    w.clock.advance(100 * H)
    assert await fire(w) == 0
