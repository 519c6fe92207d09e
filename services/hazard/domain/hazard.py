"""The hazard (隐患): an aggregate whose commands are the steps of its loop (steps.py).

reported → graded (level, type, manage type, rectifier, deadline) → [重大: the five in place] →
rectifying → awaiting acceptance (after photos, cost, cause, measures) → closed (销号), or rejected
back to rectifying with the reason. 即查即改 closes on the spot with its evidence. A hazard reported
by mistake is voided with a reason. The deadline is set once, at grading; only an approved
extension moves it (the old one stays in the event), and nothing else ever does — so the overdue
clock cannot be reset by editing the hazard.

Its id comes from its origin (inspection's HazardFound's `hazard_id`, a phone's client id), so a
report delivered twice is one hazard: reporting an existing hazard changes nothing."""

from __future__ import annotations

from datetime import date, datetime

from libs.aggregate import Aggregate, DomainConflict, DomainError
from libs.clock import CHINA_TIME
from libs.errors import NotFound
from services.hazard.domain import events as ev
from services.hazard.domain import governance
from services.hazard.domain.codes import HazardLevel, ManageType
from services.hazard.domain.duties import (
    Actor,
    Entitlements,
    check_acceptor,
    check_extension_decider,
    check_rectifier,
)
from services.hazard.domain.steps import Action, Step, allows, refusal


class IllegalStep(DomainConflict):
    """409: the command is not one of the current step's."""

    def __init__(self, step: Step, action: Action) -> None:
        super().__init__(refusal(step, action), code="illegal_transition")
        self.step, self.action = step, action


class Hazard(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.step = Step.REPORTED
        self.enterprise_id = self.reporter_id = ""
        self.grading: ev.Grading | None = None
        self.deadline: date | None = None
        self.plan: ev.GovernancePlan | None = None
        self.rectifier_ids: set[str] = set()
        self.extension: ev.ExtensionRequested | None = None  # the one pending
        self.imminent_for: date | None = None  # the deadline each clock event was recorded for
        self.overdue_for: date | None = None
        self.name = self.graded_by = ""
        self.plan_due: date | None = None  # 重大: by when the five must be in place
        self.plan_overdue_for: date | None = None

    @property
    def major(self) -> bool:
        return self.grading is not None and self.grading.level is HazardLevel.MAJOR

    @property
    def owes_rectification(self) -> bool:
        """Its deadline runs: graded or rectifying (a submitted fix stops the clock; a rejection restarts it)."""
        return self.step in (Step.GRADED, Step.RECTIFYING)

    def _may(self, action: Action) -> None:
        if self.is_new:
            raise NotFound("隐患不存在")
        if not allows(self.step, action):
            raise IllegalStep(self.step, action)

    def _ids(self) -> dict[str, str]:
        return {"hazard_id": self.id, "enterprise_id": self.enterprise_id}

    # reported

    def report(self, reported: ev.HazardReported) -> bool:
        """Registers the hazard; False when it already is (the same report again)."""
        if not self.is_new:
            return False
        if reported.hazard_id != self.id:
            raise ValueError("a hazard is reported under its own id")
        self._record(reported)
        return True

    # graded

    def grade(self, actor: Actor, grading: ev.Grading, deadline: date, today: date, plan_due: date | None = None,
              plan_policy: governance.PlanDuePolicy = governance.PlanDuePolicy()) -> None:
        """A 重大 hazard also gets the date its five are due by: the one given, or the policy's."""
        self._may(Action.GRADE)
        _fits(grading)
        if deadline < today:
            raise DomainError("整改期限不能早于今天", field="deadline")
        if plan_due is not None and grading.level is not HazardLevel.MAJOR:
            raise DomainError("只有重大隐患需要设定治理方案落实期限", field="plan_due")
        due = plan_policy.plan_due(plan_due, today, deadline) if grading.level is HazardLevel.MAJOR else None
        self._record(ev.HazardGraded(**self._ids(), grading=grading, deadline=deadline, graded_by=actor.person_id))
        if due is not None:
            self._record(ev.GovernancePlanDueSet(**self._ids(), plan_due=due, defaulted=plan_due is None,
                                                 set_by=actor.person_id))

    def revise(self, actor: Actor, grading: ev.Grading, today: date | None = None,
               plan_policy: governance.PlanDuePolicy = governance.PlanDuePolicy()) -> None:
        """Revised up to 重大 with no plan date yet, it gets the policy's, counted from today."""
        self._may(Action.REVISE)
        _fits(grading)
        if self.grading is not None and grading.manage_type is not self.grading.manage_type:
            raise DomainError("整改方式在评估后不能修改（限期整改请走整改流程，即查即改请直接办理）",
                              field="manage_type")
        if grading != self.grading:
            self._record(ev.GradingRevised(**self._ids(), grading=grading, revised_by=actor.person_id))
        if self.major and self.plan_due is None and today is not None and self.deadline is not None:
            due = plan_policy.plan_due(None, today, self.deadline)
            self._record(ev.GovernancePlanDueSet(**self._ids(), plan_due=due, defaulted=True, set_by=actor.person_id))

    def set_plan(self, actor: Actor, plan: ev.GovernancePlan) -> None:
        self._may(Action.PLAN)
        if not self.major:
            raise DomainError("只有重大隐患需要制定治理方案", field="level")
        if plan.completion_date is not None and self.deadline is not None and plan.completion_date > self.deadline:
            raise DomainError(f"治理时限不能晚于整改期限 {self.deadline.isoformat()}（需要延后请申请延期）",
                              field="completion_date")
        if plan != self.plan:
            self._record(ev.GovernancePlanSet(**self._ids(), plan=plan, set_by=actor.person_id))

    # rectifying

    def _rectifier(self, actor: Actor, entitled: Entitlements) -> None:
        check_rectifier(actor, liable_person_id=self.grading.liable_person_id if self.grading else None,
                        entitled=entitled)

    def start(self, actor: Actor, entitled: Entitlements = Entitlements()) -> None:
        self._may(Action.START)
        assert self.grading is not None  # graded
        self._rectifier(actor, entitled)
        if self.grading.manage_type is ManageType.ON_THE_SPOT:
            raise DomainConflict("即查即改的隐患直接办理即查即改，无需开始整改")
        lacking = governance.missing(self.plan) if self.major else []
        if lacking:
            raise DomainConflict("重大隐患须五落实后方可开始整改，尚缺：" + "、".join(lacking))
        self._record(ev.RectificationStarted(**self._ids(), started_by=actor.person_id))

    def fix_on_the_spot(self, actor: Actor, rectified: ev.Rectified, at: datetime,
                        grading: ev.Grading | None = None, entitled: Entitlements = Entitlements()) -> None:
        """即查即改: from reported, with its grading given now; from graded, when graded so."""
        self._may(Action.FIX_ON_THE_SPOT)
        if self.step is Step.REPORTED:
            if grading is None:
                raise DomainError("即查即改须同时填写评估信息（等级、类型、整改责任人）", field="grading")
            if grading.manage_type is not ManageType.ON_THE_SPOT:
                raise DomainError("即查即改的整改方式须为 0（即查即改）", field="manage_type")
            day = at.astimezone(CHINA_TIME).date()
            self.grade(actor, grading, day, day)
        elif self.grading is None or self.grading.manage_type is not ManageType.ON_THE_SPOT:
            raise DomainConflict("该隐患评估为限期整改，不能即查即改")
        self._rectifier(actor, entitled)
        _evidence(rectified)
        self._record(ev.HazardFixedOnTheSpot(**self._ids(), rectified=rectified, fixed_by=actor.person_id, fixed_at=at))

    def submit(self, actor: Actor, rectified: ev.Rectified, at: datetime,
               entitled: Entitlements = Entitlements()) -> None:
        self._may(Action.SUBMIT)
        self._rectifier(actor, entitled)
        _evidence(rectified)
        self._record(ev.RectificationSubmitted(**self._ids(), rectified=rectified, submitted_by=actor.person_id,
                                               submitted_at=at))

    # accepted or rejected

    def accept(self, actor: Actor, at: datetime, comment: str | None, entitled: Entitlements) -> None:
        self._may(Action.ACCEPT)
        check_acceptor(actor, reporter_id=self.reporter_id, rectifier_ids=self.rectifier_ids, major=self.major,
                       entitled=entitled)
        self._record(ev.HazardAccepted(**self._ids(), accepted_by=actor.person_id, accepted_at=at, comment=comment))

    def reject(self, actor: Actor, reason: str, entitled: Entitlements) -> None:
        self._may(Action.REJECT)
        check_acceptor(actor, reporter_id=self.reporter_id, rectifier_ids=self.rectifier_ids, major=self.major,
                       entitled=entitled)
        self._record(ev.AcceptanceRejected(**self._ids(), rejected_by=actor.person_id, reason=_said(reason, "reason")))

    # at any step

    def void(self, actor: Actor, reason: str) -> None:
        self._may(Action.VOID)
        self._record(ev.HazardVoided(**self._ids(), voided_by=actor.person_id, reason=_said(reason, "reason")))

    def copy(self, actor: Actor, person_ids: list[str], note: str | None = None) -> None:
        self._may(Action.COPY)
        people = list(dict.fromkeys(p for p in person_ids if p))
        if not people:
            raise DomainError("请选择抄送人", field="person_ids")
        self._record(ev.HazardCopied(**self._ids(), person_ids=people, copied_by=actor.person_id, note=note))

    # extensions

    def request_extension(self, actor: Actor, extension_id: str, new_deadline: date, reason: str,
                          entitled: Entitlements = Entitlements()) -> None:
        self._may(Action.REQUEST_EXTENSION)
        assert self.grading is not None and self.deadline is not None  # graded
        self._rectifier(actor, entitled)
        if self.grading.manage_type is ManageType.ON_THE_SPOT:
            raise DomainConflict("即查即改的隐患没有整改期限，不能申请延期")
        if self.extension is not None:
            raise DomainConflict("已有待审批的延期申请，请先等待审批结果")
        if new_deadline <= self.deadline:
            raise DomainError(f"延期后的期限须晚于当前整改期限 {self.deadline.isoformat()}", field="new_deadline")
        self._record(ev.ExtensionRequested(**self._ids(), extension_id=extension_id, requested_by=actor.person_id,
                                           old_deadline=self.deadline, new_deadline=new_deadline,
                                           reason=_said(reason, "reason")))

    def decide_extension(self, actor: Actor, extension_id: str, approve: bool, comment: str | None,
                         entitled: Entitlements) -> None:
        self._may(Action.DECIDE_EXTENSION)
        asked = self.extension
        if asked is None or asked.extension_id != extension_id:
            raise DomainConflict("没有待审批的该延期申请")
        check_extension_decider(actor, requested_by=asked.requested_by, entitled=entitled)
        if approve:
            self._record(ev.ExtensionApproved(**self._ids(), extension_id=extension_id, approved_by=actor.person_id,
                                              old_deadline=asked.old_deadline, new_deadline=asked.new_deadline,
                                              comment=comment))
        else:
            self._record(ev.ExtensionRefused(**self._ids(), extension_id=extension_id, refused_by=actor.person_id,
                                             reason=_said(comment or "", "comment")))

    # the clock (deadline handlers): each a no-op unless it still applies, so a deadline fired
    # twice, late or for a deadline since moved records nothing wrong

    def become_imminent(self, deadline: date, at: datetime) -> None:
        if self.owes_rectification and deadline == self.deadline and self.imminent_for != deadline \
                and self.overdue_for != deadline:
            self._record(ev.RectificationImminent(**self._ids(), deadline=deadline, at=at))

    def become_overdue(self, deadline: date, at: datetime) -> None:
        if self.owes_rectification and deadline == self.deadline and self.overdue_for != deadline:
            self._record(ev.RectificationOverdue(**self._ids(), deadline=deadline, at=at))

    def plan_overdue(self, plan_due: date, at: datetime) -> None:
        """At its plan date, a 重大 hazard still open (not closed, not voided, still 重大) whose five
        are not all in place now; once per plan date."""
        lacking = governance.missing_keys(self.plan)
        if not (self.step.open and self.major and plan_due == self.plan_due and self.plan_overdue_for != plan_due
                and lacking):
            return
        assert self.grading is not None and self.deadline is not None  # 重大: graded
        self._record(ev.GovernancePlanOverdue(
            **self._ids(), name=self.name, level=self.grading.level, plan_due=plan_due, missing=lacking,
            liable_person_id=self.grading.liable_person_id, department_id=self.grading.department_id,
            graded_by=self.graded_by, deadline=self.deadline, at=at))

    # how each event changes it

    def when_HazardReported(self, e: ev.HazardReported) -> None:
        self.enterprise_id, self.reporter_id, self.name = e.enterprise_id, e.reporter_id, e.name

    def when_HazardGraded(self, e: ev.HazardGraded) -> None:
        self.step, self.grading, self.deadline, self.graded_by = Step.GRADED, e.grading, e.deadline, e.graded_by
        self.rectifier_ids.add(e.grading.liable_person_id)

    def when_GradingRevised(self, e: ev.GradingRevised) -> None:
        self.grading = e.grading
        self.rectifier_ids.add(e.grading.liable_person_id)

    def when_GovernancePlanSet(self, e: ev.GovernancePlanSet) -> None:
        self.plan = e.plan

    def when_RectificationStarted(self, e: ev.RectificationStarted) -> None:
        self.step = Step.RECTIFYING

    def when_RectificationSubmitted(self, e: ev.RectificationSubmitted) -> None:
        self.step = Step.AWAITING_ACCEPTANCE
        self.rectifier_ids.add(e.submitted_by)

    def when_HazardFixedOnTheSpot(self, e: ev.HazardFixedOnTheSpot) -> None:
        self.step = Step.CLOSED
        self.rectifier_ids.add(e.fixed_by)

    def when_HazardAccepted(self, e: ev.HazardAccepted) -> None:
        self.step = Step.CLOSED

    def when_AcceptanceRejected(self, e: ev.AcceptanceRejected) -> None:
        self.step = Step.RECTIFYING

    def when_HazardVoided(self, e: ev.HazardVoided) -> None:
        self.step, self.extension = Step.VOIDED, None

    def when_HazardCopied(self, e: ev.HazardCopied) -> None:
        pass

    def when_ExtensionRequested(self, e: ev.ExtensionRequested) -> None:
        self.extension = e

    def when_ExtensionApproved(self, e: ev.ExtensionApproved) -> None:
        self.deadline, self.extension = e.new_deadline, None

    def when_ExtensionRefused(self, e: ev.ExtensionRefused) -> None:
        self.extension = None

    def when_RectificationImminent(self, e: ev.RectificationImminent) -> None:
        self.imminent_for = e.deadline

    def when_RectificationOverdue(self, e: ev.RectificationOverdue) -> None:
        self.overdue_for = e.deadline

    def when_GovernancePlanDueSet(self, e: ev.GovernancePlanDueSet) -> None:
        self.plan_due = e.plan_due

    def when_GovernancePlanOverdue(self, e: ev.GovernancePlanOverdue) -> None:
        self.plan_overdue_for = e.plan_due


def _fits(grading: ev.Grading) -> None:
    if grading.level is HazardLevel.MAJOR and grading.manage_type is ManageType.ON_THE_SPOT:
        raise DomainError("重大隐患不能即查即改，须限期整改并制定治理方案", field="manage_type")


def _evidence(rectified: ev.Rectified) -> None:
    if not rectified.after_photo_ids:
        raise DomainError("请上传整改后照片", field="after_photo_ids")
    _said(rectified.measures_taken, "measures_taken")


def _said(text: str, field: str) -> str:
    if not text.strip():
        raise DomainError("请填写" + {"reason": "原因", "comment": "审批意见", "measures_taken": "整改措施"}[field],
                          field=field)
    return text.strip()
