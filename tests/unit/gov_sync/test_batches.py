"""Batches of 20 and the split of a refused one until its bad records are isolated."""

from __future__ import annotations

import math

import pytest

from services.gov_sync.domain.batches import UNNAMED_REFUSAL, Refusal, batches, isolate, plan_split

IDS = [f"r{i:02}" for i in range(20)]


def test_records_go_in_batches_of_20_by_default() -> None:
    ids = [str(i) for i in range(45)]
    assert [len(b) for b in batches(ids)] == [20, 20, 5]
    assert [len(b) for b in batches(ids, 10)] == [10, 10, 10, 10, 5]
    assert sum(batches(ids), []) == ids
    with pytest.raises(ValueError):
        batches(ids, 0)


def test_named_records_are_isolated_at_once_and_the_rest_go_again_together() -> None:
    split = plan_split(IDS, Refusal({"r03": "dangerName 隐患名称不能为空!", "r17": "riskClass 风险等级不能为空"}))
    assert split.isolated == {"r03": "dangerName 隐患名称不能为空!", "r17": "riskClass 风险等级不能为空"}
    assert split.resend == [[i for i in IDS if i not in {"r03", "r17"}]]


def test_a_refusal_naming_no_record_of_the_batch_is_bisected() -> None:
    split = plan_split(IDS[:5], Refusal({"elsewhere": "…"}, message="数据格式错误"))
    assert split.isolated == {} and split.resend == [IDS[:3], IDS[3:5]]


def test_a_single_refused_record_is_isolated_with_the_best_message_there_is() -> None:
    assert plan_split(["r01"], Refusal({"r01": "checkTime 格式错误"})).isolated == {"r01": "checkTime 格式错误"}
    assert plan_split(["r01"], Refusal(message="数据体解密失败")).isolated == {"r01": "数据体解密失败"}
    assert plan_split(["r01"], Refusal()).isolated == {"r01": UNNAMED_REFUSAL}


def park_like(bad: dict[str, str]):
    """The park receiver: refuses the whole batch, naming every bad record in it."""
    def send(batch: list[str]) -> Refusal | None:
        named = {rid: bad[rid] for rid in batch if rid in bad}
        return Refusal(named) if named else None
    return send


def first_error_only(bad: set[str]):
    """A receiver that stops at the first fault and names nothing (the park's format errors)."""
    def send(batch: list[str]) -> Refusal | None:
        return Refusal(message="字段格式错误") if bad & set(batch) else None
    return send


def test_against_the_park_two_sends_isolate_every_named_record() -> None:
    outcome = isolate(IDS, park_like({"r03": "a", "r11": "b"}))
    assert outcome.refused == {"r03": "a", "r11": "b"}
    assert sorted(outcome.accepted) == sorted(set(IDS) - {"r03", "r11"})
    assert len(outcome.sends) == 2


def test_bisection_isolates_unnamed_bad_records_and_lets_the_good_through() -> None:
    bad = {"r04", "r13", "r14"}
    outcome = isolate(IDS, first_error_only(bad))
    assert set(outcome.refused) == bad and all(m == "字段格式错误" for m in outcome.refused.values())
    assert sorted(outcome.accepted) == sorted(set(IDS) - bad)
    assert len(outcome.accepted) == len(set(outcome.accepted))  # nothing accepted twice
    # at most two sends per bad record per level of halving, plus the first
    assert len(outcome.sends) <= 1 + 2 * len(bad) * math.ceil(math.log2(len(IDS)))


def test_a_good_batch_is_one_send() -> None:
    outcome = isolate(IDS, first_error_only(set()))
    assert outcome.accepted == IDS and outcome.refused == {} and outcome.sends == [IDS]


def test_a_batch_all_bad_ends_with_every_record_isolated() -> None:
    outcome = isolate(IDS[:6], first_error_only(set(IDS)))
    assert set(outcome.refused) == set(IDS[:6]) and outcome.accepted == []
