"""What gov sync's routes answer: a target (which secrets are set, never a secret) and the readiness
report (per record its state, violations and what the sender would do; counts per entity)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from libs.openapi import Record
from libs.pagination import Page
from services.gov_sync.domain.readiness import Readiness, WouldSend


class Target(Record):
    id: str
    enterprise_id: str
    name: str
    dialect: str
    base_url: str
    entities: list[int]
    batch_size: int
    iv_rule: str
    ca_bundle: str | None
    has_aes_key: bool = Field(description="已设置 AES 密钥 (密钥本身不可读回)")
    has_credentials: bool = Field(description="已设置 Basic 凭据 (不可读回)")
    created_at: datetime
    updated_at: datetime
    version: int


class Retired(Record):
    id: str
    retired: bool


class RecordViolation(Record):
    field: str = Field(description="平台字段名")
    reason: str = Field(description="原因")


class RecordReadiness(Record):
    entity: int = Field(description="1 风险分析单元 … 6 隐患信息")
    record_id: str
    parent_id: str | None
    state: Readiness = Field(description="ready 可报送, refused 本地校验不通过, waiting_for_parent 等待上级记录, "
                                         "not_sent 该平台无此形式")
    would_send: WouldSend | None = Field(description="never_sent 从未报送, changed 已变化, unchanged 未变化不再报送")
    violations: list[RecordViolation]
    reason: str


class EntityCounts(Record):
    entity: int
    ready: int
    refused: int
    waiting_for_parent: int
    not_sent: int


class ReadinessReport(Page[RecordReadiness]):
    target_id: str
    dialect: str
    counts: list[EntityCounts]
