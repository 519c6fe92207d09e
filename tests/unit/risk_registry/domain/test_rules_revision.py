"""Revising the risk chain: a revision records an event only when something changes (the same
values again are no event), and what it records is what the aggregate then holds. A risk event
names at least one accident type, each once and in the standard's order; a measure's classify2
is a code of the table under its own classify1."""

from __future__ import annotations

import pytest

from tests.unit.risk_registry.chain import (
    CLASSIFY2_LABELS,
    AccidentType,
    Classify1,
    ControlMeasure,
    DataSource,
    DomainError,
    RiskEvent,
    ev,
    measure,
    measure_fields,
    risk_event,
    risk_object,
    risk_unit,
    saved,
)

OUTLINE = [[0, 0], [100, 0], [100, 60], [0, 60]]
FIRE, VESSEL, POISONING = AccidentType.FIRE, AccidentType.VESSEL_EXPLOSION, AccidentType.POISONING_ASPHYXIA


def test_revising_an_object_with_its_own_values_records_nothing():
    tank = saved(risk_object(outline=OUTLINE))
    tank.revise(" 双氧水罐区 ", "", "dept-1", OUTLINE)  # the name as normalised, no code is no code
    assert tank.pending() == []


def test_an_object_revision_records_the_new_name_code_department_and_outline():
    tank = saved(risk_object())
    tank.revise("双氧水罐区（一期）", "MHS-01", "dept-2", OUTLINE)
    [revised] = tank.pending()
    assert isinstance(revised, ev.RiskObjectRevised)
    assert (tank.name, tank.code, tank.department_id) == ("双氧水罐区（一期）", "MHS-01", "dept-2")
    assert tank.outline == [(0.0, 0.0), (100.0, 0.0), (100.0, 60.0), (0.0, 60.0)] == revised.outline


def test_a_unit_revision_records_only_a_change():
    unit = risk_unit()
    unit.revise("双氧水储罐单元", "dept-1", "p-1")
    assert unit.pending() == []
    unit.revise("双氧水储罐单元", "dept-1", "p-2")
    [revised] = unit.pending()
    assert isinstance(revised, ev.RiskUnitRevised) and unit.liable_person_id == "p-2"
    assert (revised.handed_over_from_id, revised.handed_over_to_id) == (None, None)  # a revision, no hand-over


def test_a_risk_event_names_at_least_one_accident_type():
    with pytest.raises(DomainError) as refused:
        RiskEvent.identify("re-2", "ent-1", "ru-1", "氢气泄漏", [], "爆炸")
    assert refused.value.field == "accident_types"
    with pytest.raises(DomainError):
        risk_event().revise("储罐超温分解爆炸", [], "储罐破裂，人员伤亡")


def test_accident_types_are_kept_once_each_in_the_standards_order():
    risk = RiskEvent.identify("re-2", "ent-1", "ru-1", "氢气泄漏", [POISONING, FIRE, POISONING, VESSEL], "爆炸")
    assert risk.accident_types == [FIRE, VESSEL, POISONING]


def test_the_same_accident_types_in_another_order_are_no_revision():
    risk = saved(RiskEvent.identify("re-2", "ent-1", "ru-1", "氢气泄漏", [FIRE, VESSEL], "爆炸"))
    risk.revise("氢气泄漏", [VESSEL, FIRE, FIRE], "爆炸")
    assert risk.pending() == []
    risk.revise("氢气泄漏", [VESSEL, FIRE], "爆炸、中毒")
    [revised] = risk.pending()
    assert isinstance(revised, ev.RiskEventRevised) and risk.consequence == "爆炸、中毒"


def test_a_measure_records_its_classification_method_and_inspection_content():
    defined = ControlMeasure.define("cm-2", "ent-1", "re-1", **measure_fields(classify3="DCS 联锁"))
    [event] = defined.pending()
    assert isinstance(event, ev.ControlMeasureDefined)
    assert (event.classify1, event.classify2, event.classify3, event.data_source) == (
        Classify1.ENGINEERING, "1-4", "DCS 联锁", DataSource("1"))
    assert event.inspection_content == "检查温度联锁投用状态及喷淋阀门" and event.responsible_post_id == "post-1"


def test_revising_a_measure_records_only_a_change():
    cm = measure()
    cm.revise(**measure_fields())
    assert cm.pending() == []
    cm.revise(**measure_fields(responsible_post_id="post-2"))
    [revised] = cm.pending()
    assert isinstance(revised, ev.ControlMeasureRevised) and cm.fields["responsible_post_id"] == "post-2"


@pytest.mark.parametrize("code", sorted(CLASSIFY2_LABELS))
def test_each_classify2_belongs_to_the_classify1_of_its_prefix(code):
    own = Classify1(code.split("-")[0])
    measure(classify1=own, classify2=code)
    for other in set(Classify1) - {own}:
        with pytest.raises(DomainError) as refused:
            measure(classify1=other, classify2=code)
        assert refused.value.field == "classify2" and "不属于分类1" in refused.value.message


@pytest.mark.parametrize("code", ["1-6", "5-1", "1", "", "1-4 "])
def test_a_classify2_outside_the_table_is_refused(code):
    with pytest.raises(DomainError) as refused:
        measure(classify2=code)
    assert refused.value.field == "classify2" and "未知的措施分类2" in refused.value.message


def test_a_revision_is_held_to_the_classification_too():
    cm = measure()
    with pytest.raises(DomainError):
        cm.revise(**measure_fields(classify2="2-1"))
    assert cm.pending() == [] and cm.fields["classify2"] == "1-4"


@pytest.mark.parametrize("field", ["description", "inspection_content"])
def test_a_measure_says_what_is_done_and_what_to_inspect(field):
    with pytest.raises(DomainError) as refused:
        measure(**{field: "  "})
    assert refused.value.field == field
