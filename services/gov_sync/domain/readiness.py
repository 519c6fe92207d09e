"""The readiness report (报送就绪报告) of one target: every snapshot mapped by the target's dialect
and validated locally, parent first, so a record whose parent would be refused is said to wait for
it (the sender never sends a child before its parent is accepted); beside it, what the content
hash says the sender would do (never sent / changed since the last acknowledgement / unchanged)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from services.gov_sync.domain.content_hash import content_hash
from services.gov_sync.domain.dialects.base import Dialect, NotSent
from services.gov_sync.domain.snapshots import EnterpriseCodes, Entity, Snapshot, entity_of
from services.gov_sync.domain.violations import Violation


class Readiness(StrEnum):
    READY = "ready"  # 可报送
    REFUSED = "refused"  # 本地校验不通过
    WAITING_FOR_PARENT = "waiting_for_parent"  # 等待上级记录
    NOT_SENT = "not_sent"  # 该平台无此形式 (如无 deleted 字段的平台上已删除的记录)


class WouldSend(StrEnum):
    NEVER_SENT = "never_sent"  # 从未报送
    CHANGED = "changed"  # 自上次确认后已变化
    UNCHANGED = "unchanged"  # 与平台上次确认的一致, 不再报送


@dataclass(frozen=True)
class RecordReadiness:
    entity: Entity
    record_id: str
    parent_id: str | None
    state: Readiness
    would_send: WouldSend | None  # None where nothing would be sent (refused, waiting, not sent)
    violations: tuple[Violation, ...] = ()
    reason: str = ""
    content_hash: str | None = None


@dataclass
class Report:
    records: list[RecordReadiness] = field(default_factory=list)

    def counts(self) -> dict[Entity, dict[Readiness, int]]:
        counts: dict[Entity, dict[Readiness, int]] = {}
        for r in self.records:
            per = counts.setdefault(r.entity, {s: 0 for s in Readiness})
            per[r.state] += 1
        return counts


def assess(snapshots: Iterable[Snapshot], dialect: Dialect, enterprise: EnterpriseCodes,
           acknowledged: Mapping[tuple[Entity, str], str], entities: Iterable[Entity]) -> Report:
    """`acknowledged`: (entity, record id) → the content hash the target last acknowledged.
    Only the target's `entities` are reported; a parent of an entity the target does not take is
    not waited for (the platform has it from elsewhere or not at all)."""
    wanted = set(entities)
    ordered = sorted(snapshots, key=lambda s: entity_of(s))  # parent first: Entity is in that order
    ready: set[tuple[Entity, str]] = set()
    report = Report()
    for snapshot in ordered:
        entity = entity_of(snapshot)
        if entity not in wanted:
            continue
        item = _one(snapshot, entity, dialect, enterprise, acknowledged, ready, wanted)
        if item.state is Readiness.READY:
            ready.add((entity, snapshot.id))
        report.records.append(item)
    return report


def parent_entity(entity: Entity, snapshot: Snapshot) -> Entity | None:
    if entity is Entity.RISK_UNIT:
        return None
    if entity is Entity.HAZARD:
        return Entity.CHECK_RECORD if getattr(snapshot, "record_id", None) else Entity.CONTROL_MEASURE
    return Entity(entity - 1)


def _one(snapshot: Snapshot, entity: Entity, dialect: Dialect, enterprise: EnterpriseCodes,
         acknowledged: Mapping[tuple[Entity, str], str], ready: set[tuple[Entity, str]],
         wanted: set[Entity]) -> RecordReadiness:
    def item(state: Readiness, would: WouldSend | None = None, violations: tuple[Violation, ...] = (),
             reason: str = "", digest: str | None = None) -> RecordReadiness:
        return RecordReadiness(entity, snapshot.id, snapshot.parent_id, state, would, violations, reason, digest)

    record = dialect.map(snapshot, enterprise)
    if isinstance(record, NotSent):
        return item(Readiness.NOT_SENT, reason=record.reason)
    violations = tuple(dialect.validate(entity, record))
    if violations:
        why = "；".join(f"{v.field}: {v.reason}" for v in violations)
        return item(Readiness.REFUSED, violations=violations, reason=why)
    parent = parent_entity(entity, snapshot)
    if parent is not None and parent in wanted and snapshot.parent_id is not None \
            and (parent, snapshot.parent_id) not in ready:
        return item(Readiness.WAITING_FOR_PARENT, reason=f"上级记录（{snapshot.parent_id}）尚不能报送")
    digest = content_hash(record)
    last = acknowledged.get((entity, snapshot.id))
    would = WouldSend.NEVER_SENT if last is None else WouldSend.UNCHANGED if last == digest else WouldSend.CHANGED
    return item(Readiness.READY, would, digest=digest)
