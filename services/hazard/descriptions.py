"""What each event of a hazard means, in a sentence a safety officer reads in its history
("评估定级：一般隐患，消防，限期整改，整改责任人 陈工，整改期限 2026-12-10"). One describer per event
type, a pure function of the event and the names of what it refers to; a test fails for a type
without one."""

from __future__ import annotations

from collections.abc import Callable

from libs.history import Describer, Names
from services.hazard.domain import events as ev
from services.hazard.domain import governance
from services.hazard.domain.hazard_rules import HazardRulesSet, role_text

DESCRIBERS: dict[type, Describer] = {}


def describes(*types: type) -> Callable[[Describer], Describer]:
    def register(fn: Describer) -> Describer:
        for t in types:
            DESCRIBERS[t] = fn
        return fn
    return register


def _grading(g: ev.Grading, names: Names) -> str:
    parts = [g.level.label, g.hazard_type.label, g.manage_type.label]
    if g.management_class is not None:
        parts.append(g.management_class.label)
    if g.occurrence_link is not None:
        parts.append(f"发生环节 {g.occurrence_link.label}")
    parts.append(f"整改责任人 {names(g.liable_person_id)}")
    if g.department_id:
        parts.append(f"责任部门 {names(g.department_id)}")
    return "，".join(parts)


def _rectified(r: ev.Rectified) -> str:
    cost = f"，资金 {r.cost} 元" if r.cost is not None else ""
    cause = f"，原因：{r.cause}" if r.cause else ""
    return f"整改措施：{r.measures_taken}{cause}{cost}，整改后照片 {len(r.after_photo_ids)} 张"


@describes(ev.HazardReported)
def _reported(e: ev.HazardReported, _: Names) -> str:
    late = "（超过 7 天登记）" if e.entered_late else ""
    ref = f"，编号 {e.enforcement_id}" if e.enforcement_id else ""
    return f"登记隐患（{e.origin.label}，{e.source.label}{ref}）：{e.name}{late}"


@describes(ev.HazardGraded)
def _graded(e: ev.HazardGraded, names: Names) -> str:
    return f"评估定级：{_grading(e.grading, names)}，整改期限 {e.deadline.isoformat()}"


@describes(ev.GradingRevised)
def _revised(e: ev.GradingRevised, names: Names) -> str:
    return f"修改评估信息：{_grading(e.grading, names)}"


@describes(ev.GovernancePlanSet)
def _plan(e: ev.GovernancePlanSet, _: Names) -> str:
    lacking = governance.missing(e.plan)
    return "制定治理方案：五落实" + ("已全部落实" if not lacking else "，尚缺 " + "、".join(lacking))


@describes(ev.GovernancePlanDueSet)
def _plan_due(e: ev.GovernancePlanDueSet, _: Names) -> str:
    return f"治理方案五落实期限：{e.plan_due.isoformat()}" + ("（默认）" if e.defaulted else "")


@describes(ev.GovernancePlanOverdue)
def _plan_overdue(e: ev.GovernancePlanOverdue, _: Names) -> str:
    return (f"重大隐患五落实超期：期限 {e.plan_due.isoformat()} 已过，尚缺 "
            + "、".join(governance.FIVE[k] for k in e.missing))


@describes(ev.RectificationStarted)
def _started(e: ev.RectificationStarted, _: Names) -> str:
    return "开始整改"


@describes(ev.RectificationSubmitted)
def _submitted(e: ev.RectificationSubmitted, _: Names) -> str:
    return "提交验收：" + _rectified(e.rectified)


@describes(ev.HazardFixedOnTheSpot)
def _fixed(e: ev.HazardFixedOnTheSpot, _: Names) -> str:
    return "即查即改，销号：" + _rectified(e.rectified)


@describes(ev.HazardAccepted)
def _accepted(e: ev.HazardAccepted, _: Names) -> str:
    return "验收通过，销号" + (f"：{e.comment}" if e.comment else "")


@describes(ev.AcceptanceRejected)
def _rejected(e: ev.AcceptanceRejected, _: Names) -> str:
    return f"验收驳回，退回整改：{e.reason}"


@describes(ev.HazardVoided)
def _voided(e: ev.HazardVoided, _: Names) -> str:
    return f"作废：{e.reason}"


@describes(ev.HazardCopied)
def _copied(e: ev.HazardCopied, names: Names) -> str:
    note = f"（{e.note}）" if e.note else ""
    return "抄送 " + "、".join(names(p) for p in e.person_ids) + note


@describes(ev.ExtensionRequested)
def _asked(e: ev.ExtensionRequested, _: Names) -> str:
    return f"申请延期：{e.old_deadline.isoformat()} 延至 {e.new_deadline.isoformat()}，原因：{e.reason}"


@describes(ev.ExtensionApproved)
def _approved(e: ev.ExtensionApproved, _: Names) -> str:
    return f"同意延期：整改期限由 {e.old_deadline.isoformat()} 改为 {e.new_deadline.isoformat()}" + (
        f"，意见：{e.comment}" if e.comment else "")


@describes(ev.ExtensionRefused)
def _refused(e: ev.ExtensionRefused, _: Names) -> str:
    return f"不同意延期：{e.reason}"


@describes(ev.RectificationImminent)
def _imminent(e: ev.RectificationImminent, _: Names) -> str:
    return f"整改临期：整改期限 {e.deadline.isoformat()}"


@describes(ev.RectificationOverdue)
def _overdue(e: ev.RectificationOverdue, _: Names) -> str:
    return f"超期未整改：整改期限 {e.deadline.isoformat()} 已过"


@describes(HazardRulesSet)
def _rules(e: HazardRulesSet, _: Names) -> str:
    return ("设定隐患验收与延期审批规则：重大隐患验收 " + "、".join(role_text(r) for r in e.major_acceptors)
            + "；延期审批 " + "、".join(role_text(r) for r in e.extension_deciders))
