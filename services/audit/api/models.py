"""What the audit service's routes answer, as models (see libs/openapi.py)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import Field

from libs.openapi import Record, Timestamp
from libs.pagination import Page


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
    enterprise_id: str
    subject: str
    seq: int
    chain_seq: int
    reason: str


class Verification(Record):
    ok: bool
    entries: int = Field(description="校验的条目数")
    chains: int = Field(description="校验的链数")
    broken: BrokenLink | None = Field(description="第一处断裂; 完整时为 null")


AuditEntryPage = Page[AuditEntry]
