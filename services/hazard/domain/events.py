"""Events of a hazard (隐患) and the service's one registry.

Together they carry every field the platforms' hazard record has (GOV-INTERFACE.md entity 6), in
both dialects: dangerName = `name`, dangerDesc = `description`, registTime = `reported_at`,
registrant = `reporter_id`, dangerSrc = `source`, enforcementId, hazardCategory = `category`,
riskMeasureId / checkRecordId (recordId) = `measure_id` / `record_id`, dangerImg (attachments1) =
`photo_ids`; dangerLevel, dangerManageType, hazardDangerType, managementClassification,
occurrenceLink, liablePerson = `liable_person_id`, dangerManageDeadline = `deadline` at grading; dangerReason =
`cause`, controlMeasures = `measures_taken`, cost, dangerAcceptImg (attachments2) =
`after_photo_ids` when rectified; checkAcceptPerson/Time/Comment on acceptance. dangerState follows
from the step (steps.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from libs.events import DomainEvent, EventRegistry
from services.hazard.domain.codes import (
    DangerSource,
    HazardCategory,
    HazardLevel,
    HazardType,
    ManagementClass,
    ManageType,
    OccurrenceLink,
)
from services.hazard.domain.hazard_rules import HAZARD_RULE_EVENTS
from services.hazard.domain.origins import Origin

P = "shuangkong.hazard."


class Location(BaseModel):
    """Where the phone was (WGS-84 degrees)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    lat: float
    lng: float


class HazardReported(DomainEvent):
    """隐患登记: a hazard entered, from whichever origin, with what its finder saw."""

    TYPE = P + "HazardReported"
    hazard_id: str
    enterprise_id: str
    origin: Origin
    source: DangerSource  # dangerSrc
    name: str  # dangerName
    description: str  # dangerDesc
    photo_ids: list[str]  # before: dangerImg / attachments1
    reporter_id: str  # registrant
    reporter_mobile: str | None
    found_at: datetime  # when it was seen (the phone's clock, the inspection's date)
    reported_at: datetime  # registTime: when it entered the system
    location: Location | None
    category: HazardCategory = HazardCategory.OTHER
    client_id: str | None = None  # a phone's own id for a 随手拍: sent twice, one hazard
    enforcement_id: str | None = None  # 执法编号 of a government inspection, an expert service's reference
    entered_late: bool = False  # an outside finding entered after its week (origins.py)
    measure_id: str | None = None  # riskMeasureId
    task_id: str | None = None
    occurrence_id: str | None = None
    record_id: str | None = None  # checkRecordId
    item_id: str | None = None
    department_id: str | None = None  # where it was found, as the reporter says


class Grading(BaseModel):
    """What grading decides besides the deadline: level, type, how it is managed, who fixes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    level: HazardLevel
    hazard_type: HazardType
    manage_type: ManageType
    management_class: ManagementClass | None = None
    occurrence_link: OccurrenceLink | None = None  # 发生环节 (park receiver)
    liable_person_id: str  # liablePerson: who rectifies it
    department_id: str | None = None  # the department answerable for it (公示)


class HazardGraded(DomainEvent):
    """评估定级: level, type, manage type, rectifier and the rectification deadline, set once."""

    TYPE = P + "HazardGraded"
    hazard_id: str
    enterprise_id: str
    grading: Grading
    deadline: date  # dangerManageDeadline
    graded_by: str


class GradingRevised(DomainEvent):
    """The grading corrected before rectification starts; the deadline is not part of it."""

    TYPE = P + "GradingRevised"
    hazard_id: str
    enterprise_id: str
    grading: Grading
    revised_by: str


class GovernancePlan(BaseModel):
    """A 重大 hazard's governance plan: the five that must be in place (五落实)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    responsibility: str | None = None  # 责任: who answers for the fix
    measures: str | None = None  # 措施
    funds: Decimal | None = None  # 资金, 元
    completion_date: date | None = None  # 时限
    emergency_plan: str | None = None  # 应急预案


class GovernancePlanSet(DomainEvent):
    """The plan as it now stands (each setting is whole: what is missing is missing)."""

    TYPE = P + "GovernancePlanSet"
    hazard_id: str
    enterprise_id: str
    plan: GovernancePlan
    set_by: str


class GovernancePlanDueSet(DomainEvent):
    """治理方案落实期限: the date by which a 重大 hazard's five must all be in place (set at grading,
    by the grader or by default; governance.py). Its own event so HazardGraded v1 stays as it is."""

    TYPE = P + "GovernancePlanDueSet"
    hazard_id: str
    enterprise_id: str
    plan_due: date
    defaulted: bool  # True: the grader gave none and the enterprise's default applied
    set_by: str


class RectificationStarted(DomainEvent):
    TYPE = P + "RectificationStarted"
    hazard_id: str
    enterprise_id: str
    started_by: str


class Rectified(BaseModel):
    """What the rectifier says was done, with the after photos."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    after_photo_ids: list[str]  # dangerAcceptImg / attachments2
    cause: str | None = None  # dangerReason
    measures_taken: str  # controlMeasures
    cost: Decimal | None = None  # 元


class RectificationSubmitted(DomainEvent):
    """整改完成, 提交验收."""

    TYPE = P + "RectificationSubmitted"
    hazard_id: str
    enterprise_id: str
    rectified: Rectified
    submitted_by: str
    submitted_at: datetime


class HazardFixedOnTheSpot(DomainEvent):
    """即查即改: a 一般 hazard fixed where it was found, closed with its evidence."""

    TYPE = P + "HazardFixedOnTheSpot"
    hazard_id: str
    enterprise_id: str
    rectified: Rectified
    fixed_by: str
    fixed_at: datetime


class HazardAccepted(DomainEvent):
    """验收通过, 销号."""

    TYPE = P + "HazardAccepted"
    hazard_id: str
    enterprise_id: str
    accepted_by: str  # checkAcceptPerson
    accepted_at: datetime  # checkAcceptTime
    comment: str | None  # checkAcceptComment


class AcceptanceRejected(DomainEvent):
    """验收驳回: back to rectifying, with the reason."""

    TYPE = P + "AcceptanceRejected"
    hazard_id: str
    enterprise_id: str
    rejected_by: str
    reason: str


class HazardVoided(DomainEvent):
    """作废: reported by mistake; kept, never deleted."""

    TYPE = P + "HazardVoided"
    hazard_id: str
    enterprise_id: str
    voided_by: str
    reason: str


class HazardCopied(DomainEvent):
    """抄送: named people are told of the hazard at this step."""

    TYPE = P + "HazardCopied"
    hazard_id: str
    enterprise_id: str
    person_ids: list[str]
    copied_by: str
    note: str | None = None


class ExtensionRequested(DomainEvent):
    """延期申请: a later deadline asked for, with the reason."""

    TYPE = P + "ExtensionRequested"
    hazard_id: str
    enterprise_id: str
    extension_id: str
    requested_by: str
    old_deadline: date
    new_deadline: date
    reason: str


class ExtensionApproved(DomainEvent):
    """The deadline moves; the old one stays in the history."""

    TYPE = P + "ExtensionApproved"
    hazard_id: str
    enterprise_id: str
    extension_id: str
    approved_by: str
    old_deadline: date
    new_deadline: date
    comment: str | None = None


class ExtensionRefused(DomainEvent):
    TYPE = P + "ExtensionRefused"
    hazard_id: str
    enterprise_id: str
    extension_id: str
    refused_by: str
    reason: str


class RectificationImminent(DomainEvent):
    """整改临期: little time is left before the deadline (rectification_clock.py)."""

    TYPE = P + "RectificationImminent"
    hazard_id: str
    enterprise_id: str
    deadline: date
    at: datetime


class RectificationOverdue(DomainEvent):
    """超期未整改: the deadline passed with the hazard not rectified; once per deadline (an approved
    extension gives a new one, which may pass again)."""

    TYPE = P + "RectificationOverdue"
    hazard_id: str
    enterprise_id: str
    deadline: date
    at: datetime


class GovernancePlanOverdue(DomainEvent):
    """重大隐患五落实超期: the plan date passed with some of the five not in place; once per plan date.
    Carries what alerting needs to raise and address the alert without reading the ledger."""

    TYPE = P + "GovernancePlanOverdue"
    hazard_id: str
    enterprise_id: str
    name: str  # dangerName
    level: HazardLevel
    plan_due: date
    missing: list[str]  # keys of governance.FIVE not in place, in its order (responsibility, measures, …)
    liable_person_id: str  # 整改责任人
    department_id: str | None  # 整改责任部门 (where the ladder starts above the person)
    graded_by: str  # who graded it and set the plan date
    deadline: date  # the rectification deadline now in force
    at: datetime


HAZARD_EVENTS: list[type[DomainEvent]] = [
    HazardReported, HazardGraded, GradingRevised, GovernancePlanSet, RectificationStarted, RectificationSubmitted,
    HazardFixedOnTheSpot, HazardAccepted, AcceptanceRejected, HazardVoided, HazardCopied, ExtensionRequested,
    ExtensionApproved, ExtensionRefused, RectificationImminent, RectificationOverdue, GovernancePlanDueSet,
    GovernancePlanOverdue]

# An enterprise's rules of who accepts and who decides (hazard_rules.py) share the service's store.
registry = EventRegistry().register_all([*HAZARD_EVENTS, *HAZARD_RULE_EVENTS])
