"""Which pairs of texts can reach an Indel ratio of `t` (> 0) at all, so that 10,000 tasks are not
50 million comparisons (coverage_similarity.py verifies each candidate): a prefix filter
(All-Pairs, Ed-Join) with a length filter.

- **The length filter**: a ratio ≥ t needs the shorter text at least w = t/(2−t) of the longer; the
  texts are taken shortest first, so one too short for a text is too short for every later one and
  leaves the index.
- **The prefix filter**: two texts that must share at least τ tokens share one among the first
  |tokens| − τ + 1 of each, with every text's tokens in one order (rarest first, so few texts meet
  in a prefix). A ratio ≥ t means an LCS ≥ t(|a|+|b|)/2, so, with the length filter, at least
  τ = ⌈t·|a|(1+w)/2⌉ shared characters; and an Indel distance ≤ (1−t)(|a|+|b|), each edit breaking
  at most two character bigrams, so at least |a|(4t−3) − 1 shared bigrams. Bigrams are far rarer
  than characters, so from t = 0.8 they are the tokens (τ > 0 once a text is long enough; a shorter
  one is compared with every text the length filter lets through), below it the characters are.
  A token is a character (or bigram) with its occurrence number: a multiset as a set."""

from __future__ import annotations

import math
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator

Token = tuple[str, int]
BIGRAMS_FROM = 0.8


def _tokens(grams: list[str]) -> list[Token]:
    seen: Counter[str] = Counter()
    out = []
    for gram in grams:
        out.append((gram, seen[gram]))
        seen[gram] += 1
    return out


def _characters(text: str) -> list[Token]:
    return _tokens(list(text))


def _bigrams(text: str) -> list[Token]:
    return _tokens([text[i:i + 2] for i in range(len(text) - 1)])


def candidates(texts: list[str], t: float) -> Iterator[tuple[int, list[int]]]:
    """For each text i, the texts before it (shortest first) that may have a ratio ≥ t with it:
    every pair that has one is among them, once."""
    window = t / (2 - t)
    tokenise: Callable[[str], list[Token]]
    if t >= BIGRAMS_FROM:
        tokenise, shared = _bigrams, lambda n: math.ceil(n * (4 * t - 3) - 1 - 1e-9)
    else:
        tokenise, shared = _characters, lambda n: math.ceil(t * n * (1 + window) / 2 - 1e-9)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    tokens = {i: tokenise(texts[i]) for i in order}
    frequency = Counter(tok for toks in tokens.values() for tok in toks)
    index: dict[Token, deque[int]] = defaultdict(deque)
    unbounded: deque[int] = deque()  # texts too short for the prefix filter: met by length alone

    def pruned(listed: deque[int], shortest: float) -> deque[int]:
        while listed and len(texts[listed[0]]) < shortest:
            listed.popleft()
        return listed

    for i in order:
        n = len(texts[i])
        shortest, tau = n * window, shared(n)
        seen = set(pruned(unbounded, shortest))
        if tau <= 0 or not tokens[i]:
            unbounded.append(i)  # the earlier texts are shorter still, so all of them are in `unbounded`
        else:
            mine = sorted(tokens[i], key=lambda tok: (frequency[tok], tok))
            for tok in mine[:len(mine) - tau + 1]:
                listed = pruned(index[tok], shortest)
                seen.update(listed)
                listed.append(i)
        if seen:
            yield i, sorted(seen)
