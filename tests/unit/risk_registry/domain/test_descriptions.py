"""Every event type of the risk registry has a describer, and every describer writes a Chinese
sentence for any valid event of its type (generated), naming things by name, not by id."""

from __future__ import annotations

import re
from datetime import date
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from libs.history import OPERATOR, Names, referenced_ids
from services.risk_registry.descriptions import DESCRIBERS, num
from services.risk_registry.events import registry
from services.risk_registry.risk_chain.domain import events as rev
from services.risk_registry.risk_chain.domain.codes import (
    AssessmentMethod,
    ControlLevel,
    RiskLevel,
    RiskStage,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
EVENT_TYPES = registry.classes()


def test_every_event_type_has_a_describer():
    missing = [c.TYPE for c in EVENT_TYPES if c not in DESCRIBERS]
    assert not missing, f"event types without a description (services/risk_registry/descriptions.py): {missing}"


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=lambda c: c.TYPE.rsplit(".", 1)[-1])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_each_description_is_a_chinese_sentence_with_names(cls, data):
    ids = st.uuids().map(lambda u: u.hex)
    event = data.draw(st.builds(cls, **{
        name: (st.none() | ids) if type(None) in get_args(field.annotation) else ids
        for name, field in cls.model_fields.items() if name.endswith("_id")}))
    names = Names({i: f"名称{n}" for n, i in enumerate(sorted(referenced_ids(event)))})
    text = DESCRIBERS[type(event)](event, names)
    assert isinstance(text, str) and CJK.search(text), text
    if not any("None" in str(value) for _, value in event):
        assert "None" not in text, text  # a missing value is said in words (无, 企业, 未分配)
    for id_, name in names._names.items():
        assert id_ not in text or id_ in name, text  # named, not shown as an id


def test_an_assessment_reads_as_a_safety_officer_writes_it():
    e = rev.RiskAssessed(
        risk_event_id="r1", enterprise_id="e1", assessment_id="a1", stage=RiskStage.INHERENT,
        method=AssessmentMethod.LEC, inputs={"L": 3, "E": 6, "C": 15}, value=270.0, level=RiskLevel.LARGE,
        control_level=ControlLevel.DEPARTMENT, assessor_id="p1", assessed_on=date(2026, 11, 1),
        reassess_on=date(2027, 11, 1))
    text = DESCRIBERS[rev.RiskAssessed](e, Names({"p1": "王安全"}))
    assert text.startswith("评价固有风险：LEC 270，较大风险，部门级管控")
    assert "王安全" in text and "2027-11-01" in text
    # An assessor that is no person of the directory (a development token) is not shown as an id.
    assert OPERATOR in DESCRIBERS[rev.RiskAssessed](e, Names({}))


def test_names_stand_for_ids():
    e = rev.MajorHazardGuardiansAssigned(object_id="o1", enterprise_id="e1", principal_id="p1",
                                         technical_id="p2", operations_id="p3")
    text = DESCRIBERS[type(e)](e, Names({"p1": "张建国", "p2": "李振华", "p3": "刘伟"}))
    assert text == "设置包保责任人：主要负责人 张建国，技术负责人 李振华，操作负责人 刘伟"


@pytest.mark.parametrize("value, text", [(270.0, "270"), (6.9, "6.9"), (0.5, "0.5"), (1e-3, "0.001")])
def test_values_are_written_as_a_person_writes_them(value, text):
    assert num(value) == text


def test_a_hand_over_says_so_and_from_whom_to_whom():
    names = Names({"p1": "潘晓东", "p2": "王建华", "p3": "孙振华", "d1": "生产部"})
    unit = rev.RiskUnitRevised(unit_id="u1", enterprise_id="e1", name="储罐单元", department_id="d1",
                               liable_person_id="p2", handed_over_from_id="p1", handed_over_to_id="p2")
    assert DESCRIBERS[rev.RiskUnitRevised](unit, names) == "职责移交：潘晓东 → 王建华（风险分析单元责任人：储罐单元）"
    tank = rev.MajorHazardGuardiansAssigned(object_id="o1", enterprise_id="e1", principal_id="p2",
                                            technical_id="p3", operations_id="p2", handed_over_from_id="p1",
                                            handed_over_to_id="p2")
    assert DESCRIBERS[rev.MajorHazardGuardiansAssigned](tank, names) == (
        "职责移交：潘晓东 → 王建华（重大危险源包保责任人，现为：主要负责人 王建华，技术负责人 孙振华，"
        "操作负责人 王建华）")
    # A revision by hand (no hand-over) reads as before.
    revised = rev.RiskUnitRevised(unit_id="u1", enterprise_id="e1", name="储罐单元", department_id="d1",
                                  liable_person_id="p2")
    assert DESCRIBERS[rev.RiskUnitRevised](revised, names).startswith("修订风险分析单元：储罐单元")
