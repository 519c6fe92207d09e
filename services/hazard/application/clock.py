"""A graded hazard's clock: 临期 and 超期未整改 as deadlines (libs/deadlines), set on the unit of work
of the command that starts or moves them — grading (限期整改 only), an approved extension, a
rejection (the fix is owed again, and a deadline that passed meanwhile falls due at once) — and
fired by the scheduler into the hazard's own methods, which decide whether they still apply (a
fix submitted, a hazard closed or voided, a deadline since moved: nothing recorded). Keys are per
hazard and kind, so a new deadline replaces the old one's rows.

A 重大 hazard's plan date (plan_due) is a third deadline of the same kind: set while the hazard is
open and its plan date has not fired, fired into `Hazard.plan_overdue`, which records
GovernancePlanOverdue only if the five are still not all in place (a plan completed in time, a
hazard closed, voided or graded down since: nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from libs.clock import Clock
from libs.deadlines import Deadline, DeadlineBook, DeadlineHandler
from libs.repository import Repository
from libs.unit_of_work import UnitOfWork
from services.hazard.domain.codes import ManageType
from services.hazard.domain.hazard import Hazard
from services.hazard.domain.rectification_clock import ImminencePolicy, overdue_at

IMMINENT, OVERDUE = "rectification-imminent", "rectification-overdue"
PLAN_OVERDUE = "governance-plan-overdue"


@dataclass
class RectificationClock:
    hazards: Repository[Hazard]
    book: DeadlineBook
    clock: Clock
    policy: ImminencePolicy = ImminencePolicy()

    def follow(self, hazard: Hazard, uow: UnitOfWork) -> None:
        """After a command: set both deadlines for the hazard's current deadline while it owes a fix
        by one; a hazard that no longer does keeps its rows, which fire into no-ops."""
        self._follow_plan(hazard, uow)
        if not hazard.owes_rectification or hazard.deadline is None or hazard.grading is None \
                or hazard.grading.manage_type is not ManageType.BY_DEADLINE:
            return
        stream = self.hazards.stream_id(hazard.id)
        data = {"hazard_id": hazard.id, "deadline": hazard.deadline.isoformat()}
        imminent = self.policy.imminent_at(self.clock.now(), hazard.deadline)
        self.book.schedule(uow, f"{stream}:{IMMINENT}", imminent, IMMINENT, stream_id=stream, data=data)
        self.book.schedule(uow, f"{stream}:{OVERDUE}", overdue_at(hazard.deadline), OVERDUE, stream_id=stream,
                           data=data)

    def _follow_plan(self, hazard: Hazard, uow: UnitOfWork) -> None:
        due = hazard.plan_due
        if due is None or not hazard.step.open or not hazard.major or hazard.plan_overdue_for == due:
            return
        stream = self.hazards.stream_id(hazard.id)
        self.book.schedule(uow, f"{stream}:{PLAN_OVERDUE}", overdue_at(due), PLAN_OVERDUE, stream_id=stream,
                           data={"hazard_id": hazard.id, "plan_due": due.isoformat()})

    def handlers(self) -> dict[str, DeadlineHandler]:
        async def on_imminent(deadline: Deadline, uow: UnitOfWork) -> None:
            hazard = await self.hazards.get(deadline.data["hazard_id"], "隐患")
            due = date.fromisoformat(deadline.data["deadline"])
            now = self.clock.now()
            if now < overdue_at(due):  # both due while nobody ran: 超期 says it all
                hazard.become_imminent(due, now)
                uow.save(self.hazards, hazard)

        async def on_overdue(deadline: Deadline, uow: UnitOfWork) -> None:
            hazard = await self.hazards.get(deadline.data["hazard_id"], "隐患")
            hazard.become_overdue(date.fromisoformat(deadline.data["deadline"]), self.clock.now())
            uow.save(self.hazards, hazard)

        async def on_plan_overdue(deadline: Deadline, uow: UnitOfWork) -> None:
            hazard = await self.hazards.get(deadline.data["hazard_id"], "隐患")
            hazard.plan_overdue(date.fromisoformat(deadline.data["plan_due"]), self.clock.now())
            uow.save(self.hazards, hazard)

        return {IMMINENT: on_imminent, OVERDUE: on_overdue, PLAN_OVERDUE: on_plan_overdue}
