"""Every event type of a hazard has a describer, and each writes a Chinese sentence naming people
by name, not by id."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from libs.history import Names
from services.hazard.descriptions import DESCRIBERS
from services.hazard.domain import events as ev
from services.hazard.domain.codes import HazardLevel, HazardType, ManageType

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_event_type_has_a_describer():
    missing = [c.TYPE for c in ev.registry.classes() if c not in DESCRIBERS]
    assert not missing, f"event types without a description (services/hazard/descriptions.py): {missing}"


def test_grading_names_the_liable_person_and_the_deadline():
    graded = ev.HazardGraded(hazard_id="h", enterprise_id="e", graded_by="p-1", deadline=date(2026, 12, 10),
                             grading=ev.Grading(level=HazardLevel.GENERAL, hazard_type=HazardType.FIRE,
                                                manage_type=ManageType.BY_DEADLINE, liable_person_id="p-2"))
    text = DESCRIBERS[ev.HazardGraded](graded, Names({"p-2": "陈工"}))
    assert text == "评估定级：一般隐患，消防，限期整改，整改责任人 陈工，整改期限 2026-12-10"


def test_each_description_is_chinese():
    at = datetime(2026, 12, 3, tzinfo=UTC)
    copied = ev.HazardCopied(hazard_id="h", enterprise_id="e", person_ids=["p-1", "p-2"], copied_by="p-3")
    overdue = ev.RectificationOverdue(hazard_id="h", enterprise_id="e", deadline=date(2026, 12, 10), at=at)
    for event in (copied, overdue):
        text = DESCRIBERS[type(event)](event, Names({"p-1": "张三"}))
        assert CJK.search(text), text
    # one not replicated yet shows its id
    assert DESCRIBERS[ev.HazardCopied](copied, Names({"p-1": "张三"})) == "抄送 张三、p-2"


def test_a_rules_change_says_both_lists_in_chinese():
    from services.hazard.domain.hazard_rules import HazardRulesSet
    set_ = HazardRulesSet(enterprise_id="e", major_acceptors=["technical_head"],
                          extension_deciders=["principal", "safety_officer"], set_by="p-1",
                          set_at=datetime(2026, 12, 3, tzinfo=UTC))
    assert DESCRIBERS[HazardRulesSet](set_, Names({"p-1": "张三"})) == (
        "设定隐患验收与延期审批规则：重大隐患验收 技术负责人（technical_head）；"
        "延期审批 主要负责人（principal）、安全管理员（safety_officer）")
