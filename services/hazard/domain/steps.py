"""Where a hazard is in its loop, and what may be done to it from there.

The platforms know three states (整改中, 待验收, 已验收); a hazard has steps of its own before
rectification starts — reported (待评估), graded (已评估, waiting for rectification to start, and for a
重大 hazard for its five to be in place) — which the platforms see as 整改中, since the enterprise
owes the fix from the moment it knows. A voided hazard (作废, reported by mistake) is kept, never
deleted, and sent to the platforms as deleted.

`ALLOWED` is the one table of the loop: each command checks it, and a refusal lists what the
current step allows, so a 409 tells the person what they can do instead."""

from __future__ import annotations

from enum import StrEnum

from libs.labelled_enum import Labelled
from services.hazard.domain.codes import DangerState


class Step(Labelled, StrEnum):
    REPORTED = "reported"
    GRADED = "graded"
    RECTIFYING = "rectifying"
    AWAITING_ACCEPTANCE = "awaiting_acceptance"
    CLOSED = "closed"  # 已验收, 销号
    VOIDED = "voided"

    @property
    def label(self) -> str:
        return STEP_LABELS[self]

    @property
    def open(self) -> bool:
        return self not in (Step.CLOSED, Step.VOIDED)

    @property
    def danger_state(self) -> DangerState | None:
        """The platforms' dangerState; None for a voided hazard (sent as deleted)."""
        return _WIRE[self]


STEP_LABELS = {Step.REPORTED: "待评估", Step.GRADED: "已评估", Step.RECTIFYING: "整改中",
               Step.AWAITING_ACCEPTANCE: "待验收", Step.CLOSED: "已验收（销号）", Step.VOIDED: "已作废"}
_WIRE = {Step.REPORTED: DangerState.RECTIFYING, Step.GRADED: DangerState.RECTIFYING,
         Step.RECTIFYING: DangerState.RECTIFYING, Step.AWAITING_ACCEPTANCE: DangerState.AWAITING_ACCEPTANCE,
         Step.CLOSED: DangerState.ACCEPTED, Step.VOIDED: None}


class Action(StrEnum):
    GRADE = "grade"
    REVISE = "revise"
    PLAN = "plan"  # the governance plan of a 重大 hazard
    START = "start"
    FIX_ON_THE_SPOT = "fix_on_the_spot"
    SUBMIT = "submit"
    ACCEPT = "accept"
    REJECT = "reject"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"
    VOID = "void"
    COPY = "copy"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {Action.GRADE: "评估定级", Action.REVISE: "修改评估信息", Action.PLAN: "制定治理方案",
                 Action.START: "开始整改", Action.FIX_ON_THE_SPOT: "即查即改", Action.SUBMIT: "提交验收",
                 Action.ACCEPT: "验收通过", Action.REJECT: "验收驳回", Action.REQUEST_EXTENSION: "申请延期",
                 Action.DECIDE_EXTENSION: "审批延期", Action.VOID: "作废", Action.COPY: "抄送"}

A = Action
ALLOWED: dict[Step, tuple[Action, ...]] = {
    Step.REPORTED: (A.GRADE, A.FIX_ON_THE_SPOT, A.VOID, A.COPY),
    Step.GRADED: (A.REVISE, A.PLAN, A.START, A.FIX_ON_THE_SPOT, A.REQUEST_EXTENSION, A.DECIDE_EXTENSION, A.VOID,
                  A.COPY),
    Step.RECTIFYING: (A.PLAN, A.SUBMIT, A.REQUEST_EXTENSION, A.DECIDE_EXTENSION, A.VOID, A.COPY),
    Step.AWAITING_ACCEPTANCE: (A.ACCEPT, A.REJECT, A.COPY),
    Step.CLOSED: (A.COPY,),
    Step.VOIDED: (),
}


def allows(step: Step, action: Action) -> bool:
    return action in ALLOWED[step]


def refusal(step: Step, action: Action) -> str:
    """`当前状态「待验收」不能「开始整改」；可执行：验收通过、验收驳回、抄送`."""
    here = ALLOWED[step]
    then = "、".join(a.label for a in here) if here else "无（已作废的隐患不能再办理）"
    return f"当前状态「{step.label}」不能「{action.label}」；可执行：{then}"
