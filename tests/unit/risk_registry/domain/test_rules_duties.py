"""Duties (decision 17) beside what test_duties.py proves: which role each 包保 slot needs, that
nothing held is no refusal, and how a refusal names what it lists."""

from __future__ import annotations

import pytest

from tests.unit.risk_registry.chain import (
    GUARDIAN_SLOTS,
    DomainConflict,
    Duty,
    DutyKind,
    PersonRole,
    check_successor,
    refuse_departure,
    refuse_retirement,
    refuse_role_loss,
)

TANK = "双氧水罐区"


def test_each_guardian_slot_needs_its_own_role_and_no_other_duty_needs_one():
    assert {kind: role for kind, (_, role) in GUARDIAN_SLOTS.items()} == {
        DutyKind.GUARDIAN_PRINCIPAL: PersonRole.PRINCIPAL,
        DutyKind.GUARDIAN_TECHNICAL: PersonRole.TECHNICAL_HEAD,
        DutyKind.GUARDIAN_OPERATIONS: PersonRole.OPERATIONS_HEAD,
    }
    for kind in set(DutyKind) - set(GUARDIAN_SLOTS):
        assert Duty(kind, "x", "某物").required_role is None


def test_the_slots_are_the_fields_of_the_assignment():
    assert [field for field, _ in GUARDIAN_SLOTS.values()] == ["principal_id", "technical_id", "operations_id"]


def test_nothing_held_refuses_nothing():
    refuse_departure("张三", [])
    refuse_retirement("岗位", [])
    refuse_role_loss("张三", [PersonRole.PRINCIPAL], [], [Duty(DutyKind.UNIT_LIABLE, "ru-1", "储罐单元")])
    check_successor("王五", [], [])


def test_a_long_name_is_cut_in_the_refusal():
    long_name = "一号" * 30  # 60 characters
    with pytest.raises(DomainConflict) as refused:
        refuse_departure("张三", [Duty(DutyKind.UNIT_LIABLE, "ru-1", long_name)])
    assert long_name[:40] + "…" in refused.value.message and long_name not in refused.value.message


@pytest.mark.parametrize("kind", list(GUARDIAN_SLOTS))
def test_dropping_the_role_of_a_held_slot_is_refused_for_every_slot(kind):
    role = GUARDIAN_SLOTS[kind][1]
    with pytest.raises(DomainConflict) as refused:
        refuse_role_loss("张三", [role, PersonRole.WORKER], [PersonRole.WORKER], [Duty(kind, "obj-1", TANK)])
    assert (refused.value.field, refused.value.code) == ("roles", "has_duties") and TANK in refused.value.message


def test_a_departure_lists_the_duties_numbered_in_the_order_found():
    duties = [Duty(DutyKind.GUARDIAN_TECHNICAL, "obj-1", TANK), Duty(DutyKind.UNIT_LIABLE, "ru-1", "储罐单元")]
    with pytest.raises(DomainConflict) as refused:
        refuse_departure("张三", duties)
    message = refused.value.message
    first = message.index("1. 重大危险源「双氧水罐区」的包保责任人（技术负责人）")
    assert first < message.index("2. 风险分析单元「储罐单元」的责任人")
