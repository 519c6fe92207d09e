"""The 包保 roster of a 重大危险源, pure: the guardians it is told, recorded once (again only when a
reaction moved work all the same); who a draw-up gives a task to, and the refusals naming object_id
(none known, another enterprise's, a role not named, retired); who a catch-up issues to; an issuing
of nothing records nothing; loaded from its history it is what it decided."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainConflict
from services.inspection.domain import guardian_events as ev
from services.inspection.domain.codes import WorkType
from services.inspection.domain.guardian_roster import GuardianRoster
from services.inspection.domain.guardian_task import Duty, Guardians

DUTY = Duty.of("mhs-1", 1, 3)


def guardians(principal: str | None = "p-1", enterprise: str = "ent-1") -> Guardians:
    return Guardians("mhs-1", enterprise, principal, "p-tech", "p-ops")


def named(principal: str | None = "p-1") -> GuardianRoster:
    roster = GuardianRoster("mhs-1")
    roster.name(guardians(principal))
    return roster


def test_named_once_the_same_again_is_nothing_unless_work_moved():
    roster = named()
    [e] = roster.pending()
    assert isinstance(e, ev.GuardiansRostered)
    assert (e.object_id, e.enterprise_id, e.principal_id, e.handed_over) == ("mhs-1", "ent-1", "p-1", [])
    roster.mark_saved()
    roster.name(guardians())
    assert roster.pending() == []
    roster.name(guardians(), ["task-1"])  # a reaction that healed a task still moves the roster on
    [again] = roster.pending()
    assert isinstance(again, ev.GuardiansRostered) and again.handed_over == ["task-1"]
    roster.mark_saved()
    roster.name(guardians("p-9"))
    assert [type(x) for x in roster.pending()] == [ev.GuardiansRostered]
    assert roster.holder_for("ent-1", DUTY) == "p-9"


def test_a_draw_up_takes_the_holder_from_the_roster_and_is_recorded():
    roster = named()
    assert roster.holder_for("ent-1", DUTY) == "p-1"
    roster.drawn_up(DUTY, "p-1")
    drawn = roster.pending()[-1]
    assert isinstance(drawn, ev.GuardianTaskRostered)
    assert (drawn.task_id, drawn.work_type, drawn.task_num, drawn.person_id) == (DUTY.task_id, WorkType.PRINCIPAL,
                                                                                3, "p-1")


@pytest.mark.parametrize(("roster", "enterprise", "code"), [
    (GuardianRoster("mhs-1"), "ent-1", "guardians_unknown"),  # nobody named yet
    (named(), "ent-2", "guardians_unknown"),  # another enterprise's object is unknown here
    (named(principal=None), "ent-1", "guardians_unknown"),  # the role is not named
])
def test_refused_naming_the_object(roster, enterprise, code):
    with pytest.raises(DomainConflict) as refused:
        roster.holder_for(enterprise, DUTY)
    assert (refused.value.field, refused.value.code) == ("object_id", code)


def test_a_retired_object_is_refused_and_retired_once():
    roster = named()
    roster.retire("ent-1")
    roster.retire("ent-1")
    assert [type(x) for x in roster.pending()] == [ev.GuardiansRostered, ev.GuardianRosterRetired]
    with pytest.raises(DomainConflict) as refused:
        roster.holder_for("ent-1", DUTY)
    assert refused.value.code == "object_retired"


def test_a_catch_up_issues_to_the_rosters_guardian_or_else_the_tasks_holder():
    assert named("p-9").issuing_to(WorkType.PRINCIPAL, "p-1") == "p-9"  # the hand-over the roster has
    assert named(None).issuing_to(WorkType.PRINCIPAL, "p-1") == "p-1"  # nobody named for the role
    empty = GuardianRoster("mhs-1")  # tasks drawn up before the roster existed
    assert empty.issuing_to(WorkType.PRINCIPAL, "p-1") == "p-1"
    empty.issued("ent-1", "task-1", "p-1", [])
    assert empty.pending() == []  # nothing issued, nothing to order
    empty.issued("ent-1", "task-1", "p-1", ["occ-1", "occ-2"])
    [e] = empty.pending()
    assert isinstance(e, ev.GuardianOccurrencesRostered)
    assert (e.enterprise_id, e.task_id, e.person_id, e.occurrence_ids) == ("ent-1", "task-1", "p-1",
                                                                           ["occ-1", "occ-2"])


def test_loaded_from_its_history_it_is_what_it_decided():
    roster = named()
    roster.drawn_up(DUTY, "p-1")
    roster.issued("ent-1", DUTY.task_id, "p-1", ["occ-1"])
    roster.name(guardians("p-9"))
    roster.retire("ent-1")
    loaded = GuardianRoster.rehydrate("mhs-1", roster.pending())
    assert isinstance(loaded, GuardianRoster)
    assert (loaded.version, loaded.enterprise_id, loaded.retired) == (5, "ent-1", True)
    assert loaded.guardians == guardians("p-9")
