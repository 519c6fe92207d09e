"""What every dialect adapter is: snapshot → the platform's record (field names, code tables, time
formats, photos, deletion), and the platform's rules checked locally on that record."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.gov_sync.domain.photos import Photo, PhotoRule, encoded
from services.gov_sync.domain.snapshots import EnterpriseCodes, Entity, Snapshot, entity_of
from services.gov_sync.domain.violations import RecordRules, Violation

WireRecord = dict[str, Any]


@dataclass(frozen=True)
class NotSent:
    """The snapshot has no form on this platform (a deletion where it has no `deleted`): why."""

    reason: str


class Dialect(ABC):
    name: str
    label: str  # the platform's Chinese name, for the readiness report
    deletes: bool  # has a `deleted` field
    photo_rule: PhotoRule
    endpoints: Mapping[Entity, str]  # path under the target's base URL
    rules: Mapping[Entity, RecordRules]
    deletion_note = ""  # where `deletes` is False: what becomes of a retired entity there

    def map(self, snapshot: Snapshot, enterprise: EnterpriseCodes,
            photos: Mapping[str, Photo] | None = None) -> WireRecord | NotSent:
        """The record as this platform takes it; fields with no value are left out (the platforms
        read absent and null alike, and the content hash then ignores them). `photos` are the
        photos by id, already scaled to `target_size(self.photo_rule)`."""
        if snapshot.deleted and not self.deletes:
            return NotSent(self.deletion_note)
        record = {"id": snapshot.id, **self.common(snapshot, enterprise),
                  **self.fields(snapshot, photos or {})}
        return {key: value for key, value in record.items() if value is not None}

    def validate(self, entity: Entity, record: Mapping[str, Any]) -> list[Violation]:
        return self.rules[entity].validate(record)

    def readiness(self, snapshot: Snapshot, enterprise: EnterpriseCodes,
                  photos: Mapping[str, Photo] | None = None) -> list[Violation]:
        """Every reason this platform would refuse the snapshot (none: ready to send)."""
        record = self.map(snapshot, enterprise, photos)
        if isinstance(record, NotSent):
            return []
        return self.validate(entity_of(snapshot), record)

    def photo(self, ids: tuple[str, ...], photos: Mapping[str, Photo]) -> str | None:
        """The first of the photos we hold, encoded as this platform writes one."""
        for photo_id in ids:
            if photo_id in photos:
                return encoded(photos[photo_id], self.photo_rule)
        return None

    @abstractmethod
    def common(self, snapshot: Snapshot, enterprise: EnterpriseCodes) -> WireRecord: ...

    @abstractmethod
    def fields(self, snapshot: Snapshot, photos: Mapping[str, Photo]) -> WireRecord: ...
