"""Command handlers of the risk chain: load → decide → append, one small function each, taking
the command (which carries its enterprise and aggregate ids), the `RiskChain` and the context.
The directory is read through its published port only (`directory/lookups.py`)."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

from libs.aggregate import DomainError
from libs.clock import CHINA_TIME, Clock, SystemClock
from libs.eventstore.port import EventStore
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork
from services.risk_registry.directory.lookups import PERSON_ROLE_LABELS, DirectoryLookups, OrgUnitKind, PersonRole
from services.risk_registry.risk_chain.application import commands as c
from services.risk_registry.risk_chain.domain.four_colour_map import DEFAULT_PLANT_EXTENT
from services.risk_registry.risk_chain.domain.grading import Bands, GradingPolicy, Substance
from services.risk_registry.risk_chain.domain.model import (
    ControlMeasure,
    EnterpriseGradingPolicy,
    RiskObject,
    RiskUnit,
)
from services.risk_registry.risk_chain.domain.risk_event import RiskEvent
from services.risk_registry.risk_chain.grading_guard import GradingGuard
from services.risk_registry.risk_chain.projections.queries import RiskQueries


@dataclass
class RiskChain:
    objects: Repository[RiskObject]
    units: Repository[RiskUnit]
    risks: Repository[RiskEvent]
    measures: Repository[ControlMeasure]
    policies: Repository[EnterpriseGradingPolicy]
    directory: DirectoryLookups
    queries: RiskQueries
    store: EventStore  # the repositories' one store: a command that changes several commits on it once
    grading_guard: GradingGuard  # an assessment and a policy change never commit on stale views (§30)
    clock: Clock = dataclasses.field(default_factory=SystemClock)
    plant_extent: float = DEFAULT_PLANT_EXTENT  # |x|, |y| of an outline at most this


def _new_id() -> str:
    return uuid.uuid4().hex


# ---- references into the directory and up the chain ------------------------------------------
# A revision checks only the references it changes: one it keeps was checked when it was set, and
# one that went bad before a rule existed (a liable person who left, a retired department) must
# not block renaming the thing or handing its other duties over. The lists flag such holders.

_KIND_NAMES = {OrgUnitKind.DEPARTMENT: "部门", OrgUnitKind.POST: "岗位", OrgUnitKind.TEAM: "班组"}


async def _org_unit(ch: RiskChain, eid: str, unit_id: str, kind: OrgUnitKind, field: str) -> None:
    row = await ch.directory.unit(eid, unit_id)
    if row is None or row["retired"] or row["kind"] != kind.value:
        raise DomainError(f"{_KIND_NAMES[kind]}不存在或已撤销: {unit_id}", field=field, code="unknown_reference")


async def _person(ch: RiskChain, eid: str, person_id: str, field: str, role: PersonRole | None = None) -> None:
    row = await ch.directory.person(eid, person_id)
    if row is None:
        raise DomainError(f"人员不存在: {person_id}", field=field, code="unknown_reference")
    if row["left_at"] is not None:
        raise DomainError(f"{row['name']}已离职，不能担任此职责", field=field, code="unknown_reference")
    if role is not None and role.value not in row["roles"]:
        raise DomainError(f"{row['name']} 不是{PERSON_ROLE_LABELS[role]}", field=field, code="wrong_role")


async def _reference(repo: Repository, eid: str, aggregate_id: str, what: str, field: str):
    """Something up the chain a command names in its body: unknown is a 422 naming the field."""
    found = await repo.find(aggregate_id)
    if found is None or found.enterprise_id != eid:
        raise DomainError(f"{what}不存在: {aggregate_id}", field=field, code="unknown_reference")
    return found


async def policy_of(ch: RiskChain, eid: str) -> EnterpriseGradingPolicy:
    return await ch.policies.find(eid) or EnterpriseGradingPolicy(eid)


# ---- risk objects ------------------------------------------------------------------------------

async def _object(ch: RiskChain, cmd: c.Guarded) -> RiskObject:
    return await ch.objects.load(cmd.id, cmd.expected_version, what="风险分析对象", enterprise_id=cmd.enterprise_id)


async def register_object(cmd: c.RegisterRiskObject, ch: RiskChain, ctx: CommandContext) -> str:
    eid = cmd.enterprise_id
    await _org_unit(ch, eid, cmd.department_id, OrgUnitKind.DEPARTMENT, "department_id")
    obj = RiskObject.register(_new_id(), eid, cmd.kind, cmd.name, cmd.code, cmd.department_id, cmd.outline,
                              ch.plant_extent)
    await ch.objects.save(obj, ctx)
    return obj.id


async def revise_object(cmd: c.ReviseRiskObject, ch: RiskChain, ctx: CommandContext) -> None:
    obj = await _object(ch, cmd)
    if cmd.department_id != obj.department_id:
        await _org_unit(ch, cmd.enterprise_id, cmd.department_id, OrgUnitKind.DEPARTMENT, "department_id")
    obj.revise(cmd.name, cmd.code, cmd.department_id, cmd.outline, ch.plant_extent)
    await ch.objects.save(obj, ctx)


async def rate_major_hazard(cmd: c.RateMajorHazard, ch: RiskChain, ctx: CommandContext) -> None:
    obj = await _object(ch, cmd)
    obj.rate(cmd.alpha, [Substance(s.name, s.q, s.critical_q, s.beta) for s in cmd.substances])
    await ch.objects.save(obj, ctx)


async def assign_guardians(cmd: c.AssignGuardians, ch: RiskChain, ctx: CommandContext) -> None:
    obj = await _object(ch, cmd)
    # 包保责任人: the enterprise's 主要负责人, 技术负责人 and 操作负责人, each by their duty.
    kept = dict(zip(("principal_id", "technical_id", "operations_id"), obj.guardians or (None,) * 3, strict=True))
    for field, role in (("principal_id", PersonRole.PRINCIPAL), ("technical_id", PersonRole.TECHNICAL_HEAD),
                        ("operations_id", PersonRole.OPERATIONS_HEAD)):
        if getattr(cmd, field) != kept[field]:
            await _person(ch, cmd.enterprise_id, getattr(cmd, field), field, role)
    obj.assign_guardians(cmd.principal_id, cmd.technical_id, cmd.operations_id)
    await ch.objects.save(obj, ctx)


async def retire_object(cmd: c.Retire, ch: RiskChain, ctx: CommandContext) -> None:
    obj = await _object(ch, cmd)
    obj.retire(cmd.reason, await ch.queries.active_children("risk_units", "object_id", obj.id))
    await ch.objects.save(obj, ctx)


# ---- risk units ----------------------------------------------------------------------------------

async def _unit(ch: RiskChain, cmd: c.Guarded) -> RiskUnit:
    return await ch.units.load(cmd.id, cmd.expected_version, what="风险分析单元", enterprise_id=cmd.enterprise_id)


async def create_unit(cmd: c.CreateRiskUnit, ch: RiskChain, ctx: CommandContext) -> str:
    eid = cmd.enterprise_id
    obj = await _reference(ch.objects, eid, cmd.object_id, "风险分析对象", "object_id")
    if obj.retired:
        raise DomainError("风险分析对象已停用", field="object_id")
    await _org_unit(ch, eid, cmd.department_id, OrgUnitKind.DEPARTMENT, "department_id")
    await _person(ch, eid, cmd.liable_person_id, "liable_person_id")
    unit = RiskUnit.create(_new_id(), eid, cmd.object_id, cmd.name, cmd.department_id, cmd.liable_person_id)
    await ch.units.save(unit, ctx)
    return unit.id


async def revise_unit(cmd: c.ReviseRiskUnit, ch: RiskChain, ctx: CommandContext) -> None:
    unit = await _unit(ch, cmd)
    if cmd.department_id != unit.department_id:
        await _org_unit(ch, cmd.enterprise_id, cmd.department_id, OrgUnitKind.DEPARTMENT, "department_id")
    if cmd.liable_person_id != unit.liable_person_id:
        await _person(ch, cmd.enterprise_id, cmd.liable_person_id, "liable_person_id")
    unit.revise(cmd.name, cmd.department_id, cmd.liable_person_id)
    await ch.units.save(unit, ctx)


async def retire_unit(cmd: c.Retire, ch: RiskChain, ctx: CommandContext) -> None:
    unit = await _unit(ch, cmd)
    unit.retire(cmd.reason, await ch.queries.active_children("risk_events", "unit_id", unit.id))
    await ch.units.save(unit, ctx)


# ---- risk events -------------------------------------------------------------------------------

async def _risk(ch: RiskChain, cmd: c.Guarded) -> RiskEvent:
    return await ch.risks.load(cmd.id, cmd.expected_version, what="风险事件", enterprise_id=cmd.enterprise_id)


async def identify_risk(cmd: c.IdentifyRiskEvent, ch: RiskChain, ctx: CommandContext) -> str:
    unit = await _reference(ch.units, cmd.enterprise_id, cmd.unit_id, "风险分析单元", "unit_id")
    if unit.retired:
        raise DomainError("风险分析单元已停用", field="unit_id")
    risk = RiskEvent.identify(_new_id(), cmd.enterprise_id, cmd.unit_id, cmd.name, cmd.accident_types,
                              cmd.consequence)
    await ch.risks.save(risk, ctx)
    return risk.id


async def revise_risk(cmd: c.ReviseRiskEvent, ch: RiskChain, ctx: CommandContext) -> None:
    risk = await _risk(ch, cmd)
    risk.revise(cmd.name, cmd.accident_types, cmd.consequence)
    await ch.risks.save(risk, ctx)


async def assess_risk(cmd: c.AssessRisk, ch: RiskChain, ctx: CommandContext) -> str:
    """Grade under the policy in force, and commit only if it still is (a policy change that
    committed meanwhile did not re-grade this assessment: 409, the client retries)."""
    risk = await _risk(ch, cmd)
    assessment_id = _new_id()
    holder = await policy_of(ch, cmd.enterprise_id)
    risk.assess(assessment_id, cmd.stage, cmd.method, cmd.inputs, holder.policy, ctx.actor, cmd.assessed_on,
                cmd.reassess_on, today=ch.clock.now().astimezone(CHINA_TIME).date())
    uow = UnitOfWork(ch.store, ctx)
    uow.also(ch.grading_guard.assessing(cmd.enterprise_id, holder.version))
    uow.save(ch.risks, risk)
    await uow.commit()
    return assessment_id


async def retire_risk(cmd: c.Retire, ch: RiskChain, ctx: CommandContext) -> None:
    risk = await _risk(ch, cmd)
    risk.retire(cmd.reason, await ch.queries.active_children("control_measures", "risk_event_id", risk.id))
    await ch.risks.save(risk, ctx)


# ---- control measures --------------------------------------------------------------------------

def _measure_fields(cmd) -> dict:
    return {k: getattr(cmd, k) for k in ("description", "classify1", "classify2", "classify3", "data_source",
                                         "inspection_content", "responsible_post_id")}


async def _measure(ch: RiskChain, cmd: c.Guarded) -> ControlMeasure:
    return await ch.measures.load(cmd.id, cmd.expected_version, what="管控措施", enterprise_id=cmd.enterprise_id)


async def define_measure(cmd: c.DefineControlMeasure, ch: RiskChain, ctx: CommandContext) -> str:
    risk = await _reference(ch.risks, cmd.enterprise_id, cmd.risk_event_id, "风险事件", "risk_event_id")
    if risk.retired:
        raise DomainError("风险事件已停用", field="risk_event_id")
    await _org_unit(ch, cmd.enterprise_id, cmd.responsible_post_id, OrgUnitKind.POST, "responsible_post_id")
    measure = ControlMeasure.define(_new_id(), cmd.enterprise_id, cmd.risk_event_id, **_measure_fields(cmd))
    await ch.measures.save(measure, ctx)
    return measure.id


async def revise_measure(cmd: c.ReviseControlMeasure, ch: RiskChain, ctx: CommandContext) -> None:
    measure = await _measure(ch, cmd)
    if cmd.responsible_post_id != measure.fields["responsible_post_id"]:
        await _org_unit(ch, cmd.enterprise_id, cmd.responsible_post_id, OrgUnitKind.POST, "responsible_post_id")
    measure.revise(**_measure_fields(cmd))
    await ch.measures.save(measure, ctx)


async def retire_measure(cmd: c.Retire, ch: RiskChain, ctx: CommandContext) -> None:
    measure = await _measure(ch, cmd)
    measure.retire(cmd.reason)
    await ch.measures.save(measure, ctx)


# ---- grading policy ----------------------------------------------------------------------------

async def change_grading_policy(cmd: c.ChangeGradingPolicy, ch: RiskChain, ctx: CommandContext) -> int:
    """Record the new policy and re-grade every assessed risk it affects, in one transaction: the
    enterprise is never half re-graded, and a risk that moved or was assessed meanwhile refuses it
    all (409). Return how many risks moved."""
    holder = await policy_of(ch, cmd.enterprise_id)
    changed = holder.change(Bands(**cmd.lec.model_dump()), Bands(**cmd.ls.model_dump()), cmd.control_levels)
    if not changed:
        return 0
    uow = UnitOfWork(ch.store, ctx)
    uow.save(ch.policies, holder)
    moved = await regrade_all(cmd.enterprise_id, holder.policy, holder.version + len(holder.pending()), ch, uow)
    await uow.commit()
    return moved


async def regrade_all(eid: str, policy: GradingPolicy, version: int, ch: RiskChain, uow: UnitOfWork) -> int:
    """Re-grade the enterprise's assessed risks under `policy` (the policy's `version`) into `uow`,
    which commits only if those are still all the assessed risks, as they were loaded."""
    moved, regraded = 0, {}
    for risk_id in await ch.queries.assessed_risk_ids(eid):
        risk = await ch.risks.get(risk_id)
        regraded[risk_id] = risk.version
        risk.regrade(policy, version)
        if risk.pending():
            moved += 1
            uow.save(ch.risks, risk)
    uow.also(ch.grading_guard.regrading(eid, regraded))
    return moved
