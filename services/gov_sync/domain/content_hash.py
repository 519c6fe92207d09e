"""The content hash (内容摘要) of a mapped record, per target: a record is sent again only when
its hash differs from the one the target last acknowledged. Over canonical JSON — keys sorted, no
spaces, characters as themselves — so the same content always hashes the same, whatever order
the adapter built the fields in."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any


def canonical_json(record: Mapping[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def content_hash(record: Mapping[str, Any]) -> str:
    """SHA-256 hex of the canonical JSON. The dialect is not mixed in: the target owns the stored
    hash, and two dialects map to different records anyway."""
    return hashlib.sha256(canonical_json(record)).hexdigest()
