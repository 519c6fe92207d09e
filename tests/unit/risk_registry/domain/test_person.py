"""Person (人员): registration on a post, changing post and roles, and leaving."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainError
from services.risk_registry.directory.domain import events as ev
from services.risk_registry.directory.domain.codes import PersonRole as R
from services.risk_registry.directory.domain.model import Person
from tests.unit.risk_registry.builders import MOBILE, department, person, post, retired, team


def register(on_post=None, roles=None, mobile=MOBILE, name="张三", enterprise_id="ent-1") -> Person:
    return Person.register("p-1", enterprise_id, name, mobile, on_post, roles or [R.WORKER])


def refused(action) -> DomainError:
    with pytest.raises(DomainError) as caught:
        action()
    return caught.value


def test_person_registered_on_a_post_of_their_enterprise():
    someone = register(on_post=post())
    assert someone.pending() == [ev.PersonRegistered(person_id="p-1", enterprise_id="ent-1", name="张三",
                                                     mobile=MOBILE, post_id="post-1", roles=[R.WORKER])]


def test_person_may_be_registered_without_a_post():
    assert register(on_post=None).post_id is None


def test_person_registered_without_roles_is_a_worker():
    someone = Person.register("p-1", "ent-1", "张三", MOBILE, None, [])
    assert someone.roles == [R.WORKER]


def test_post_of_another_enterprise_is_refused_at_registration():
    assert refused(lambda: register(on_post=post(), enterprise_id="ent-2")).field == "post_id"


@pytest.mark.parametrize("unit", [lambda: department(), lambda: team()])
def test_person_can_only_be_put_on_a_post_not_a_team_or_department(unit):
    assert refused(lambda: register(on_post=unit())).field == "post_id"


def test_retired_post_is_refused():
    assert refused(lambda: register(on_post=retired(post()))).field == "post_id"


@pytest.mark.parametrize(("overrides", "field"), [({"mobile": "1234"}, "mobile"), ({"name": " "}, "name"),
                                                  ({"name": "张" * 51}, "name")])
def test_refused_registration_names_the_field_at_fault(overrides, field):
    assert refused(lambda: register(**overrides)).field == field


def test_assigning_to_another_post_records_the_move():
    someone = person()
    someone.assign_to_post(post("post-2"))
    assert someone.pending() == [ev.PersonAssignedToPost(person_id="p-1", enterprise_id="ent-1",
                                                         from_post_id="post-1", to_post_id="post-2")]
    assert someone.post_id == "post-2"


def test_assigning_to_the_same_post_records_nothing():
    on_post = post()
    someone = person(on_post=on_post)
    someone.assign_to_post(on_post)
    assert someone.pending() == []


def test_post_of_another_enterprise_is_refused_on_assignment():
    other = post("post-x", parent=team("team-x", parent=department("dept-x", enterprise_id="ent-2")))
    assert refused(lambda: person().assign_to_post(other)).field == "post_id"


def test_person_can_be_taken_off_their_post():
    someone = person()
    someone.assign_to_post(None)
    assert someone.post_id is None


def test_roles_are_kept_deduplicated_in_their_official_order():
    someone = person()
    someone.change_roles([R.WORKER, R.PRINCIPAL, R.SAFETY_OFFICER, R.PRINCIPAL])
    assert someone.roles == [R.PRINCIPAL, R.SAFETY_OFFICER, R.WORKER]
    assert someone.pending()[-1].roles == [R.PRINCIPAL, R.SAFETY_OFFICER, R.WORKER]


def test_removing_every_role_is_refused():
    assert refused(lambda: person().change_roles([])).field == "roles"


def test_same_roles_in_another_order_record_nothing():
    someone = person(roles=[R.TEAM_LEADER, R.WORKER])
    someone.change_roles([R.WORKER, R.TEAM_LEADER, R.WORKER])
    assert someone.pending() == []


def test_person_who_left_holds_no_post():
    someone = person()
    someone.leave("辞职")
    assert someone.left and someone.post_id is None


@pytest.mark.parametrize("change", [
    lambda p: p.assign_to_post(post("post-2")),
    lambda p: p.assign_to_post(None),
    lambda p: p.change_roles([R.PRINCIPAL]),
    lambda p: p.change_contact("李四", "13900139000"),
    lambda p: p.leave("再次离职"),
])
def test_person_who_left_cannot_be_changed(change):
    someone = person()
    someone.leave("辞职")
    someone.mark_saved()
    assert refused(lambda: change(someone)).code == "left"
    assert someone.pending() == []


def test_person_rebuilt_from_their_events_has_the_same_state():
    someone = register(on_post=post())
    someone.assign_to_post(post("post-2"))
    someone.change_roles([R.TEAM_LEADER])
    someone.change_contact("张三丰", "13900139000")
    state = ("enterprise_id", "name", "mobile", "post_id", "roles", "left")
    rebuilt = Person.rehydrate("p-1", someone.pending())
    assert [getattr(rebuilt, f) for f in state] == [getattr(someone, f) for f in state]
    assert [getattr(rebuilt, f) for f in state] == ["ent-1", "张三丰", "13900139000", "post-2", [R.TEAM_LEADER], False]
    assert rebuilt.version == 4
