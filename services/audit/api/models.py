"""What the audit service's routes answer, as models (see libs/openapi.py)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import Field

from libs.openapi import Record, Timestamp
from libs.pagination import Page
from services.audit.domain.keys import KeyStatus


class AuditEntry(Record):
    """One event as the trail recorded it, linked to the one before it in its chain by hash."""

    seq: int
    subject: str = Field(description="对象 (事件流)")
    chain_seq: int
    event_id: UUID
    event_type: str
    source: str
    actor: str | None
    occurred_at: Timestamp
    prev_hash: str
    hash: str
    recorded_at: Timestamp
    data: Any = Field(description="事件内容")


class BrokenLink(Record):
    """The first thing that does not hold: a link of a chain (subject, seq, chain_seq), or a signed
    head of the log the entries no longer yield (tree_size; the entry too when it is known)."""

    enterprise_id: str
    subject: str | None
    seq: int | None
    chain_seq: int | None
    tree_size: int | None = Field(description="不再成立的签名树头的规模; 链断裂时为 null")
    reason: str


class Verification(Record):
    ok: bool
    entries: int = Field(description="校验的条目数")
    chains: int = Field(description="校验的链数")
    heads: int = Field(description="校验的签名树头数")
    sealed: int = Field(description="已封存进签名树头的条目数")
    broken: BrokenLink | None = Field(description="第一处断裂; 完整时为 null")


AuditEntryPage = Page[AuditEntry]


class SignedTreeHead(Record):
    """One enterprise's log at one size, signed with the log's Ed25519 key (签名树头). The signature
    covers `shuangkong-audit-tree-head/v1\\n` followed by the compact, key-sorted JSON of
    enterprise_id, root_hash, timestamp and tree_size."""

    enterprise_id: str
    tree_size: int = Field(description="树的规模 (已封存的条目数)")
    root_hash: str = Field(description="Merkle 树根哈希 (RFC 9162, SHA-256, 十六进制)")
    timestamp: int = Field(description="签发时间 (毫秒时间戳, UTC)")
    issued_at: Timestamp = Field(description="签发时间")
    key_id: str = Field(description="签名公钥的 SHA-256")
    signature: str = Field(description="Ed25519 签名 (十六进制)")
    previous_size: int = Field(description="上一个树头的规模")
    coverage: dict[str, int] = Field(description="本次封存: 每个增长的对象封存到的链序号 (不签名, 用于重建)")


class InclusionProof(Record):
    """Proof that an entry is the leaf `leaf_index` of the tree a signed head signed. The leaf hashes
    SHA-256(0x00 || JSON [subject, chain_seq, hash]); the path runs from the leaf's sibling up."""

    enterprise_id: str
    event_id: UUID
    subject: str
    chain_seq: int
    hash: str = Field(description="条目的链哈希")
    leaf_index: int
    leaf_hash: str
    tree_size: int
    audit_path: list[str] = Field(description="从叶到根的兄弟节点哈希 (RFC 9162 §2.1.3)")
    head: SignedTreeHead


class ConsistencyProof(Record):
    """Proof that the tree of `first` entries is the first `first` leaves of the tree of `second`."""

    enterprise_id: str
    first: int
    second: int
    first_root: str
    second_root: str
    proof: list[str] = Field(description="一致性证明 (RFC 9162 §2.1.4)")


class SigningKey(Record):
    """One of the log's public keys; each signed head names the one that signed it (`key_id`)."""

    algorithm: str = Field(description="签名算法 (Ed25519)")
    key_id: str = Field(description="公钥原始字节的 SHA-256 (十六进制)")
    status: KeyStatus = Field(description="current: 签发新的树头; retired: 已轮换, 仍用于校验它签发过的树头")
    public_key_pem: str
    public_key_hex: str = Field(description="公钥原始 32 字节 (十六进制)")


class SigningKeys(Record):
    items: list[SigningKey] = Field(description="当前公钥在前, 其后为已轮换的公钥")
    unknown_key_ids: list[str] = Field(
        default_factory=list, description="已存的树头所注明、而本服务未持有的公钥 (key_id; 启动时查得):"
                                          " 应在 SK_AUDIT_RETIRED_PUBLIC_KEYS 中补充, 否则这些树头校验不通过")


SignedTreeHeadPage = Page[SignedTreeHead]
