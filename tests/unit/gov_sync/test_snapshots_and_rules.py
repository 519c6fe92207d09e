"""The snapshots' parent chain and the rule primitives the dialects are built from."""

from __future__ import annotations

import re
from decimal import Decimal

from services.gov_sync.domain.snapshots import Entity, entity_of
from services.gov_sync.domain.violations import FieldRule, RecordRules, required_when
from tests.unit.gov_sync.builders import CHAIN, MEASURE_ID, hazard, unit


def test_each_snapshot_names_its_parent_in_the_chain() -> None:
    assert unit().parent_id is None
    for parent, child in zip(CHAIN, CHAIN[1:], strict=False):
        assert child.parent_id == parent.id, type(child).__name__


def test_a_hazard_hangs_on_its_record_else_its_measure_else_nothing() -> None:
    assert hazard(record_id=None).parent_id == MEASURE_ID
    assert hazard(record_id=None, measure_id=None).parent_id is None


def test_entities_are_ordered_parent_first() -> None:
    assert [entity_of(s) for s in CHAIN] == sorted(Entity)


RULE = FieldRule(field="name", label="名称", required=True, max_len=3)


def test_a_blank_value_is_a_missing_one() -> None:
    assert RULE.check({"name": "  "}) == ["名称不能为空"]
    assert RULE.check({}) == ["名称不能为空"]
    assert FieldRule(field="name", label="名称").check({"name": None}) == []


def test_one_field_may_break_several_rules_and_each_is_said() -> None:
    rule = FieldRule(field="code", label="编码", max_len=2, pattern=re.compile(r"\d+"), pattern_text="须为数字")
    assert rule.check({"code": "abc"}) == ["编码不能超过2个字符（现为3个）", "编码格式不符：须为数字"]


def test_numbers() -> None:
    cycle = FieldRule(field="c", label="周期", positive=True, decimal=(2, 2))
    assert cycle.check({"c": "x"}) == ["周期须为数字"]
    assert cycle.check({"c": "NaN"}) == ["周期须为数字"]
    assert cycle.check({"c": -1}) == ["周期须大于0"]
    assert cycle.check({"c": Decimal("12.34")}) == []
    assert FieldRule(field="c", label="周期", decimal=(2, 2)).check({"c": -1}) == ["周期不能小于0"]


def test_record_rules_list_every_violation_with_the_record_id() -> None:
    rules = RecordRules((RULE,), (required_when("unit", "单位", lambda r: r.get("kind") == "h", "按小时"),))
    found = rules.validate({"id": "r1", "name": "很长的名字", "kind": "h"})
    assert [(v.record_id, v.field) for v in found] == [("r1", "name"), ("r1", "unit")]
    assert found[1].reason == "单位不能为空（按小时）"
