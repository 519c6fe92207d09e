"""Near-identical tasks across posts: Chinese contents copied with a word changed or punctuation
changed pair up, different checks do not; the threshold decides; a plan's tasks count as one and
never pair with each other; two tasks of one post are no copy across posts; and the blocking finds
every pair a comparison of all pairs finds."""

from __future__ import annotations

import random
from itertools import combinations

import pytest
from rapidfuzz import fuzz

from services.inspection.domain.coverage_facts import Task
from services.inspection.domain.coverage_similarity import normalised, similar_pairs

LEVEL = "检查储罐液位计读数是否正常，液位应在20%至80%之间"
LEVEL_COPY = "检查储罐液位计读数是否正常，液位应在20%至85%之间。"  # one figure changed, a full stop added
FIRE = "检查灭火器是否在位、压力指针是否在绿区"


def pairs(tasks, threshold=0.9):
    found, count = similar_pairs(tasks, threshold)
    return [(sorted(p.a.task_ids + p.b.task_ids), p.score) for p in found], count


def test_a_copy_with_a_figure_changed_pairs_up_and_a_different_check_does_not():
    found, count = pairs([Task("t-1", "p-1", LEVEL), Task("t-2", "p-2", LEVEL_COPY), Task("t-3", "p-3", FIRE)])
    assert count == 1 and [ids for ids, _ in found] == [["t-1", "t-2"]]
    assert 0.9 <= found[0][1] < 1


def test_whitespace_and_punctuation_do_not_count():
    found, _ = pairs([Task("t-1", "p-1", "检查 1号阀门，有无泄漏"), Task("t-2", "p-2", "检查１号阀门有无泄漏。")])
    assert found == [(["t-1", "t-2"], 1.0)]


@pytest.mark.parametrize(("threshold", "count"), [(0.5, 3), (0.9, 1), (0.99, 0)])
def test_the_threshold_decides(threshold, count):
    tasks = [Task("t-1", "p-1", LEVEL), Task("t-2", "p-2", LEVEL_COPY), Task("t-3", "p-3", "检查储罐液位计读数")]
    assert pairs(tasks, threshold)[1] == count


def test_a_plans_tasks_count_as_one_and_never_pair_with_each_other():
    plan = [Task("t-1", "p-1", LEVEL, plan_id="pl-1"), Task("t-2", "p-2", LEVEL, plan_id="pl-1")]
    assert pairs(plan) == ([], 0)
    found, count = similar_pairs([*plan, Task("t-3", "p-3", LEVEL_COPY)], 0.9)
    assert count == 1
    [pair] = found
    assert (pair.a.plan_id, pair.a.task_ids, sorted(pair.a.post_ids), pair.b.task_ids) == (
        "pl-1", ("t-1", "t-2"), ["p-1", "p-2"], ("t-3",))


def test_two_tasks_of_one_post_are_no_copy_across_posts():
    assert pairs([Task("t-1", "p-1", LEVEL), Task("t-2", "p-1", LEVEL_COPY)]) == ([], 0)


def test_the_list_is_bounded_the_most_similar_first_and_the_count_is_all():
    tasks = [Task(f"t-{i:02}", f"p-{i}", LEVEL if i % 2 else LEVEL_COPY) for i in range(30)]
    found, count = similar_pairs(tasks, 0.9, limit=5)
    assert count == 30 * 29 // 2 and len(found) == 5
    assert [p.score for p in found] == [1.0] * 5 and found[0].a.key == "t-00"


@pytest.mark.parametrize("threshold", [0.3, 0.7, 0.8, 0.9, 0.95])
def test_blocking_finds_every_pair_that_comparing_all_pairs_finds(threshold):
    rng = random.Random(threshold)
    words = ["检查", "储罐", "液位", "压力", "阀门", "泄漏", "是否", "正常", "联锁", "投用", "温度", "报警"]
    base = ["".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(60)]
    texts = base + ["".join(w if rng.random() > 0.1 else rng.choice("检查是否") for w in t) for t in base]
    tasks = [Task(f"t-{i:03}", f"p-{i}", t) for i, t in enumerate(texts)]
    processed = [normalised(t) for t in texts]
    expected = sum(1 for i, j in combinations(range(len(texts)), 2)
                   if fuzz.ratio(processed[i], processed[j], score_cutoff=threshold * 100))
    assert similar_pairs(tasks, threshold, limit=10_000)[1] == expected
