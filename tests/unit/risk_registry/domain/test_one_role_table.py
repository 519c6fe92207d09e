"""A person's duty roles and the roles of a token are one table (libs/auth.py): the same codes,
the same labels, so a duty and a permission never drift apart."""

from __future__ import annotations

from libs.auth import DUTY_ROLES, ROLE_LABELS, Role
from services.risk_registry.directory.domain.codes import PERSON_ROLE_LABELS, PersonRole


def test_the_duty_roles_of_a_person_are_the_duty_roles_of_auth_in_their_order():
    assert [r.value for r in PersonRole] == [r.value for r in DUTY_ROLES]


def test_a_duty_role_is_the_token_role_of_the_same_code():
    assert all(PersonRole(r.value) == r and Role(p) is r for p, r in zip(PersonRole, DUTY_ROLES, strict=True))


def test_a_duty_role_reads_with_the_label_of_its_token_role():
    assert PERSON_ROLE_LABELS == {p: ROLE_LABELS[Role(p)] for p in PersonRole}
    assert PERSON_ROLE_LABELS[PersonRole.SAFETY_OFFICER] == "安全管理员"


def test_system_roles_are_no_duties():
    assert {Role.ENTERPRISE_ADMIN, Role.REGULATOR, Role.PLATFORM_ADMIN}.isdisjoint(set(DUTY_ROLES))
