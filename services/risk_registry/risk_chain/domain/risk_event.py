"""安全风险事件 (a risk event) and its assessments: the aggregate, the dates an assessment may
carry, and the rule that the residual risk never stands above the inherent one (decision 11)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from libs.aggregate import DomainConflict, DomainError
from libs.names import checked_name as _name
from libs.names import checked_text as _text
from services.risk_registry.risk_chain.domain import events as ev
from services.risk_registry.risk_chain.domain.codes import (
    RISK_LEVEL_LABELS,
    RISK_STAGE_LABELS,
    AccidentType,
    AssessmentMethod,
    ControlLevel,
    RiskLevel,
    RiskStage,
)
from services.risk_registry.risk_chain.domain.grading import GradingPolicy, grade
from services.risk_registry.risk_chain.domain.model import Retirable


def _accident_types(types: list[AccidentType]) -> list[AccidentType]:
    if not types:
        raise DomainError("至少选择一种事故类别", field="accident_types")
    return sorted(set(types))


# docs/decisions.md §11: the Work Safety Law (安全生产法) came into force on 2002-11-01; no plant
# holds a risk assessment under it from before, so an earlier date is a typing error (0001-01-01).
EARLIEST_ASSESSMENT = date(2002, 11, 1)
# The longest cycle a rule sets for assessing a risk again: a major hazard source's safety
# assessment, at least every three years (原国家安全监管总局令第40号 第十一条); plants re-assess
# yearly (the demo plant does). A later 复评日期 would keep a risk from ever being overdue.
LONGEST_REASSESSMENT_YEARS = 3


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_assessment_dates(assessed_on: date, reassess_on: date) -> None:
    """`assessed_on` not before the Work Safety Law, `reassess_on` within the longest cycle."""
    if assessed_on < EARLIEST_ASSESSMENT:
        raise DomainError(f"评价日期 {assessed_on} 不能早于 {EARLIEST_ASSESSMENT}（《安全生产法》施行之日）",
                          field="assessed_on", code="implausible_date")
    latest = _years_after(assessed_on, LONGEST_REASSESSMENT_YEARS)
    if reassess_on > latest:
        raise DomainError(f"复评日期 {reassess_on} 不能晚于评价日期后{LONGEST_REASSESSMENT_YEARS}年（{latest}）",
                          field="reassess_on", code="implausible_date")


@dataclass(frozen=True)
class CurrentGrade:
    """What one stage of a risk stands at: its latest assessment, as re-graded since."""

    method: AssessmentMethod
    value: float
    level: RiskLevel
    control_level: ControlLevel
    assessed_on: date


@dataclass(frozen=True)
class Assessed:
    """One assessment of a stage, as the residual-within-inherent rule needs it."""

    method: AssessmentMethod
    value: float
    assessed_on: date


class RiskEvent(Retirable):
    """安全风险事件, with its assessments (固有/剩余风险)."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = self.unit_id = self.name = self.consequence = ""
        self.accident_types: list[AccidentType] = []
        # Per stage, the grade of the latest assessment by `assessed_on` (record order breaks ties).
        self.current: dict[RiskStage, CurrentGrade] = {}
        # Per stage, every assessment in record order (what stood on which day).
        self.assessed: dict[RiskStage, list[Assessed]] = {}

    @classmethod
    def identify(cls, risk_event_id: str, enterprise_id: str, unit_id: str, name: str,
                 accident_types: list[AccidentType], consequence: str) -> RiskEvent:
        risk = cls(risk_event_id)
        risk._record(ev.RiskEventIdentified(
            risk_event_id=risk_event_id, enterprise_id=enterprise_id, unit_id=unit_id,
            name=_name(name, "name", 500), accident_types=_accident_types(accident_types),
            consequence=_text(consequence, "consequence", 1000)))
        return risk

    def revise(self, name: str, accident_types: list[AccidentType], consequence: str) -> None:
        self._ensure_active()
        revised = ev.RiskEventRevised(risk_event_id=self.id, enterprise_id=self.enterprise_id,
                                      name=_name(name, "name", 500), accident_types=_accident_types(accident_types),
                                      consequence=_text(consequence, "consequence", 1000))
        if (revised.name, revised.accident_types, revised.consequence) != (
                self.name, self.accident_types, self.consequence):
            self._record(revised)

    def assess(self, assessment_id: str, stage: RiskStage, method: AssessmentMethod, inputs: dict[str, float],
               policy: GradingPolicy, assessor_id: str, assessed_on: date, reassess_on: date, today: date) -> None:
        """`today` is the plant's date (Beijing time) by the injected clock."""
        self._ensure_active()
        if assessed_on > today:
            raise DomainError(f"评价日期 {assessed_on} 不能晚于今天 ({today})", field="assessed_on")
        if reassess_on <= assessed_on:
            raise DomainError("复评日期须晚于评价日期", field="reassess_on")
        check_assessment_dates(assessed_on, reassess_on)
        self._check_residual_has_inherent(stage, assessed_on)
        g = grade(method, inputs, policy)
        self._check_residual_within_inherent(stage, Assessed(method, g.value, assessed_on), policy)
        self._record(ev.RiskAssessed(
            risk_event_id=self.id, enterprise_id=self.enterprise_id, assessment_id=assessment_id, stage=stage,
            method=method, inputs=inputs, value=g.value, level=g.level, control_level=policy.control_level(g.level),
            assessor_id=assessor_id, assessed_on=assessed_on, reassess_on=reassess_on))

    def _check_residual_has_inherent(self, stage: RiskStage, assessed_on: date) -> None:
        """A residual risk is what is left of the inherent one after controls: it is assessed
        after an inherent one exists, dated on or before it."""
        if stage is not RiskStage.RESIDUAL:
            return
        first = min((a.assessed_on for a in self.assessed.get(RiskStage.INHERENT, [])), default=None)
        if first is None:
            raise DomainError("尚未评价固有风险，须先评价固有风险再评价剩余风险", field="stage",
                              code="no_inherent_assessment")
        if first > assessed_on:
            raise DomainError(f"剩余风险的评价日期 {assessed_on} 早于最早的固有风险评价（{first}），"
                              "须有当时的固有风险评价", field="assessed_on", code="no_inherent_assessment")

    def _check_residual_within_inherent(self, stage: RiskStage, new: Assessed, policy: GradingPolicy) -> None:
        """Controls never make a risk worse: on every day, the residual risk current that day is at
        most the inherent risk current that day. A new assessment of `stage` dated D is current
        from D until the next assessment of that stage dated after D (for good, if none is), so it
        is compared with each assessment of the other stage current on some day of that span —
        not with today's current grade: a back-dated one is judged against what stood at its own
        dates, and one that never becomes current (a later one of its stage exists) against what
        stood until then. Values compare when both use one method; across methods, the levels do
        (1 重大 … 4 低), both banded by the policy in force."""
        later = [a.assessed_on for a in self.assessed.get(stage, []) if a.assessed_on > new.assessed_on]
        other_stage = RiskStage.RESIDUAL if stage is RiskStage.INHERENT else RiskStage.INHERENT
        for other in self._current_between(other_stage, new.assessed_on, min(later, default=None)):
            inherent, residual = (other, new) if stage is RiskStage.RESIDUAL else (new, other)
            if inherent.method is residual.method:
                worse = residual.value > inherent.value
                shown = f"{residual.value:g} > {inherent.value:g}"
            else:
                inherent_level = policy.bands(inherent.method).level(inherent.value)
                residual_level = policy.bands(residual.method).level(residual.value)
                worse = int(residual_level) < int(inherent_level)
                shown = f"{RISK_LEVEL_LABELS[residual_level]}高于{RISK_LEVEL_LABELS[inherent_level]}"
            if worse:
                raise DomainError(f"剩余风险不能高于固有风险（{shown}，对照{other.assessed_on}的"
                                  f"{RISK_STAGE_LABELS[other_stage]}评价），请核对评价取值", field="inputs",
                                  code="residual_above_inherent")

    def _current_between(self, stage: RiskStage, start: date, end: date | None) -> list[Assessed]:
        """The assessments of `stage` current on some day from `start` until before `end` (no end:
        until now): the one standing on `start`, then each dated inside. On one date only the last
        recorded ever stands."""
        standing = {a.assessed_on: a for a in self.assessed.get(stage, [])}  # record order: the last wins
        days = sorted(standing)
        before = [d for d in days if d <= start]
        return [standing[d] for d in before[-1:]] + [standing[d] for d in days
                                                     if d > start and (end is None or d < end)]

    def regrade(self, policy: GradingPolicy, policy_version: int) -> None:
        """Apply a changed grading policy to the current assessments; record what moved."""
        if self.retired:
            return
        self._check_regrade_keeps_residual_within_inherent(policy)
        for stage, g in list(self.current.items()):
            new_level = policy.bands(g.method).level(g.value)
            new_control = policy.control_level(new_level)
            if (new_level, new_control) != (g.level, g.control_level):
                self._record(ev.RiskRegraded(
                    risk_event_id=self.id, enterprise_id=self.enterprise_id, stage=stage, value=g.value,
                    from_level=g.level, level=new_level, control_level=new_control, policy_version=policy_version))

    def _check_regrade_keeps_residual_within_inherent(self, policy: GradingPolicy) -> None:
        """New bands may grade an inherent risk and its residual (assessed by different methods)
        so that the residual stands above it — the state an assessment is refused for. Then the
        policy change is refused (the whole change: decision 24), naming the risk to re-assess."""
        inherent, residual = self.current.get(RiskStage.INHERENT), self.current.get(RiskStage.RESIDUAL)
        if inherent is None or residual is None or inherent.method is residual.method:
            return
        inherent_level = policy.bands(inherent.method).level(inherent.value)
        residual_level = policy.bands(residual.method).level(residual.value)
        if int(residual_level) < int(inherent_level):
            raise DomainConflict(
                f"按新的分级标准，风险事件「{self.name}」的残余风险（{RISK_LEVEL_LABELS[residual_level]}）将高于"
                f"固有风险（{RISK_LEVEL_LABELS[inherent_level]}），请先重新评价该风险事件再修改分级标准",
                code="residual_above_inherent")

    def retire(self, reason: str, active_measures: int) -> None:
        self._ensure_active()
        if active_measures:
            raise DomainConflict(f"尚有{active_measures}项管控措施在用", code="has_children")
        self._record(ev.RiskEventRetired(risk_event_id=self.id, enterprise_id=self.enterprise_id,
                                         reason=_text(reason, "reason", 500)))

    def when_RiskEventIdentified(self, e: ev.RiskEventIdentified) -> None:
        self.enterprise_id, self.unit_id, self.name = e.enterprise_id, e.unit_id, e.name
        self.accident_types, self.consequence = list(e.accident_types), e.consequence

    def when_RiskEventRevised(self, e: ev.RiskEventRevised) -> None:
        self.name, self.accident_types, self.consequence = e.name, list(e.accident_types), e.consequence

    def when_RiskAssessed(self, e: ev.RiskAssessed) -> None:
        self.assessed.setdefault(e.stage, []).append(Assessed(e.method, e.value, e.assessed_on))
        now = self.current.get(e.stage)
        if now is None or e.assessed_on >= now.assessed_on:
            self.current[e.stage] = CurrentGrade(e.method, e.value, e.level, e.control_level, e.assessed_on)

    def when_RiskRegraded(self, e: ev.RiskRegraded) -> None:
        self.current[e.stage] = replace(self.current[e.stage], level=e.level, control_level=e.control_level)

    def when_RiskEventRetired(self, e: ev.RiskEventRetired) -> None:
        self.retired = True
