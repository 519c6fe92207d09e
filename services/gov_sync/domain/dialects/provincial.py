"""The provincial document's variant of the uploader: the same records, but registTime,
dangerManageDeadline and checkAcceptTime are `yyyy-MM-dd HH:mm:ss`; checkAcceptPerson and
checkAcceptTime are required once dangerState is 9 (已验收); the photos are bare base64 in
`attachments1` (the hazard) and `attachments2` (rectified). `attachments3`/`attachmentsType`
(other attachments) has nothing of ours to carry and is not sent."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time

from services.gov_sync.domain.dialects.base import WireRecord
from services.gov_sync.domain.dialects.uploader import RULES as UPLOADER_RULES
from services.gov_sync.domain.dialects.uploader import UploaderDialect, hazard_rules, photo_rule
from services.gov_sync.domain.photos import PROVINCIAL_PHOTOS, Photo
from services.gov_sync.domain.snapshots import Entity, HazardSnapshot
from services.gov_sync.domain.violations import Record, RecordRules, required_when
from services.gov_sync.domain.wire_times import dashed_datetime

# A deadline is a day: written as its last second, so the platform does not call it overdue that day.
END_OF_DAY = time(23, 59, 59)


def _accepted(record: Record) -> bool:
    return str(record.get("dangerState")) == "9"


RULES: dict[Entity, RecordRules] = {
    **UPLOADER_RULES,
    Entity.HAZARD: hazard_rules(
        (photo_rule("attachments1", "隐患照片", PROVINCIAL_PHOTOS.max_encoded, False),
         photo_rule("attachments2", "整改后照片", PROVINCIAL_PHOTOS.max_encoded, False)),
        (required_when("checkAcceptPerson", "验收人", _accepted, "隐患已验收"),
         required_when("checkAcceptTime", "验收时间", _accepted, "隐患已验收"))),
}


class ProvincialDialect(UploaderDialect):
    name = "provincial"
    label = "省级平台（文档版）"
    photo_rule = PROVINCIAL_PHOTOS
    rules = RULES

    @staticmethod
    def hazard_times(h: HazardSnapshot) -> WireRecord:
        return {"registTime": dashed_datetime(h.reported_at),
                "dangerManageDeadline": (dashed_datetime(datetime.combine(h.deadline, END_OF_DAY))
                                         if h.deadline else None),
                "checkAcceptTime": dashed_datetime(h.accept_time) if h.accept_time else None}

    def hazard_photos(self, h: HazardSnapshot, photos: Mapping[str, Photo]) -> WireRecord:
        return {"attachments1": self.photo(h.photo_ids, photos),
                "attachments2": self.photo(h.after_photo_ids, photos)}


PROVINCIAL = ProvincialDialect()
