"""Retiring the risk chain: a parent goes only when nothing active hangs under it (409
`has_children`, the count in the message, decision 17); retiring records the reason; a retired
thing takes no further command (`retired`) and is left alone by re-grading."""

from __future__ import annotations

import pytest

from tests.unit.risk_registry.chain import (
    INHERENT,
    LEC,
    TODAY,
    Bands,
    ControlMeasure,
    DomainConflict,
    DomainError,
    GradingPolicy,
    Substance,
    assess,
    ev,
    guarded,
    measure,
    measure_fields,
    policy,
    retired,
    risk_event,
    risk_object,
    risk_unit,
)

BLOCKED = [
    (risk_object, "风险分析单元", 2),
    (risk_unit, "风险事件", 3),
    (risk_event, "管控措施", 1),
]


@pytest.mark.parametrize(("build", "children", "active"), BLOCKED, ids=["object", "unit", "risk-event"])
def test_a_parent_with_active_children_cannot_retire_and_says_how_many(build, children, active):
    parent = build()
    with pytest.raises(DomainConflict) as refused:
        parent.retire("装置拆除", active)
    assert (refused.value.status, refused.value.code) == (409, "has_children")
    assert f"尚有{active}个" in refused.value.message or f"尚有{active}项" in refused.value.message
    assert children in refused.value.message
    assert parent.pending() == [] and not parent.retired


@pytest.mark.parametrize(("build", "event"), [
    (risk_object, ev.RiskObjectRetired), (risk_unit, ev.RiskUnitRetired),
    (risk_event, ev.RiskEventRetired), (measure, ev.ControlMeasureRetired),
], ids=["object", "unit", "risk-event", "measure"])
def test_retiring_with_nothing_under_it_records_the_reason(build, event):
    thing = build()
    if isinstance(thing, ControlMeasure):
        thing.retire("  工艺变更 ")
    else:
        thing.retire("  工艺变更 ", 0)
    [retirement] = thing.pending()
    assert isinstance(retirement, event) and retirement.reason == "工艺变更" and thing.retired


def test_a_blank_reason_is_refused():
    with pytest.raises(DomainError) as refused:
        risk_object().retire("   ", 0)
    assert refused.value.field == "reason"


TANK = [Substance("过氧化氢 (≥60%)", 150, 50, 1.0)]
COMMANDS_ON_RETIRED = {
    "object.revise": (risk_object, lambda o: o.revise("新名称", None, "dept-1", None)),
    "object.rate": (risk_object, lambda o: o.rate(1.0, TANK)),
    "object.assign_guardians": (risk_object, lambda o: o.assign_guardians("p-a", "p-b", "p-c")),
    "object.retire": (risk_object, lambda o: o.retire("再次", 0)),
    "unit.revise": (risk_unit, lambda u: u.revise("新名称", "dept-1", "p-1")),
    "unit.retire": (risk_unit, lambda u: u.retire("再次", 0)),
    "risk-event.revise": (risk_event, lambda r: r.revise("新名称", [17], "后果")),
    "risk-event.assess": (risk_event, lambda r: assess(r, INHERENT, LEC, {"L": 3, "E": 6, "C": 7}, TODAY)),
    "risk-event.retire": (risk_event, lambda r: r.retire("再次", 0)),
    "measure.revise": (measure, lambda m: m.revise(**measure_fields(description="新措施"))),
    "measure.retire": (measure, lambda m: m.retire("再次")),
}


@pytest.mark.parametrize("command", COMMANDS_ON_RETIRED, ids=list(COMMANDS_ON_RETIRED))
def test_a_retired_thing_takes_no_further_command(command):
    build, run = COMMANDS_ON_RETIRED[command]
    thing = retired(build())
    with pytest.raises(DomainError) as refused:
        run(thing)
    assert refused.value.code == "retired" and "已停用" in refused.value.message
    assert thing.pending() == []


def test_a_retired_guardians_hand_over_is_refused_like_any_command():
    """A hand-over goes through the assignment, so a retired source refuses it too: the duties a
    departing person hands over are found among active things only (projections/duties.py)."""
    tank = retired(guarded(risk_object(), principal="p-1"))
    with pytest.raises(DomainError):
        tank.hand_over_guardian("p-1", "p-9")


def test_a_retired_risk_is_not_regraded():
    risk = assess(risk_event(), INHERENT, LEC, {"L": 3, "E": 6, "C": 7}, TODAY)  # 126: 一般
    risk = retired(risk)
    risk.regrade(policy(lec=Bands(320, 120, 70)), policy_version=2)  # 126 would be 较大
    assert risk.pending() == []
    assert risk.current[INHERENT].level == GradingPolicy().lec.level(126)
