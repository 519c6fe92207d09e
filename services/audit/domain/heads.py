"""Signed tree heads and the order of the leaves (pure: no I/O).

An enterprise's Merkle log has one leaf per audit entry. The entries of one enterprise reach the
trail from several topics and partitions, in an order a rebuild does not repeat, so a leaf's place
cannot be its arrival: each seal appends the entries not yet in the tree *by subject, then
chain_seq* (subjects compared by code point, never by a database collation), and its head records
what it covered — per subject that grew, the last chain_seq now in the tree. Replaying the heads
in order over the same entries puts every leaf back in the same place, so a rebuild reproduces the
roots, and with the stored signatures the heads, byte for byte.

A leaf commits to its entry's chain hash, which commits to the event's canonical text and to every
entry before it in its chain. The signature covers the enterprise, the size, the root and the
time (Ed25519 over a domain-separated canonical text); the coverage is not signed — it only says
where the leaves go, and a wrong one yields a root the signature does not match.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from services.audit.domain.merkle import Frontier, leaf_hash

SIGNED_PREFIX = b"shuangkong-audit-tree-head/v1\n"
Position = tuple[str, int]  # (subject, chain_seq)


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def leaf_entry(subject: str, chain_seq: int, chain_hash: str) -> bytes:
    """What a leaf hashes: the entry's place in its chain and its chain hash (a JSON array, so no
    subject can be read as another)."""
    return _compact([subject, chain_seq, chain_hash]).encode()


def entry_leaf_hash(subject: str, chain_seq: int, chain_hash: str) -> bytes:
    return leaf_hash(leaf_entry(subject, chain_seq, chain_hash))


def sealed_positions(before: Mapping[str, int], coverage: Mapping[str, int]) -> list[Position]:
    """The leaves a seal appends, in their order: for each subject of `coverage` (by code point),
    its entries after the last one `before` sealed, up to the one `coverage` names."""
    positions: list[Position] = []
    for subject in sorted(coverage):
        last, upto = before.get(subject, 0), coverage[subject]
        if upto <= last:
            raise ValueError(f"coverage of {subject!r} does not grow ({last} → {upto})")
        positions.extend((subject, seq) for seq in range(last + 1, upto + 1))
    return positions


def key_id(public_key: Ed25519PublicKey) -> str:
    """The key's name: SHA-256 of its 32 raw bytes (as a CT log id is the hash of its key)."""
    return hashlib.sha256(raw_public_key(public_key)).hexdigest()


def raw_public_key(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_public_key(text: str) -> Ed25519PublicKey:
    """A public key as PEM or as its 64 hex digits; ValueError for anything else."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        else:
            key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not an Ed25519 public key: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


@dataclass(frozen=True)
class TreeHead:
    """The state of an enterprise's log at one size, signed (签名树头)."""

    enterprise_id: str
    tree_size: int
    root_hash: str  # hex
    timestamp: int  # milliseconds since the epoch, UTC
    key_id: str
    signature: str  # hex
    previous_size: int  # the head before this one (0 for the first)
    coverage: dict[str, int] = field(default_factory=dict)  # subject → last chain_seq sealed by this head

    def signed_text(self) -> bytes:
        return signed_text(self.enterprise_id, self.tree_size, self.root_hash, self.timestamp)

    def verified_by(self, public_key: Ed25519PublicKey) -> bool:
        try:
            public_key.verify(bytes.fromhex(self.signature), self.signed_text())
        except (InvalidSignature, ValueError):
            return False
        return True

    def same_as(self, other: TreeHead) -> bool:
        """The same signed statement (a head published twice is still one head)."""
        return (self.enterprise_id, self.tree_size, self.root_hash, self.timestamp, self.signature) == (
            other.enterprise_id, other.tree_size, other.root_hash, other.timestamp, other.signature)

    def to_json(self) -> dict[str, Any]:
        """The head as published; without `key_id` when it names none (a head of the older format
        whose key is not known): an empty one would name no key and break the schema."""
        named = {"key_id": self.key_id} if self.key_id else {}
        return {"enterprise_id": self.enterprise_id, "tree_size": self.tree_size, "root_hash": self.root_hash,
                "timestamp": self.timestamp, **named, "signature": self.signature,
                "previous_size": self.previous_size, "coverage": dict(self.coverage)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TreeHead:
        """A head as published; ValueError naming what is missing or malformed."""
        try:
            head = cls(enterprise_id=str(data["enterprise_id"]), tree_size=int(data["tree_size"]),
                       root_hash=str(data["root_hash"]), timestamp=int(data["timestamp"]),
                       key_id=str(data.get("key_id", "")), signature=str(data["signature"]),
                       previous_size=int(data.get("previous_size", 0)),
                       coverage={str(s): int(n) for s, n in dict(data.get("coverage") or {}).items()})
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a tree head: {exc!r}") from exc
        if head.tree_size < 0 or not _is_hex(head.root_hash, 64) or not _is_hex(head.signature, 128):
            raise ValueError("not a tree head: size, root hash or signature malformed")
        return head


def _hex(length: int, what: str) -> dict[str, Any]:
    return {"type": "string", "pattern": f"^[0-9a-f]{{{length}}}$", "description": what}


# The data of a published head (TreeHead.to_json), as an integrator checks it: the signature covers
# enterprise_id, tree_size, root_hash and timestamp (`signed_text`), under the key named key_id.
TREE_HEAD_SCHEMA: dict[str, Any] = {
    "title": "TreeHead", "type": "object", "additionalProperties": False,
    "required": ["enterprise_id", "tree_size", "root_hash", "timestamp", "signature", "previous_size", "coverage"],
    "properties": {
        "enterprise_id": {"type": "string", "minLength": 1, "description": "the enterprise whose log this is"},
        "tree_size": {"type": "integer", "minimum": 1, "description": "leaves (audit entries) in the log"},
        "root_hash": _hex(64, "Merkle tree root (RFC 9162 hashing, SHA-256), hex"),
        "timestamp": {"type": "integer", "minimum": 0, "description": "milliseconds since the epoch, UTC"},
        "key_id": _hex(64, "SHA-256 of the signing key's 32 raw Ed25519 bytes, hex; absent only on a head "
                           "of the older format whose key is not known (then any of the log's keys may verify it)"),
        "signature": _hex(128, "Ed25519 over 'shuangkong-audit-tree-head/v1\\n' + the canonical JSON of "
                               "enterprise_id, root_hash, timestamp, tree_size (sorted keys, no spaces, UTF-8 "
                               "with non-ASCII characters unescaped: json.dumps ensure_ascii=False), hex"),
        "previous_size": {"type": "integer", "minimum": 0, "description": "size of the head before (0: first)"},
        "coverage": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "integer", "minimum": 1},
                     "description": "subject → last chain_seq this head sealed: where its leaves go (not signed)"},
    },
}


def _is_hex(text: str, length: int) -> bool:
    return len(text) == length and all(c in "0123456789abcdef" for c in text)


def signed_text(enterprise_id: str, tree_size: int, root_hash: str, timestamp: int) -> bytes:
    return SIGNED_PREFIX + _compact({"enterprise_id": enterprise_id, "root_hash": root_hash,
                                     "timestamp": timestamp, "tree_size": tree_size}).encode()


class Signer:
    """Signs heads with the log's private key (kept outside the database)."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_key = private_key.public_key()
        self.key_id = key_id(self.public_key)

    def head(self, enterprise_id: str, tree_size: int, root: bytes, timestamp: int, previous_size: int,
             coverage: Mapping[str, int]) -> TreeHead:
        signature = self._key.sign(signed_text(enterprise_id, tree_size, root.hex(), timestamp))
        return TreeHead(enterprise_id, tree_size, root.hex(), timestamp, self.key_id, signature.hex(),
                        previous_size, dict(coverage))


class MissingEntry(LookupError):
    """An entry the chains say exists is not there to be sealed."""

    def __init__(self, position: Position) -> None:
        super().__init__(f"entry {position[1]} of {position[0]!r} is missing")
        self.position = position


def seal(signer: Signer, enterprise_id: str, previous: TreeHead | None, frontier: Frontier,
         sealed: Mapping[str, int], chained: Mapping[str, int], chain_hashes: Mapping[Position, str],
         now_ms: int) -> tuple[TreeHead, list[Position]] | None:
    """The next head of the log and the leaves it appends, or None when nothing is new.

    `frontier` is the tree of `previous` (extended in place), `sealed` the last chain_seq of each
    subject already in the tree, `chained` the last of each subject's chain, `chain_hashes` the
    hashes of the new entries. A head never reads an earlier time than the one before it."""
    previous_size = previous.tree_size if previous else 0
    if frontier.size != previous_size:
        raise ValueError(f"the frontier has {frontier.size} leaves, the previous head {previous_size}")
    coverage = {subject: last for subject, last in chained.items() if last > sealed.get(subject, 0)}
    if not coverage:
        return None
    positions = sealed_positions(sealed, coverage)
    for position in positions:
        chain_hash = chain_hashes.get(position)
        if chain_hash is None:
            raise MissingEntry(position)
        frontier.append(entry_leaf_hash(position[0], position[1], chain_hash))
    timestamp = max(now_ms, previous.timestamp) if previous else now_ms
    return signer.head(enterprise_id, frontier.size, frontier.root(), timestamp, previous_size, coverage), positions
