"""Duties block departures and retirements, each named in the refusal; a hand-over moves them to
an eligible successor."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainConflict, DomainError
from services.risk_registry.directory.domain import events as ev
from services.risk_registry.directory.domain.codes import PersonRole
from services.risk_registry.directory.domain.duties import Duty, DutyKind, check_successor
from services.risk_registry.risk_chain.domain import events as rev
from tests.unit.risk_registry.builders import department, guarded, person, post, risk_object, risk_unit

TANK = Duty(DutyKind.GUARDIAN_PRINCIPAL, "obj-1", "双氧水罐区")
TANK_OPS = Duty(DutyKind.GUARDIAN_OPERATIONS, "obj-1", "双氧水罐区")
UNIT = Duty(DutyKind.UNIT_LIABLE, "ru-1", "双氧水储罐单元")


def test_a_person_with_duties_cannot_leave_and_is_told_which():
    someone = person(roles=[PersonRole.PRINCIPAL])
    with pytest.raises(DomainConflict) as refused:
        someone.leave("退休", [TANK, UNIT])
    message = refused.value.message
    assert refused.value.status == 409 and refused.value.code == "has_duties"
    assert "重大危险源「双氧水罐区」的包保责任人（主要负责人）" in message
    assert "风险分析单元「双氧水储罐单元」的责任人" in message and "2项" in message
    assert someone.pending() == [] and not someone.left


def test_a_person_without_duties_leaves():
    someone = person()
    someone.leave("退休", [])
    assert someone.left and isinstance(someone.pending()[0], ev.PersonLeft)


def test_a_guardian_keeps_the_role_the_slot_needs():
    someone = person(roles=[PersonRole.PRINCIPAL, PersonRole.DEPARTMENT_HEAD])
    with pytest.raises(DomainConflict) as refused:
        someone.change_roles([PersonRole.DEPARTMENT_HEAD], [TANK, UNIT])
    assert refused.value.field == "roles" and "双氧水罐区" in refused.value.message
    assert "双氧水储罐单元" not in refused.value.message  # a unit's 责任人 needs no role
    someone.change_roles([PersonRole.PRINCIPAL], [TANK, UNIT])  # dropping another role is fine


def test_a_role_lost_before_the_rule_does_not_block_a_later_change_of_roles():
    """Old data: a 主要负责人 slot held by someone who no longer has that role. Changing their other
    roles drops nothing the slot needs, so it goes through; the slot stays to be handed over."""
    someone = person(roles=[PersonRole.DEPARTMENT_HEAD])
    someone.change_roles([PersonRole.DEPARTMENT_HEAD, PersonRole.TEAM_LEADER], [TANK])
    assert someone.pending()[-1].roles == [PersonRole.DEPARTMENT_HEAD, PersonRole.TEAM_LEADER]


@pytest.mark.parametrize(("holdings", "code"), [
    ([Duty(DutyKind.CHILD_UNIT, "t", "氢化班")], "has_children"),
    ([Duty(DutyKind.MEMBER, "p", "赵敏")], "has_members"),
    ([Duty(DutyKind.MEASURE, "m", "温度高高联锁", "储罐超温分解爆炸"), Duty(DutyKind.MEMBER, "p", "赵敏")],
     "has_duties"),
    ([Duty(DutyKind.RISK_OBJECT, "o", "双氧水罐区")], "has_duties"),
    ([Duty(DutyKind.RISK_UNIT, "u", "储罐单元")], "has_duties"),
])
def test_an_org_unit_that_still_holds_something_cannot_retire(holdings, code):
    unit = post()
    with pytest.raises(DomainConflict) as refused:
        unit.retire("撤岗", holdings=holdings)
    assert refused.value.code == code
    for h in holdings:
        assert h.thing_name in refused.value.message
    assert not unit.retired and unit.pending() == []


def test_a_measure_is_named_with_its_risk_event():
    unit = department()
    with pytest.raises(DomainConflict) as refused:
        unit.retire("撤并", holdings=[Duty(DutyKind.MEASURE, "m", "温度高高联锁", "储罐超温分解爆炸")])
    assert "管控措施「温度高高联锁」（风险事件「储罐超温分解爆炸」）" in refused.value.message


def test_a_long_list_is_cut_with_a_count():
    many = [Duty(DutyKind.MEMBER, f"p{i}", f"人员{i}") for i in range(25)]
    with pytest.raises(DomainConflict) as refused:
        post().retire("撤岗", holdings=many)
    assert "人员19" in refused.value.message and "人员20" not in refused.value.message
    assert "另有5项" in refused.value.message


def test_the_successor_must_hold_the_role_of_each_guardian_slot():
    with pytest.raises(DomainError) as refused:
        check_successor("王五", [PersonRole.PRINCIPAL], [TANK, TANK_OPS, UNIT])
    assert refused.value.field == "successor_id" and "操作负责人" in refused.value.message
    assert "主要负责人）" not in refused.value.message  # only the slots they cannot take are listed
    check_successor("王五", [PersonRole.PRINCIPAL, PersonRole.OPERATIONS_HEAD], [TANK, TANK_OPS, UNIT])
    check_successor("王五", [PersonRole.WORKER], [UNIT])  # a unit's 责任人: anyone working here


def test_a_hand_over_moves_every_slot_the_person_holds_in_one_event():
    obj = guarded(risk_object(), principal="p-1", technical="p-2", operations="p-1")
    obj.hand_over_guardian("p-1", "p-9")
    [moved] = obj.pending()
    assert isinstance(moved, rev.MajorHazardGuardiansAssigned)
    assert (moved.principal_id, moved.technical_id, moved.operations_id) == ("p-9", "p-2", "p-9")


def test_a_hand_over_of_a_unit_changes_its_liable_person_only():
    unit = risk_unit(liable="p-1")
    unit.hand_over("p-1", "p-9")
    [moved] = unit.pending()
    assert isinstance(moved, rev.RiskUnitRevised)
    assert (moved.liable_person_id, moved.name, moved.department_id) == ("p-9", unit.name, unit.department_id)
    other = risk_unit(liable="p-2")
    other.hand_over("p-1", "p-9")
    assert other.pending() == []
