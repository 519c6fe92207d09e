"""Batches (批次) and how a refused one is split. The park receiver refuses a whole batch for one
bad record, naming each bad record (`{uuid, msg}`); a format error stops at the first fault and
names none. Planning is pure: the sender runs the plan against the platform.

- Named records are isolated at once with the platform's own message; the rest go again together.
- A refusal naming none of the batch is bisected: each half goes again, until single records.
- A single record refused is isolated (quarantined) with the message, or a general one."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

DEFAULT_BATCH_SIZE = 20
UNNAMED_REFUSAL = "平台拒收该记录（未给出原因）"


def batches(ids: Sequence[str], size: int = DEFAULT_BATCH_SIZE) -> list[list[str]]:
    if size < 1:
        raise ValueError("batch size must be at least 1")
    return [list(ids[i:i + size]) for i in range(0, len(ids), size)]


@dataclass(frozen=True)
class Refusal:
    """A whole batch refused; `named` is the platform's message per record id it named (maybe none)."""

    named: Mapping[str, str] = field(default_factory=dict)
    message: str = ""  # the batch's own message, for a record isolated without one of its own


@dataclass(frozen=True)
class Split:
    isolated: dict[str, str]  # record id → why it is refused
    resend: list[list[str]]  # batches to send again, in order


def plan_split(batch: Sequence[str], refusal: Refusal) -> Split:
    named = {rid: msg for rid, msg in refusal.named.items() if rid in batch}
    if len(batch) == 1:
        only = batch[0]
        return Split({only: named.get(only) or refusal.message or UNNAMED_REFUSAL}, [])
    if named:
        rest = [rid for rid in batch if rid not in named]
        return Split(named, [rest] if rest else [])
    middle = (len(batch) + 1) // 2
    return Split({}, [list(batch[:middle]), list(batch[middle:])])


@dataclass
class Outcome:
    accepted: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    sends: list[list[str]] = field(default_factory=list)  # every batch sent, in order


def isolate(batch: Sequence[str], send: Callable[[list[str]], Refusal | None]) -> Outcome:
    """Sends `batch` and, while refused, its splits, until every record is accepted or isolated.
    `send` answers None when the platform took the batch. Each record is sent at most once after
    it is known good: the accepted ones are never re-sent."""
    outcome = Outcome()
    queue: deque[list[str]] = deque([list(batch)])
    while queue:
        current = queue.popleft()
        outcome.sends.append(current)
        refusal = send(current)
        if refusal is None:
            outcome.accepted.extend(current)
            continue
        split = plan_split(current, refusal)
        outcome.refused.update(split.isolated)
        queue.extend(split.resend)
    return outcome
