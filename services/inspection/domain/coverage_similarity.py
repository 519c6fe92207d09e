"""Near-identical tasks copied across posts (排查任务内容雷同): pairs of live tasks of different posts
whose troubleshootContent is as similar as `threshold` (0–1) or more.

- **Similarity** is rapidfuzz's normalised Indel ratio (2·LCS / total length) of the contents in
  NFKC (full-width digits and letters as half-width), case-folded, with everything but letters,
  digits and Chinese characters dropped (whitespace, punctuation, %): a copied text with a word
  changed scores high, a different check low, either way round.
- **A plan's tasks count as one** (a plan yields one task per post on purpose, with one content):
  they are never a pair, and a pair with a plan shows the plan's posts together.
- **Different posts**: two groups with the same post set are one post's duplicates, not a copy
  across posts, and are left out.
- **Bounded** (coverage_blocking.py): only pairs that can reach the threshold are compared — a
  prefix filter on character bigrams above a threshold of 0.75, a length window below it — and
  the comparison is rapidfuzz's, in C. At most `limit` pairs are listed, the most similar first;
  `count` is all of them."""

from __future__ import annotations

import heapq
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from services.inspection.domain.coverage_blocking import candidates
from services.inspection.domain.coverage_facts import Task

LIST_LIMIT = 200


@dataclass(frozen=True)
class Copyable:
    """One task, or one plan's tasks together."""

    key: str  # the task id, or the plan's
    task_ids: tuple[str, ...]
    post_ids: frozenset[str]
    plan_id: str | None
    content: str


@dataclass(frozen=True)
class Pair:
    a: Copyable
    b: Copyable
    score: float  # 0–1, four places


def groups(tasks: list[Task]) -> list[Copyable]:
    by_key: dict[str, list[Task]] = {}
    for t in tasks:
        by_key.setdefault(t.plan_id or t.id, []).append(t)
    return [Copyable(key, tuple(sorted(t.id for t in ts)), frozenset(t.post_id for t in ts), ts[0].plan_id,
                     ts[0].content) for key, ts in sorted(by_key.items())]


def normalised(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def similar_pairs(tasks: list[Task], threshold: float, limit: int = LIST_LIMIT) -> tuple[list[Pair], int]:
    """The most similar pairs (at most `limit`, by score, then by keys) and how many there are."""
    found = groups(tasks)
    texts = [normalised(g.content) for g in found]
    cutoff = threshold * 100
    best: list[tuple[float, tuple[str, str], int, int]] = []  # the best `limit`, as a min-heap
    count = 0
    for i, others in candidates(texts, threshold):
        a = found[i]
        for _, score, k in process.extract(texts[i], [texts[j] for j in others], scorer=fuzz.ratio,
                                           processor=None, score_cutoff=cutoff, limit=None):
            b = found[others[k]]
            if a.post_ids == b.post_ids:
                continue
            count += 1
            keys = (a.key, b.key) if a.key < b.key else (b.key, a.key)
            entry = (round(score / 100, 4), _descending(keys), i, others[k])
            if len(best) < limit:
                heapq.heappush(best, entry)
            elif entry > best[0]:
                heapq.heapreplace(best, entry)
    return [_pair(found[i], found[j], score) for score, _, i, j in sorted(best, reverse=True)], count


def _descending(keys: tuple[str, str]) -> tuple[str, str]:
    """Keys turned so that the smaller sorts higher: in the heap of the best, ties keep the first keys."""
    return tuple("".join(chr(0x10FFFF - ord(c)) for c in k) for k in keys)  # type: ignore[return-value]


def _pair(x: Copyable, y: Copyable, score: float) -> Pair:
    a, b = (x, y) if x.key < y.key else (y, x)
    return Pair(a, b, score)
