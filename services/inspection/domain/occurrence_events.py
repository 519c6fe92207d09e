"""Events of an occurrence (一次排查): one window of a check task, from issued to completed or missed.

Each carries the whole window and the task, so a projection, the deadline scheduler or the sync
adapter reads any one of them alone; `planned_on_assumed_calendar` says the window was placed on a
day no calendar knew (workDayType 1/2 in a year neither the library nor an override holds)."""

from __future__ import annotations

from datetime import datetime

from libs.events import DomainEvent
from services.inspection.domain.codes import CheckStatus

P = "shuangkong.inspection."


class OccurrenceFact(DomainEvent):
    """What every occurrence event carries (not an event itself: it has no TYPE)."""

    occurrence_id: str
    enterprise_id: str
    task_id: str
    window_start: datetime
    window_end: datetime
    planned_on_assumed_calendar: bool


class OccurrenceIssued(OccurrenceFact):
    """排查下发: the window opened and the task's assignees (posts and people) are told."""

    TYPE = P + "OccurrenceIssued"
    post_ids: list[str]
    person_ids: list[str]
    imminent_at: datetime  # when it becomes 临期 under the policy in force when issued
    at: datetime


class OccurrenceBecameImminent(OccurrenceFact):
    """临期: little of the window is left and no check record has come."""

    TYPE = P + "OccurrenceBecameImminent"
    at: datetime


class OccurrenceCompleted(OccurrenceFact):
    """已排查: a check record made inside the window completed it (received maybe after it closed)."""

    TYPE = P + "OccurrenceCompleted"
    record_id: str
    status: CheckStatus  # a 2 未排查 record closes the occurrence too, with its reason; rates tell them apart
    made_at: datetime  # the phone's time
    received_at: datetime


class OccurrenceMissed(OccurrenceFact):
    """超期未排查: the window closed without a check record. `never_issued` marks a window that opened
    and closed while the service was down (caught up afterwards): nobody was told of it, so it carries
    the assignees the issued event would have."""

    TYPE = P + "OccurrenceMissed"
    post_ids: list[str]
    person_ids: list[str]
    never_issued: bool
    at: datetime


class OccurrenceCheckedAfterMissed(OccurrenceFact):
    """A check record came for an occurrence already 超期未排查: one made inside the window but
    received after the miss was published (`on_time`), or one made late and sent as late. The miss
    stands (it may already be reported); the record is kept beside it."""

    TYPE = P + "OccurrenceCheckedAfterMissed"
    record_id: str
    status: CheckStatus
    made_at: datetime
    received_at: datetime
    on_time: bool


OCCURRENCE_EVENTS: list[type[DomainEvent]] = [OccurrenceIssued, OccurrenceBecameImminent, OccurrenceCompleted,
                                              OccurrenceMissed, OccurrenceCheckedAfterMissed]
