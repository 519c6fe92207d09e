"""Command handlers of the risk chain: load → decide → append."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

from libs.aggregate import DomainError
from libs.clock import CHINA_TIME, Clock, SystemClock
from libs.errors import NotFound
from libs.repository import CommandContext, Repository
from services.risk_registry.application import risk_commands as c
from services.risk_registry.application.handlers import _check_version
from services.risk_registry.domain.codes import PERSON_ROLE_LABELS, OrgUnitKind, PersonRole
from services.risk_registry.domain.four_colour_map import DEFAULT_PLANT_EXTENT
from services.risk_registry.domain.grading import Bands, GradingPolicy, Substance
from services.risk_registry.domain.risk_event import RiskEvent
from services.risk_registry.domain.risk_model import (
    ControlMeasure,
    EnterpriseGradingPolicy,
    RiskObject,
    RiskUnit,
)
from services.risk_registry.projections.queries import DirectoryQueries
from services.risk_registry.projections.risk_queries import RiskQueries


@dataclass
class RiskChain:
    objects: Repository[RiskObject]
    units: Repository[RiskUnit]
    risks: Repository[RiskEvent]
    measures: Repository[ControlMeasure]
    policies: Repository[EnterpriseGradingPolicy]
    directory: DirectoryQueries
    queries: RiskQueries
    clock: Clock = dataclasses.field(default_factory=SystemClock)
    plant_extent: float = DEFAULT_PLANT_EXTENT  # |x|, |y| of an outline at most this


def _new_id() -> str:
    return uuid.uuid4().hex


# ---- references into the directory and up the chain ------------------------------------------
# A revision checks only the references it changes: one it keeps was checked when it was set, and
# one that went bad before a rule existed (a liable person who left, a retired department) must
# not block renaming the thing or handing its other duties over. The lists flag such holders.

async def _org_unit(ch: RiskChain, eid: str, unit_id: str, kind: OrgUnitKind, field: str) -> None:
    row = await ch.directory.unit(eid, unit_id)
    if row is None or row["retired"] or row["kind"] != kind.value:
        what = {OrgUnitKind.DEPARTMENT: "部门", OrgUnitKind.POST: "岗位", OrgUnitKind.TEAM: "班组"}[kind]
        raise DomainError(f"{what}不存在或已撤销: {unit_id}", field=field, code="unknown_reference")


async def _person(ch: RiskChain, eid: str, person_id: str, field: str, role: PersonRole | None = None) -> None:
    row = await ch.directory.person(eid, person_id)
    if row is None:
        raise DomainError(f"人员不存在: {person_id}", field=field, code="unknown_reference")
    if row["left_at"] is not None:
        raise DomainError(f"{row['name']}已离职，不能担任此职责", field=field, code="unknown_reference")
    if role is not None and role.value not in row["roles"]:
        raise DomainError(f"{row['name']} 不是{PERSON_ROLE_LABELS[role]}", field=field, code="wrong_role")


async def _load(repo: Repository, eid: str, aggregate_id: str, what: str, field: str | None = None):
    found = await repo.find(aggregate_id)
    if found is None or found.enterprise_id != eid:
        if field:
            raise DomainError(f"{what}不存在: {aggregate_id}", field=field, code="unknown_reference")
        raise NotFound(f"{what}不存在: {aggregate_id}")
    return found


async def policy_of(ch: RiskChain, eid: str) -> EnterpriseGradingPolicy:
    return await ch.policies.find(eid) or EnterpriseGradingPolicy(eid)


# ---- risk objects ------------------------------------------------------------------------------

async def register_object(eid: str, cmd: c.RegisterRiskObject, ch: RiskChain, ctx: CommandContext) -> str:
    await _org_unit(ch, eid, cmd.department_id, OrgUnitKind.DEPARTMENT, "department_id")
    obj = RiskObject.register(_new_id(), eid, cmd.kind, cmd.name, cmd.code, cmd.department_id, cmd.outline,
                              ch.plant_extent)
    await ch.objects.save(obj, ctx)
    return obj.id


async def revise_object(eid: str, object_id: str, cmd: c.ReviseRiskObject, ch: RiskChain,
                        ctx: CommandContext) -> None:
    obj = await _load(ch.objects, eid, object_id, "风险分析对象")
    _check_version(obj, cmd.expected_version)
    if cmd.department_id != obj.department_id:
        await _org_unit(ch, eid, cmd.department_id, OrgUnitKind.DEPARTMENT, "department_id")
    obj.revise(cmd.name, cmd.code, cmd.department_id, cmd.outline, ch.plant_extent)
    await ch.objects.save(obj, ctx)


async def rate_major_hazard(eid: str, object_id: str, cmd: c.RateMajorHazard, ch: RiskChain,
                            ctx: CommandContext) -> None:
    obj = await _load(ch.objects, eid, object_id, "风险分析对象")
    _check_version(obj, cmd.expected_version)
    obj.rate(cmd.alpha, [Substance(s.name, s.q, s.critical_q, s.beta) for s in cmd.substances])
    await ch.objects.save(obj, ctx)


async def assign_guardians(eid: str, object_id: str, cmd: c.AssignGuardians, ch: RiskChain,
                           ctx: CommandContext) -> None:
    obj = await _load(ch.objects, eid, object_id, "风险分析对象")
    _check_version(obj, cmd.expected_version)
    # 包保责任人: the enterprise's 主要负责人, 技术负责人 and 操作负责人, each by their duty.
    kept = dict(zip(("principal_id", "technical_id", "operations_id"), obj.guardians or (None,) * 3, strict=True))
    for field, role in (("principal_id", PersonRole.PRINCIPAL), ("technical_id", PersonRole.TECHNICAL_HEAD),
                        ("operations_id", PersonRole.OPERATIONS_HEAD)):
        if getattr(cmd, field) != kept[field]:
            await _person(ch, eid, getattr(cmd, field), field, role)
    obj.assign_guardians(cmd.principal_id, cmd.technical_id, cmd.operations_id)
    await ch.objects.save(obj, ctx)


async def retire_object(eid: str, object_id: str, cmd: c.Retire, ch: RiskChain, ctx: CommandContext) -> None:
    obj = await _load(ch.objects, eid, object_id, "风险分析对象")
    _check_version(obj, cmd.expected_version)
    obj.retire(cmd.reason, await ch.queries.active_children("risk_units", "object_id", object_id))
    await ch.objects.save(obj, ctx)


# ---- risk units ----------------------------------------------------------------------------------

async def create_unit(eid: str, cmd: c.CreateRiskUnit, ch: RiskChain, ctx: CommandContext) -> str:
    obj = await _load(ch.objects, eid, cmd.object_id, "风险分析对象", "object_id")
    if obj.retired:
        raise DomainError("风险分析对象已停用", field="object_id")
    await _org_unit(ch, eid, cmd.department_id, OrgUnitKind.DEPARTMENT, "department_id")
    await _person(ch, eid, cmd.liable_person_id, "liable_person_id")
    unit = RiskUnit.create(_new_id(), eid, cmd.object_id, cmd.name, cmd.department_id, cmd.liable_person_id)
    await ch.units.save(unit, ctx)
    return unit.id


async def revise_unit(eid: str, unit_id: str, cmd: c.ReviseRiskUnit, ch: RiskChain, ctx: CommandContext) -> None:
    unit = await _load(ch.units, eid, unit_id, "风险分析单元")
    _check_version(unit, cmd.expected_version)
    if cmd.department_id != unit.department_id:
        await _org_unit(ch, eid, cmd.department_id, OrgUnitKind.DEPARTMENT, "department_id")
    if cmd.liable_person_id != unit.liable_person_id:
        await _person(ch, eid, cmd.liable_person_id, "liable_person_id")
    unit.revise(cmd.name, cmd.department_id, cmd.liable_person_id)
    await ch.units.save(unit, ctx)


async def retire_unit(eid: str, unit_id: str, cmd: c.Retire, ch: RiskChain, ctx: CommandContext) -> None:
    unit = await _load(ch.units, eid, unit_id, "风险分析单元")
    _check_version(unit, cmd.expected_version)
    unit.retire(cmd.reason, await ch.queries.active_children("risk_events", "unit_id", unit_id))
    await ch.units.save(unit, ctx)


# ---- risk events -------------------------------------------------------------------------------

async def identify_risk(eid: str, cmd: c.IdentifyRiskEvent, ch: RiskChain, ctx: CommandContext) -> str:
    unit = await _load(ch.units, eid, cmd.unit_id, "风险分析单元", "unit_id")
    if unit.retired:
        raise DomainError("风险分析单元已停用", field="unit_id")
    risk = RiskEvent.identify(_new_id(), eid, cmd.unit_id, cmd.name, cmd.accident_types, cmd.consequence)
    await ch.risks.save(risk, ctx)
    return risk.id


async def revise_risk(eid: str, risk_id: str, cmd: c.ReviseRiskEvent, ch: RiskChain, ctx: CommandContext) -> None:
    risk = await _load(ch.risks, eid, risk_id, "风险事件")
    _check_version(risk, cmd.expected_version)
    risk.revise(cmd.name, cmd.accident_types, cmd.consequence)
    await ch.risks.save(risk, ctx)


async def assess_risk(eid: str, risk_id: str, cmd: c.AssessRisk, ch: RiskChain, ctx: CommandContext) -> str:
    risk = await _load(ch.risks, eid, risk_id, "风险事件")
    _check_version(risk, cmd.expected_version)
    assessment_id = _new_id()
    policy = (await policy_of(ch, eid)).policy
    risk.assess(assessment_id, cmd.stage, cmd.method, cmd.inputs, policy, ctx.actor, cmd.assessed_on,
                cmd.reassess_on, today=ch.clock.now().astimezone(CHINA_TIME).date())
    await ch.risks.save(risk, ctx)
    return assessment_id


async def retire_risk(eid: str, risk_id: str, cmd: c.Retire, ch: RiskChain, ctx: CommandContext) -> None:
    risk = await _load(ch.risks, eid, risk_id, "风险事件")
    _check_version(risk, cmd.expected_version)
    risk.retire(cmd.reason, await ch.queries.active_children("control_measures", "risk_event_id", risk_id))
    await ch.risks.save(risk, ctx)


# ---- control measures --------------------------------------------------------------------------

def _measure_fields(cmd) -> dict:
    return {k: getattr(cmd, k) for k in ("description", "classify1", "classify2", "classify3", "data_source",
                                         "inspection_content", "responsible_post_id")}


async def define_measure(eid: str, cmd: c.DefineControlMeasure, ch: RiskChain, ctx: CommandContext) -> str:
    risk = await _load(ch.risks, eid, cmd.risk_event_id, "风险事件", "risk_event_id")
    if risk.retired:
        raise DomainError("风险事件已停用", field="risk_event_id")
    await _org_unit(ch, eid, cmd.responsible_post_id, OrgUnitKind.POST, "responsible_post_id")
    measure = ControlMeasure.define(_new_id(), eid, cmd.risk_event_id, **_measure_fields(cmd))
    await ch.measures.save(measure, ctx)
    return measure.id


async def revise_measure(eid: str, measure_id: str, cmd: c.ReviseControlMeasure, ch: RiskChain,
                         ctx: CommandContext) -> None:
    measure = await _load(ch.measures, eid, measure_id, "管控措施")
    _check_version(measure, cmd.expected_version)
    if cmd.responsible_post_id != measure.fields["responsible_post_id"]:
        await _org_unit(ch, eid, cmd.responsible_post_id, OrgUnitKind.POST, "responsible_post_id")
    measure.revise(**_measure_fields(cmd))
    await ch.measures.save(measure, ctx)


async def retire_measure(eid: str, measure_id: str, cmd: c.Retire, ch: RiskChain, ctx: CommandContext) -> None:
    measure = await _load(ch.measures, eid, measure_id, "管控措施")
    _check_version(measure, cmd.expected_version)
    measure.retire(cmd.reason)
    await ch.measures.save(measure, ctx)


# ---- grading policy ----------------------------------------------------------------------------

async def change_grading_policy(eid: str, cmd: c.ChangeGradingPolicy, ch: RiskChain, ctx: CommandContext) -> int:
    """Record the new policy, then re-grade every assessed risk it affects; return how many moved."""
    holder = await policy_of(ch, eid)
    changed = holder.change(Bands(**cmd.lec.model_dump()), Bands(**cmd.ls.model_dump()), cmd.control_levels)
    if not changed:
        return 0
    version = await ch.policies.save(holder, ctx)
    return await regrade_all(eid, holder.policy, version, ch, ctx)


async def regrade_all(eid: str, policy: GradingPolicy, version: int, ch: RiskChain, ctx: CommandContext) -> int:
    moved = 0
    for risk_id in await ch.queries.assessed_risk_ids(eid):
        risk = await ch.risks.get(risk_id)
        risk.regrade(policy, version)
        if risk.pending():
            moved += 1
            await ch.risks.save(risk, ctx)
    return moved
