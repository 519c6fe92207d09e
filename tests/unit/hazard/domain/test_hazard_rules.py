"""An enterprise's own who-accepts and who-decides: each role code checked against the one table of
roles and the roles the routes let decide, with the field and index named in Chinese; the
installation's entitlements until the enterprise sets its own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from libs.aggregate import DomainError
from services.hazard.domain.duties import Entitlements
from services.hazard.domain.hazard_rules import HazardRules, checked_roles

AT = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
INSTALLATION = Entitlements()


@pytest.mark.parametrize("codes, field, words", [
    ([], "major_acceptors", "至少指定一个角色"),
    (["principal", "boss"], "major_acceptors[1]", "未知的角色代码“boss”；可选：主要负责人（principal）"),
    (["worker"], "major_acceptors[0]", "“岗位员工（worker）”不能验收或审批隐患"),
    (["enterprise_admin"], "major_acceptors[0]", "不能验收或审批隐患"),
    (["principal", "principal"], "major_acceptors[1]", "“主要负责人（principal）”重复"),
])
def test_each_role_code_is_checked_naming_the_field_and_the_code(codes, field, words):
    with pytest.raises(DomainError) as refused:
        checked_roles(codes, "major_acceptors")
    assert refused.value.field == field and words in refused.value.message


def test_an_enterprise_without_rules_has_the_installations():
    assert HazardRules("e-1").entitlements(INSTALLATION) == INSTALLATION


def test_an_enterprises_rules_replace_both_lists_and_keep_who_may_act_on_behalf():
    rules = HazardRules("e-1")
    rules.set(["technical_head"], ["safety_officer", "principal"], "p-admin", AT)
    rules.set(["safety_officer"], ["department_head"], "p-admin", AT)  # the last is in force, whole
    entitled = rules.entitlements(INSTALLATION)
    assert (entitled.major_acceptors, entitled.extension_deciders, entitled.on_behalf) == (
        frozenset({"safety_officer"}), frozenset({"department_head"}), INSTALLATION.on_behalf)
    assert rules.pending()[-1].extension_deciders == ["department_head"]


def test_a_refused_setting_records_nothing():
    rules = HazardRules("e-1")
    with pytest.raises(DomainError) as refused:
        rules.set(["principal"], [], "p-admin", AT)
    assert refused.value.field == "extension_deciders"
    assert rules.pending() == [] and rules.last is None
