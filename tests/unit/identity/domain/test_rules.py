"""The password policy (letters and digits, at least 8, never the holder's mobile) and the scopes a
service account may hold, each refusal in Chinese naming the field."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainError
from services.identity.domain.rules import check_password, check_scopes, password_problem

MOBILE = "13912345678"


@pytest.mark.parametrize(("password", "problem"), [
    ("abc1234", "至少8位"),
    ("abcdefgh", "须同时包含字母和数字"),
    ("12345678", "须同时包含字母和数字"),
    ("a" + MOBILE, "不能包含本人的手机号"),
    ("x1" * 65, "不能超过128位"),
])
def test_a_weak_password_is_refused_with_its_reason(password, problem):
    assert password_problem(password, MOBILE) == problem


def test_a_password_of_letters_and_digits_passes():
    assert password_problem("安全第一abc12345", MOBILE) is None
    assert password_problem("Abcd1234", None) is None


def test_the_refusal_names_the_field_in_chinese():
    with pytest.raises(DomainError) as refused:
        check_password("short1", MOBILE, field="new_password", label="新密码")
    assert (refused.value.field, refused.value.message, refused.value.code) == (
        "new_password", "新密码至少8位", "weak_password")


def test_scopes_are_read_scopes_of_a_service_sorted():
    assert check_scopes(["risk_registry:read", "audit:read"]) == ["audit:read", "risk_registry:read"]


@pytest.mark.parametrize(("scopes", "field"), [
    ([], "scopes"), (["risk_registry:write"], "scopes.0"), (["audit:read", "Audit:read"], "scopes.1"),
    (["audit:read", "audit:read"], "scopes"),
])
def test_other_scopes_are_refused_naming_the_item(scopes, field):
    with pytest.raises(DomainError) as refused:
        check_scopes(scopes)
    assert refused.value.field == field
