"""The hazard ledger: one row per hazard, written in the append's transaction (a command's answer
reads it at once). The step, the deadline (and the first one, before any extension), the plan and
the rectification are kept as the events say them; a 重大 hazard's plan date and whether it passed
with the five not all in place (plan_overdue, never cleared: the plan was late)."""

from __future__ import annotations

import json

from libs.events import RecordedEvent
from libs.inline import Projector
from services.hazard.domain import events as e
from services.hazard.domain.rectification_clock import overdue_at
from services.hazard.domain.steps import Step


async def reported(conn, ev: e.HazardReported, r: RecordedEvent) -> None:
    await conn.execute(
        """INSERT INTO hazards (id, enterprise_id, origin, source, name, description, photo_ids, reporter_id,
                                reporter_mobile, found_at, reported_at, location, category, enforcement_id,
                                entered_late, measure_id, task_id, occurrence_id, record_id, item_id,
                                found_department_id, step, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                   $22, $23, $23, $24)
           ON CONFLICT (id) DO NOTHING""",
        ev.hazard_id, ev.enterprise_id, ev.origin.value, ev.source.value, ev.name, ev.description, ev.photo_ids,
        ev.reporter_id, ev.reporter_mobile, ev.found_at, ev.reported_at,
        ev.location.model_dump() if ev.location else None, ev.category.value, ev.enforcement_id, ev.entered_late,
        ev.measure_id, ev.task_id, ev.occurrence_id, ev.record_id, ev.item_id, ev.department_id,
        Step.REPORTED.value, r.recorded_at, r.version)


async def _update(conn, r: RecordedEvent, hazard_id: str, sets: str, *values) -> None:
    await conn.execute(f"UPDATE hazards SET {sets}, updated_at = $2, version = $3 WHERE id = $1",
                       hazard_id, r.recorded_at, r.version, *values)


def _grading(g: e.Grading) -> tuple:
    return (g.level.value, g.hazard_type.value, g.manage_type.value,
            g.management_class.value if g.management_class else None, g.liable_person_id, g.department_id,
            g.occurrence_link.value if g.occurrence_link else None)


_GRADING = "level = $4, hazard_type = $5, manage_type = $6, management_class = $7, liable_person_id = $8, " \
           "department_id = $9, occurrence_link = $10"


async def graded(conn, ev: e.HazardGraded, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, _GRADING + ", deadline = $11, first_deadline = $11, step = 'graded'",
                  *_grading(ev.grading), ev.deadline)


async def revised(conn, ev: e.GradingRevised, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, _GRADING, *_grading(ev.grading))


async def plan_set(conn, ev: e.GovernancePlanSet, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "plan = $4", ev.plan.model_dump(mode="json"))


async def started(conn, ev: e.RectificationStarted, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "step = 'rectifying'")


async def submitted(conn, ev: e.RectificationSubmitted, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "step = 'awaiting_acceptance', rectified = $4, submitted_at = $5, "
                  "submitted_by = $6", ev.rectified.model_dump(mode="json"), ev.submitted_at, ev.submitted_by)


async def fixed(conn, ev: e.HazardFixedOnTheSpot, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "step = 'closed', rectified = $4, submitted_at = $5, closed_at = $5",
                  ev.rectified.model_dump(mode="json"), ev.fixed_at)


async def accepted(conn, ev: e.HazardAccepted, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "step = 'closed', accepted_by = $4, accepted_at = $5, "
                  "accept_comment = $6, closed_at = $5", ev.accepted_by, ev.accepted_at, ev.comment)


async def rejected(conn, ev: e.AcceptanceRejected, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "step = 'rectifying'")


async def voided(conn, ev: e.HazardVoided, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "step = 'voided', void_reason = $4, extension = NULL", ev.reason)


async def copied(conn, ev: e.HazardCopied, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "copied_to = ARRAY(SELECT DISTINCT unnest(copied_to || $4::text[]))",
                  ev.person_ids)


async def extension_requested(conn, ev: e.ExtensionRequested, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "extension = $4", json.loads(ev.model_dump_json(
        include={"extension_id", "requested_by", "old_deadline", "new_deadline", "reason"})))


async def extension_approved(conn, ev: e.ExtensionApproved, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "deadline = $4, extension = NULL, imminent = false, overdue = false",
                  ev.new_deadline)


async def extension_refused(conn, ev: e.ExtensionRefused, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "extension = NULL")


async def imminent(conn, ev: e.RectificationImminent, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "imminent = true")


async def overdue(conn, ev: e.RectificationOverdue, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "overdue = true, was_overdue_at = COALESCE(was_overdue_at, $4)",
                  overdue_at(ev.deadline))  # when it went overdue, however late the scheduler told


async def plan_due_set(conn, ev: e.GovernancePlanDueSet, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "plan_due = $4", ev.plan_due)


async def plan_overdue(conn, ev: e.GovernancePlanOverdue, r: RecordedEvent) -> None:
    await _update(conn, r, ev.hazard_id, "plan_overdue = true")


project = Projector(e.registry, {
    e.HazardReported: reported, e.HazardGraded: graded, e.GradingRevised: revised, e.GovernancePlanSet: plan_set,
    e.RectificationStarted: started, e.RectificationSubmitted: submitted, e.HazardFixedOnTheSpot: fixed,
    e.HazardAccepted: accepted, e.AcceptanceRejected: rejected, e.HazardVoided: voided, e.HazardCopied: copied,
    e.ExtensionRequested: extension_requested, e.ExtensionApproved: extension_approved,
    e.ExtensionRefused: extension_refused, e.RectificationImminent: imminent, e.RectificationOverdue: overdue,
    e.GovernancePlanDueSet: plan_due_set, e.GovernancePlanOverdue: plan_overdue,
})
