"""Events of a check record (排查记录) from the field, and the hazards it found.

`CheckRecorded` carries every field the platforms' check record has (checkTaskId, checkTime =
`made_at`, checkStatus, createByMobile, mobileMe, isDefend) and both times: when the phone made it
and when it reached us. `HazardFound`, one per abnormal item, carries all the hazard service needs
to register a hazard without asking back (source = dangerSrc, measure = riskMeasureId, record =
checkRecordId); its `hazard_id` is derived, so a redelivered event registers one hazard."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from libs.events import DomainEvent
from services.inspection.domain.codes import CheckStatus, PlanKind

P = "shuangkong.inspection."


class Location(BaseModel):
    """Where the phone was (WGS-84 degrees)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    lat: float
    lng: float


class ItemChecked(BaseModel):
    """One checklist item as checked; a key parameter keeps its reading and the range it was held to."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    item_id: str
    abnormal: bool
    note: str | None = None
    reading: Decimal | None = None
    unit: str | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    out_of_range: bool = False  # abnormal by its reading alone
    photo_ids: list[str] = []


class CheckRecorded(DomainEvent):
    """排查记录: a check of one occurrence, as the phone made it."""

    TYPE = P + "CheckRecorded"
    record_id: str
    client_id: str  # the phone's own id for it: sent twice, one record
    enterprise_id: str
    task_id: str
    occurrence_id: str
    window_start: datetime
    window_end: datetime
    made_at: datetime  # checkTime, the phone's clock
    received_at: datetime
    late: bool  # made after the window closed, sent as late
    status: CheckStatus
    items: list[ItemChecked]
    note: str | None
    reporter_id: str
    create_by_mobile: str
    mobile_me: str | None  # the device
    is_defend: bool  # a 包保 task
    location: Location | None
    photo_ids: list[str]
    recorded_by: str | None = None  # a safety officer who entered it for the reporter; None: the reporter did


class HazardFound(DomainEvent):
    """发现隐患: an abnormal item of a check record, for the hazard service to register."""

    TYPE = P + "HazardFound"
    hazard_id: str
    enterprise_id: str
    source: PlanKind  # dangerSrc 1–8: the kind of plan the task came from
    measure_id: str | None  # the control measure, for a task made from one
    task_id: str
    occurrence_id: str
    record_id: str
    item_id: str
    description: str
    photo_ids: list[str]
    reporter_id: str
    reporter_mobile: str
    found_at: datetime  # when the phone recorded it
    location: Location | None


RECORD_EVENTS: list[type[DomainEvent]] = [CheckRecorded, HazardFound]
