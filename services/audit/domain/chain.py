"""The tamper-evident chain (pure: no I/O).

Each entry's hash is SHA-256 over the previous entry's hash and the canonical form of the
event, so changing, inserting or removing any entry breaks every hash after it. Chains are
kept per enterprise *and subject* (one aggregate's stream): within a subject, Kafka delivers in
order, so a rebuild from the log reproduces exactly the same chain and the same hashes — a
single chain per enterprise would depend on how partitions happened to interleave.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson

GENESIS = "0" * 64
_SCALARS = frozenset({str, int, bool, type(None)})


def canonical(fields: dict[str, Any]) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept as is.

    The hashes cover these exact characters, so their definition never changes: it is
    `reference_canonical`. orjson writes the same characters, twice as fast with the type
    check, for values made only of dicts, lists, strings, integers, booleans and nulls (tests
    prove it on generated values); anything else — floats above all, which orjson writes differently
    (`0.00001` for `1e-05`) — takes the reference path."""
    if type(fields) is dict and _plain(fields.values()):
        try:
            return orjson.dumps(fields, option=orjson.OPT_SORT_KEYS).decode()
        except TypeError:  # an integer beyond 64 bits, a key that is not a string
            pass
    return reference_canonical(fields)


def reference_canonical(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _plain(values: Iterable[Any]) -> bool:
    """True if `values` (a dict's values or a list) nest only dicts, lists and `_SCALARS`.
    A loop rather than `all()` over a generator: this runs for every audited event."""
    for v in values:
        kind = type(v)
        if kind in _SCALARS:
            continue
        if kind is dict:
            if not _plain(v.values()):
                return False
        elif kind is not list or not _plain(v):
            return False
    return True


def link(previous_hash: str, canonical_event: str) -> str:
    return hashlib.sha256(f"{previous_hash}\n{canonical_event}".encode()).hexdigest()


@dataclass(frozen=True)
class StoredEntry:
    seq: int  # the audit trail's own row number, to name a broken link
    chain_seq: int
    canonical_event: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    chain_seq: int
    reason: str


def first_broken_link(entries: Iterable[StoredEntry]) -> BrokenLink | None:
    """Walk one chain in order and name the first entry that does not follow from the one before."""
    expected_prev, expected_seq = GENESIS, 1
    for e in entries:
        if e.chain_seq != expected_seq:
            return BrokenLink(e.seq, e.chain_seq, f"链序号不连续: 应为{expected_seq}")
        if e.prev_hash != expected_prev:
            return BrokenLink(e.seq, e.chain_seq, "前一条哈希不匹配 (条目被删除或替换)")
        if link(e.prev_hash, e.canonical_event) != e.hash:
            return BrokenLink(e.seq, e.chain_seq, "哈希不匹配 (内容被篡改)")
        expected_prev, expected_seq = e.hash, expected_seq + 1
    return None
