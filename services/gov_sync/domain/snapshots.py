"""Snapshots (快照): the current state of each synced entity, what a platform receives instead of
events (DOMAIN.md §8). Parent first: risk unit → risk event → control measure → check task → check
record → hazard. Person and department fields hold the names the directory gives (the platforms
want names, not our ids); the projection resolves them. Times are aware datetimes; the dialects
write them in Asia/Shanghai wall time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import IntEnum


class Entity(IntEnum):
    """The synced entities in parent-first order: a lower value is always sent first."""

    RISK_UNIT = 1  # 安全风险分析单元
    RISK_EVENT = 2  # 安全风险事件
    CONTROL_MEASURE = 3  # 管控措施
    CHECK_TASK = 4  # 隐患排查任务
    CHECK_RECORD = 5  # 隐患排查记录
    HAZARD = 6  # 隐患信息


@dataclass(frozen=True, kw_only=True)
class Stamp:
    """createDate/createBy/updateDate/updateBy: the first event of the entity and its latest
    (for a new record updated_* = created_*); the persons are the names of the events' actors."""

    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True, kw_only=True)
class EnterpriseCodes:
    """companyCode (9-digit 危化品登记 code) and tyshxydm (18-char 统一社会信用代码, park receiver):
    the enterprise's, from the directory, sent on every record."""

    company_code: str
    credit_code: str | None


@dataclass(frozen=True, kw_only=True)
class RiskUnitSnapshot:
    """安全风险分析单元. RiskUnitCreated/Revised: name, department (hazardDep, by its name),
    liable_person (hazardLiablePerson); RiskObjectRegistered/Revised of its object: object_code
    (hazardCode when the object is a 重大危险源, hazardCode1 otherwise); risk_level (riskClass 1–4)
    is the highest level of its risk events' latest RiskAssessed/RiskRegraded, None before any;
    RiskUnitRetired: deleted."""

    id: str
    object_code: str | None
    major_hazard_source: bool
    name: str
    department: str
    liable_person: str
    risk_level: int | None
    stamp: Stamp
    deleted: bool = False

    @property
    def parent_id(self) -> None:
        return None


@dataclass(frozen=True, kw_only=True)
class RiskEventSnapshot:
    """安全风险事件. RiskEventIdentified/Revised: unit_id (riskUnitId), name (riskEventName);
    RiskEventRetired: deleted."""

    id: str
    unit_id: str
    name: str
    stamp: Stamp
    deleted: bool = False

    @property
    def parent_id(self) -> str:
        return self.unit_id


@dataclass(frozen=True, kw_only=True)
class ControlMeasureSnapshot:
    """管控措施. ControlMeasureDefined/Revised: risk_event_id, description (riskMeasureDesc),
    data_source (dataSrc "1"/"2"), classify1 "1"–"4", classify2 "1-1"…"4-5", classify3,
    inspection_content (troubleshootContent); ControlMeasureRetired: deleted."""

    id: str
    risk_event_id: str
    description: str
    data_source: str
    classify1: str
    classify2: str
    classify3: str | None
    inspection_content: str
    stamp: Stamp
    deleted: bool = False

    @property
    def parent_id(self) -> str:
        return self.risk_event_id


@dataclass(frozen=True, kw_only=True)
class CheckTaskSnapshot:
    """隐患排查任务 of a control measure. CheckTaskDrawnUp and its revisions: measure_id
    (riskMeasureId), troubleshoot_content, check_cycle/check_cycle_unit, task_start_time,
    work_start_time/work_end_time, work_day_type, work_type, task_num; its retirement: deleted.
    A plan's task (PlanTaskDrawnUp) has no measure: no platform has a place for it."""

    id: str
    measure_id: str
    troubleshoot_content: str
    check_cycle: Decimal | None
    check_cycle_unit: str | None  # 小时/天/月/年
    task_start_time: datetime | None
    work_start_time: time | None
    work_end_time: time | None
    work_day_type: int | None
    work_type: int
    task_num: int | None
    stamp: Stamp
    deleted: bool = False

    @property
    def parent_id(self) -> str:
        return self.measure_id


@dataclass(frozen=True, kw_only=True)
class CheckRecordSnapshot:
    """隐患排查记录. CheckRecorded: task_id (checkTaskId), check_time (made_at, the phone's clock),
    check_status 0–3, created_by_mobile (createByMobile), device (mobileMe), is_defend (isDefend);
    updated_by_mobile is the mobile of whoever changed it last (= created_by_mobile until then)."""

    id: str
    task_id: str
    check_time: datetime
    check_status: int
    created_by_mobile: str
    updated_by_mobile: str
    device: str | None
    is_defend: bool
    stamp: Stamp
    deleted: bool = False

    @property
    def parent_id(self) -> str:
        return self.task_id


@dataclass(frozen=True, kw_only=True)
class HazardSnapshot:
    """隐患信息. HazardReported: name (dangerName), description (dangerDesc), reported_at
    (registTime), registrant (its reporter's name), source (dangerSrc), category (hazardCategory),
    enforcement_id, measure_id/record_id (riskMeasureId, checkRecordId/recordId), photo_ids
    (dangerImg/attachments1), object_code (hazardCode of the measure's object, from the registry);
    HazardGraded/GradingRevised: level (dangerLevel), hazard_type, manage_type,
    management_class, occurrence_link, liable_person (by name), deadline (dangerManageDeadline;
    ExtensionApproved moves it); RectificationSubmitted/HazardFixedOnTheSpot: cause, measures_taken,
    cost, after_photo_ids (dangerAcceptImg/attachments2); HazardAccepted: accept_person,
    accept_time, accept_comment; state (dangerState 0/1/9) follows the steps; HazardVoided: deleted."""

    id: str
    measure_id: str | None
    record_id: str | None
    object_code: str | None
    name: str
    description: str
    reported_at: datetime
    registrant: str
    source: int
    category: int = 0
    enforcement_id: str | None = None
    level: int | None = None
    hazard_type: int | None = None
    manage_type: int | None = None
    management_class: int | None = None
    occurrence_link: int | None = None
    liable_person: str | None = None
    deadline: date | None = None
    cause: str | None = None
    measures_taken: str | None = None
    cost: Decimal | None = None
    accept_person: str | None = None
    accept_time: datetime | None = None
    accept_comment: str | None = None
    state: int = 0
    photo_ids: tuple[str, ...] = ()
    after_photo_ids: tuple[str, ...] = ()
    stamp: Stamp
    deleted: bool = False

    @property
    def parent_id(self) -> str | None:
        """The record it was found in, else the measure; None for a hazard from outside."""
        return self.record_id or self.measure_id


Snapshot = (RiskUnitSnapshot | RiskEventSnapshot | ControlMeasureSnapshot | CheckTaskSnapshot
            | CheckRecordSnapshot | HazardSnapshot)

ENTITY_OF: dict[type, Entity] = {
    RiskUnitSnapshot: Entity.RISK_UNIT, RiskEventSnapshot: Entity.RISK_EVENT,
    ControlMeasureSnapshot: Entity.CONTROL_MEASURE, CheckTaskSnapshot: Entity.CHECK_TASK,
    CheckRecordSnapshot: Entity.CHECK_RECORD, HazardSnapshot: Entity.HAZARD,
}


def entity_of(snapshot: Snapshot) -> Entity:
    return ENTITY_OF[type(snapshot)]
