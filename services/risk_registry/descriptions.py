"""What each event of the risk registry means, in a sentence a safety officer reads in a
history ("评价固有风险：LEC 270，较大风险"). One describer per event type, a pure function of the
event and the names of what it refers to; a test fails for an event type without one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from libs.history import Describer, Names
from services.risk_registry.directory.domain import events as ev
from services.risk_registry.directory.domain.codes import ORG_UNIT_LABELS, PERSON_ROLE_LABELS
from services.risk_registry.risk_chain.domain import events as rev
from services.risk_registry.risk_chain.domain.codes import (
    ACCIDENT_TYPE_LABELS,
    CLASSIFY1_LABELS,
    CLASSIFY2_LABELS,
    CONTROL_LEVEL_LABELS,
    DATA_SOURCE_LABELS,
    MAJOR_HAZARD_GRADE_LABELS,
    RISK_LEVEL_LABELS,
    RISK_OBJECT_KIND_LABELS,
    RISK_STAGE_LABELS,
)

DESCRIBERS: dict[type, Describer] = {}


def describes(*types: type) -> Callable[[Describer], Describer]:
    def register(fn: Describer) -> Describer:
        for t in types:
            DESCRIBERS[t] = fn
        return fn
    return register


def num(value: float) -> str:
    """270.0 → "270", 6.9 → "6.9": as a person writes a value."""
    return f"{value:.10g}" if value == value and abs(value) != float("inf") else str(value)


def _list(labels: Any) -> str:
    return "、".join(labels) or "无"


def _reason(reason: str) -> str:
    return f"，原因：{reason}" if reason else ""


# ---- the enterprise directory ---------------------------------------------------------------

@describes(ev.EnterpriseRegistered)
def _enterprise_registered(e: ev.EnterpriseRegistered, _: Names) -> str:
    code = f"，危化品登记编号 {e.hazchem_code}" if e.hazchem_code else ""
    return f"注册企业：{e.name}（{e.industry.value}，统一社会信用代码 {e.credit_code}{code}）"


@describes(ev.EnterpriseRenamed)
def _enterprise_renamed(e: ev.EnterpriseRenamed, _: Names) -> str:
    return f"企业名称改为：{e.name}"


@describes(ev.HazchemCodeAssigned)
def _hazchem_code(e: ev.HazchemCodeAssigned, _: Names) -> str:
    return f"危化品登记编号设为：{e.hazchem_code}"


@describes(ev.OrgUnitCreated)
def _unit_created(e: ev.OrgUnitCreated, names: Names) -> str:
    return f"新建{ORG_UNIT_LABELS[e.kind]}：{e.name}（上级：{names(e.parent_id, '企业')}）"


@describes(ev.OrgUnitRenamed)
def _unit_renamed(e: ev.OrgUnitRenamed, _: Names) -> str:
    return f"重命名为：{e.name}"


@describes(ev.OrgUnitMoved)
def _unit_moved(e: ev.OrgUnitMoved, names: Names) -> str:
    return f"调整上级：{names(e.from_parent_id, '企业')} → {names(e.to_parent_id, '企业')}"


@describes(ev.OrgUnitRetired)
def _unit_retired(e: ev.OrgUnitRetired, _: Names) -> str:
    return f"撤销{_reason(e.reason)}"


@describes(ev.PersonRegistered)
def _person_registered(e: ev.PersonRegistered, names: Names) -> str:
    roles = _list(PERSON_ROLE_LABELS[r] for r in e.roles)
    return f"登记人员：{e.name}（岗位：{names(e.post_id, '未分配')}，职责：{roles}）"


@describes(ev.PersonAssignedToPost)
def _person_assigned(e: ev.PersonAssignedToPost, names: Names) -> str:
    return f"调岗：{names(e.from_post_id, '未分配')} → {names(e.to_post_id, '未分配')}"


@describes(ev.PersonRolesChanged)
def _person_roles(e: ev.PersonRolesChanged, _: Names) -> str:
    return f"职责改为：{_list(PERSON_ROLE_LABELS[r] for r in e.roles)}"


@describes(ev.PersonContactChanged)
def _person_contact(e: ev.PersonContactChanged, _: Names) -> str:
    return f"修改姓名或手机号：{e.name}"  # the number itself stays out of the sentence (personal detail)


@describes(ev.PersonLeft)
def _person_left(e: ev.PersonLeft, _: Names) -> str:
    return f"离职{_reason(e.reason)}"


# ---- the risk chain -------------------------------------------------------------------------

@describes(rev.RiskObjectRegistered)
def _object_registered(e: rev.RiskObjectRegistered, names: Names) -> str:
    return f"登记{RISK_OBJECT_KIND_LABELS[e.kind]}：{e.name}（责任部门：{names(e.department_id)}）"


@describes(rev.RiskObjectRevised)
def _object_revised(e: rev.RiskObjectRevised, names: Names) -> str:
    return f"修订风险分析对象：{e.name}（责任部门：{names(e.department_id)}）"


@describes(rev.MajorHazardRated)
def _major_hazard_rated(e: rev.MajorHazardRated, _: Names) -> str:
    r = num(e.r_value) if e.r_value is not None else "无法计算（超出范围）"
    return f"重大危险源辨识分级：R = {r}，{MAJOR_HAZARD_GRADE_LABELS[e.grade]}重大危险源"


def _handed_over(e: rev.MajorHazardGuardiansAssigned | rev.RiskUnitRevised, names: Names) -> str:
    return f"职责移交：{names(e.handed_over_from_id)} → {names(e.handed_over_to_id)}"


@describes(rev.MajorHazardGuardiansAssigned)
def _guardians(e: rev.MajorHazardGuardiansAssigned, names: Names) -> str:
    guardians = (f"主要负责人 {names(e.principal_id)}，技术负责人 {names(e.technical_id)}，"
                 f"操作负责人 {names(e.operations_id)}")
    if e.handed_over_from_id:
        return f"{_handed_over(e, names)}（重大危险源包保责任人，现为：{guardians}）"
    return f"设置包保责任人：{guardians}"


@describes(rev.RiskObjectRetired, rev.RiskUnitRetired, rev.RiskEventRetired, rev.ControlMeasureRetired)
def _retired(e: Any, _: Names) -> str:
    return f"停用{_reason(e.reason)}"


@describes(rev.RiskUnitCreated)
def _unit_created_risk(e: rev.RiskUnitCreated, names: Names) -> str:
    return (f"新建风险分析单元：{e.name}（所属对象：{names(e.object_id)}，责任部门：{names(e.department_id)}，"
            f"责任人：{names(e.liable_person_id)}）")


@describes(rev.RiskUnitRevised)
def _unit_revised(e: rev.RiskUnitRevised, names: Names) -> str:
    if e.handed_over_from_id:
        return f"{_handed_over(e, names)}（风险分析单元责任人：{e.name}）"
    return f"修订风险分析单元：{e.name}（责任部门：{names(e.department_id)}，责任人：{names(e.liable_person_id)}）"


def _accidents(types: Any) -> str:
    return _list(ACCIDENT_TYPE_LABELS[t] for t in types)


@describes(rev.RiskEventIdentified)
def _risk_identified(e: rev.RiskEventIdentified, _: Names) -> str:
    return f"辨识风险事件：{e.name}（事故类别：{_accidents(e.accident_types)}）"


@describes(rev.RiskEventRevised)
def _risk_revised(e: rev.RiskEventRevised, _: Names) -> str:
    return f"修订风险事件：{e.name}（事故类别：{_accidents(e.accident_types)}）"


@describes(rev.RiskAssessed)
def _assessed(e: rev.RiskAssessed, names: Names) -> str:
    return (f"评价{RISK_STAGE_LABELS[e.stage]}：{e.method.value} {num(e.value)}，{RISK_LEVEL_LABELS[e.level]}，"
            f"{CONTROL_LEVEL_LABELS[e.control_level]}管控（评价人：{names.person(e.assessor_id)}，"
            f"评价日期 {e.assessed_on.isoformat()}，复评日期 {e.reassess_on.isoformat()}）")


@describes(rev.RiskRegraded)
def _regraded(e: rev.RiskRegraded, _: Names) -> str:
    return (f"分级标准修改（第 {e.policy_version} 版）后重新分级：{RISK_STAGE_LABELS[e.stage]} {num(e.value)} "
            f"由{RISK_LEVEL_LABELS[e.from_level]}调整为{RISK_LEVEL_LABELS[e.level]}，"
            f"{CONTROL_LEVEL_LABELS[e.control_level]}管控")


def _measure(e: rev.ControlMeasureDefined | rev.ControlMeasureRevised, names: Names) -> str:
    kind = f"{CLASSIFY1_LABELS[e.classify1]}/{CLASSIFY2_LABELS.get(e.classify2, e.classify2)}"
    return (f"{e.description}（{kind}，{DATA_SOURCE_LABELS[e.data_source]}，"
            f"责任岗位：{names(e.responsible_post_id)}）")


@describes(rev.ControlMeasureDefined)
def _measure_defined(e: rev.ControlMeasureDefined, names: Names) -> str:
    return f"制定管控措施：{_measure(e, names)}"


@describes(rev.ControlMeasureRevised)
def _measure_revised(e: rev.ControlMeasureRevised, names: Names) -> str:
    return f"修订管控措施：{_measure(e, names)}"


@describes(rev.GradingPolicyChanged)
def _policy_changed(e: rev.GradingPolicyChanged, _: Names) -> str:
    def bands(b: rev.BandsData) -> str:
        shown = {k: "∞" if v == float("inf") else num(v) for k, v in b.bounds().items()}
        return f"重大≥{shown['major']}、较大≥{shown['large']}、一般≥{shown['general']}"
    controls = "、".join(f"{RISK_LEVEL_LABELS[k]}→{CONTROL_LEVEL_LABELS[v]}" for k, v in
                        sorted(e.control_levels.items()))
    return f"修改分级标准：LEC {bands(e.lec)}；LS {bands(e.ls)}；管控层级 {controls or '默认'}"
