"""How a hazard came to be known (its origin), and what that says about its entry.

The origin is ours; `dangerSrc` is the platforms' code for the same question and follows from it
unless the person entering it says otherwise: a check record's hazard takes its task's plan kind
(1–8), a 随手拍 or a manual entry is 10 其他 by default, an expert service 8 外聘专家诊断式.

A government inspection or an expert service found the hazard on a date of its own; seed 004 asks
that such hazards be in the system within one week. One entered later is accepted — the record
matters more than the delay — and flagged, so a regulator sees the lateness instead of a refusal
that would keep the hazard out of the system altogether."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from libs.labelled_enum import Labelled
from services.hazard.domain.codes import DangerSource

ENTRY_ALLOWANCE = timedelta(days=7)  # seed 004 §二.3: 在一周内上传企业端


class Origin(Labelled, StrEnum):
    CHECK_RECORD = "check_record"  # an abnormal item of a check record (inspection's HazardFound)
    SNAPSHOT = "snapshot"  # 随手拍, any employee from a phone
    GOVERNMENT = "government"  # a government inspection (督导检查, 执法检查)
    EXPERT = "expert"  # an expert service (专家指导服务)
    MANUAL = "manual"  # entered by a safety officer

    @property
    def label(self) -> str:
        return ORIGIN_LABELS[self]

    @property
    def default_source(self) -> DangerSource:
        return DangerSource.EXTERNAL_EXPERT if self is Origin.EXPERT else DangerSource.OTHER

    @property
    def from_outside(self) -> bool:
        """Found by someone outside the enterprise, on a date of their own, with a reference."""
        return self in (Origin.GOVERNMENT, Origin.EXPERT)


ORIGIN_LABELS = {Origin.CHECK_RECORD: "排查记录", Origin.SNAPSHOT: "随手拍", Origin.GOVERNMENT: "政府检查",
                 Origin.EXPERT: "专家服务", Origin.MANUAL: "人工登记"}


def entered_late(origin: Origin, found_on: date, entered_on: date) -> bool:
    """Whether an outside finding was entered after its week (seed 004); the enterprise's own
    findings enter as they are made and are never late."""
    return origin.from_outside and entered_on - found_on > ENTRY_ALLOWANCE
