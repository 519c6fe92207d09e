"""OrgUnit (部门/班组/岗位): where each kind may sit, moving without cycles, retiring."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainError
from services.risk_registry.directory.domain import events as ev
from services.risk_registry.directory.domain.codes import OrgUnitKind
from services.risk_registry.directory.domain.model import OrgUnit
from tests.unit.risk_registry.builders import department, post, retired, team

D, T, P = OrgUnitKind.DEPARTMENT, OrgUnitKind.TEAM, OrgUnitKind.POST


def create(kind: OrgUnitKind, parent: OrgUnit | None, enterprise_id: str = "ent-1") -> OrgUnit:
    return OrgUnit.create("new", enterprise_id, kind, "新单位", parent)


def refused_field(action) -> str | None:
    with pytest.raises(DomainError) as refused:
        action()
    return refused.value.field


def test_department_sits_directly_under_the_enterprise():
    unit = create(D, None)
    assert unit.pending() == [ev.OrgUnitCreated(unit_id="new", enterprise_id="ent-1", kind=D, name="新单位",
                                                parent_id=None)]


def test_department_may_sit_under_another_department():
    assert create(D, department()).parent_id == "dept-1"


def test_team_sits_under_a_department():
    assert create(T, department()).parent_id == "dept-1"


def test_team_cannot_sit_directly_under_the_enterprise():
    assert refused_field(lambda: create(T, None)) == "parent_id"


@pytest.mark.parametrize("parent", [lambda: team(), lambda: post()])
def test_team_cannot_sit_under_a_team_or_a_post(parent):
    assert refused_field(lambda: create(T, parent())) == "parent_id"


@pytest.mark.parametrize("parent", [lambda: team(), lambda: department()])
def test_post_sits_under_a_team_or_a_department(parent):
    assert create(P, parent()).kind is P


@pytest.mark.parametrize("parent", [lambda: None, lambda: post()])
def test_post_cannot_sit_under_the_enterprise_or_another_post(parent):
    assert refused_field(lambda: create(P, parent())) == "parent_id"


def test_department_cannot_sit_under_a_team():
    assert refused_field(lambda: create(D, team())) == "parent_id"


def test_parent_of_another_enterprise_is_refused():
    assert refused_field(lambda: create(D, department(enterprise_id="ent-2"))) == "parent_id"


def test_retired_parent_is_refused():
    assert refused_field(lambda: create(T, retired(department()))) == "parent_id"


def test_blank_name_is_refused():
    with pytest.raises(DomainError) as refused:
        OrgUnit.create("new", "ent-1", D, " ", None)
    assert refused.value.field == "name"


def test_moving_to_another_parent_records_where_from_and_where_to():
    unit = team(parent=department("dept-1"))
    unit.move(department("dept-2"), parent_ancestry=[])
    assert unit.pending() == [ev.OrgUnitMoved(unit_id="team-1", enterprise_id="ent-1", from_parent_id="dept-1",
                                              to_parent_id="dept-2")]
    assert unit.parent_id == "dept-2"


def test_moving_to_the_same_parent_records_nothing():
    parent = department()
    unit = team(parent=parent)
    unit.move(parent, parent_ancestry=[])
    assert unit.pending() == []


def test_department_cannot_move_under_its_own_descendant():
    top = department("dept-top")
    below = department("dept-below", parent=top)
    assert refused_field(lambda: top.move(below, parent_ancestry=["dept-top"])) == "parent_id"


def test_department_cannot_move_under_a_deeper_descendant():
    top = department("dept-top")
    deep = department("dept-deep", parent=department("dept-mid", parent=top))
    assert refused_field(lambda: top.move(deep, parent_ancestry=["dept-mid", "dept-top"])) == "parent_id"


def test_department_cannot_move_under_itself():
    unit = department()
    assert refused_field(lambda: unit.move(unit, parent_ancestry=[])) == "parent_id"


def test_department_can_move_up_to_the_enterprise():
    unit = department("dept-2", parent=department("dept-1"))
    unit.move(None, parent_ancestry=[])
    assert unit.parent_id is None


def test_move_that_breaks_the_parent_rules_is_refused():
    unit = team()
    assert refused_field(lambda: unit.move(None, parent_ancestry=[])) == "parent_id"


def test_unit_without_children_or_members_retires():
    unit = retired(team())
    assert unit.retired


def test_unit_with_active_children_cannot_retire():
    with pytest.raises(DomainError) as refused:
        department().retire("机构调整", active_children=2, active_members=0)
    assert refused.value.code == "has_children"


def test_unit_with_people_on_it_cannot_retire():
    with pytest.raises(DomainError) as refused:
        post().retire("机构调整", active_children=0, active_members=1)
    assert refused.value.code == "has_members"


@pytest.mark.parametrize("change", [
    lambda u: u.rename("新名称"),
    lambda u: u.move(department("dept-2"), []),
    lambda u: u.retire("再次撤销", 0, 0),
])
def test_retired_unit_cannot_be_changed(change):
    unit = retired(team())
    with pytest.raises(DomainError) as refused:
        change(unit)
    assert refused.value.code == "retired"


def test_renaming_to_the_same_name_records_nothing():
    unit = team()
    unit.rename(unit.name)
    assert unit.pending() == []


def test_unit_rebuilt_from_its_events_has_the_same_state():
    unit = OrgUnit.create("t", "ent-1", T, "甲班", department("dept-1"))
    unit.rename("乙班")
    unit.move(department("dept-2"), [])
    unit.retire("合并", 0, 0)
    rebuilt = OrgUnit.rehydrate("t", unit.pending())
    state = ("enterprise_id", "kind", "name", "parent_id", "retired")
    assert [getattr(rebuilt, f) for f in state] == [getattr(unit, f) for f in state]
    assert [getattr(rebuilt, f) for f in state] == ["ent-1", T, "乙班", "dept-2", True]
    assert rebuilt.version == 4
