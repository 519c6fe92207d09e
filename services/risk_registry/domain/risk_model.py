"""Aggregates of the risk chain. Each checks its own rules and records events; references to
other aggregates (department, person, post, parent in the chain) are checked by the handlers
against the read model, which is never behind the log (inline projection)."""

from __future__ import annotations

from datetime import date

from libs.aggregate import Aggregate, DomainError
from services.risk_registry.domain import risk_events as ev
from services.risk_registry.domain.grading import (
    Bands,
    GradingPolicy,
    Substance,
    grade,
    rate_major_hazard,
)
from services.risk_registry.domain.risk_codes import (
    CLASSIFY2_LABELS,
    AccidentType,
    AssessmentMethod,
    Classify1,
    ControlLevel,
    DataSource,
    RiskLevel,
    RiskObjectKind,
    RiskStage,
)


def _text(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise DomainError("不能为空", field=field)
    if len(value) > limit:
        raise DomainError(f"不能超过{limit}个字符", field=field)
    return value


def check_outline(outline: list[tuple[float, float]] | None) -> list[tuple[float, float]] | None:
    """A simple polygon with at least three corners and a non-zero area."""
    if outline is None:
        return None
    if len(outline) < 3:
        raise DomainError("区域轮廓至少需要3个顶点", field="outline")
    area2 = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(outline, outline[1:] + outline[:1], strict=True))
    if area2 == 0:
        raise DomainError("区域轮廓面积为零", field="outline")
    if _self_intersects(outline):
        raise DomainError("区域轮廓自相交", field="outline")
    return [(float(x), float(y)) for x, y in outline]


def _self_intersects(points: list[tuple[float, float]]) -> bool:
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (v > 0) - (v < 0)

    edges = list(zip(points, points[1:] + points[:1], strict=True))
    for i, (a, b) in enumerate(edges):
        for j, (c, d) in enumerate(edges):
            if j <= i + 1 or (i == 0 and j == len(edges) - 1):
                continue  # neighbours share a corner
            if orient(a, b, c) * orient(a, b, d) < 0 and orient(c, d, a) * orient(c, d, b) < 0:
                return True
    return False


class _Retirable(Aggregate):
    retired = False

    def _ensure_active(self) -> None:
        if self.retired:
            raise DomainError("已停用，不能修改", code="retired")


class RiskObject(_Retirable):
    """风险分析对象."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = ""
        self.kind: RiskObjectKind | None = None
        self.name = ""
        self.code: str | None = None
        self.department_id = ""
        self.outline = None
        self.rating: ev.MajorHazardRated | None = None
        self.guardians: tuple[str, str, str] | None = None

    @classmethod
    def register(cls, object_id: str, enterprise_id: str, kind: RiskObjectKind, name: str, code: str | None,
                 department_id: str, outline) -> RiskObject:
        obj = cls(object_id)
        obj._record(ev.RiskObjectRegistered(
            object_id=object_id, enterprise_id=enterprise_id, kind=kind, name=_text(name, "name", 200),
            code=_text(code, "code", 36) if code else None, department_id=department_id,
            outline=check_outline(outline)))
        return obj

    def revise(self, name: str, code: str | None, department_id: str, outline) -> None:
        self._ensure_active()
        revised = ev.RiskObjectRevised(object_id=self.id, enterprise_id=self.enterprise_id,
                                       name=_text(name, "name", 200), code=_text(code, "code", 36) if code else None,
                                       department_id=department_id, outline=check_outline(outline))
        if (revised.name, revised.code, revised.department_id, revised.outline) != (
                self.name, self.code, self.department_id, self.outline):
            self._record(revised)

    def _ensure_major_hazard(self) -> None:
        if self.kind is not RiskObjectKind.MAJOR_HAZARD_SOURCE:
            raise DomainError("仅重大危险源需要此操作", field="kind")

    def rate(self, alpha: float, substances: list[Substance]) -> None:
        self._ensure_active()
        self._ensure_major_hazard()
        rating = rate_major_hazard(alpha, substances)
        if rating.ratio_sum < 1:
            raise DomainError(f"Σq/Q = {rating.ratio_sum} < 1，未构成重大危险源", field="substances")
        self._record(ev.MajorHazardRated(
            object_id=self.id, enterprise_id=self.enterprise_id, alpha=alpha,
            substances=[ev.SubstanceQuantity(name=s.name, q=s.q, critical_q=s.critical_q, beta=s.beta)
                        for s in substances],
            ratio_sum=rating.ratio_sum, r_value=rating.r_value, grade=rating.grade))

    def assign_guardians(self, principal_id: str, technical_id: str, operations_id: str) -> None:
        self._ensure_active()
        self._ensure_major_hazard()
        if (principal_id, technical_id, operations_id) != self.guardians:
            self._record(ev.MajorHazardGuardiansAssigned(
                object_id=self.id, enterprise_id=self.enterprise_id, principal_id=principal_id,
                technical_id=technical_id, operations_id=operations_id))

    def retire(self, reason: str, active_units: int) -> None:
        self._ensure_active()
        if active_units:
            raise DomainError(f"尚有{active_units}个风险分析单元在用", code="has_children")
        self._record(ev.RiskObjectRetired(object_id=self.id, enterprise_id=self.enterprise_id,
                                          reason=_text(reason, "reason", 500)))

    def when_RiskObjectRegistered(self, e: ev.RiskObjectRegistered) -> None:
        self.enterprise_id, self.kind, self.name, self.code = e.enterprise_id, e.kind, e.name, e.code
        self.department_id, self.outline = e.department_id, e.outline

    def when_RiskObjectRevised(self, e: ev.RiskObjectRevised) -> None:
        self.name, self.code, self.department_id, self.outline = e.name, e.code, e.department_id, e.outline

    def when_MajorHazardRated(self, e: ev.MajorHazardRated) -> None:
        self.rating = e

    def when_MajorHazardGuardiansAssigned(self, e: ev.MajorHazardGuardiansAssigned) -> None:
        self.guardians = (e.principal_id, e.technical_id, e.operations_id)

    def when_RiskObjectRetired(self, e: ev.RiskObjectRetired) -> None:
        self.retired = True


class RiskUnit(_Retirable):
    """安全风险分析单元."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = self.object_id = self.name = self.department_id = self.liable_person_id = ""

    @classmethod
    def create(cls, unit_id: str, enterprise_id: str, object_id: str, name: str, department_id: str,
               liable_person_id: str) -> RiskUnit:
        unit = cls(unit_id)
        unit._record(ev.RiskUnitCreated(unit_id=unit_id, enterprise_id=enterprise_id, object_id=object_id,
                                        name=_text(name, "name", 200), department_id=department_id,
                                        liable_person_id=liable_person_id))
        return unit

    def revise(self, name: str, department_id: str, liable_person_id: str) -> None:
        self._ensure_active()
        name = _text(name, "name", 200)
        if (name, department_id, liable_person_id) != (self.name, self.department_id, self.liable_person_id):
            self._record(ev.RiskUnitRevised(unit_id=self.id, enterprise_id=self.enterprise_id, name=name,
                                            department_id=department_id, liable_person_id=liable_person_id))

    def retire(self, reason: str, active_events: int) -> None:
        self._ensure_active()
        if active_events:
            raise DomainError(f"尚有{active_events}个风险事件在用", code="has_children")
        self._record(ev.RiskUnitRetired(unit_id=self.id, enterprise_id=self.enterprise_id,
                                        reason=_text(reason, "reason", 500)))

    def when_RiskUnitCreated(self, e: ev.RiskUnitCreated) -> None:
        self.enterprise_id, self.object_id, self.name = e.enterprise_id, e.object_id, e.name
        self.department_id, self.liable_person_id = e.department_id, e.liable_person_id

    def when_RiskUnitRevised(self, e: ev.RiskUnitRevised) -> None:
        self.name, self.department_id, self.liable_person_id = e.name, e.department_id, e.liable_person_id

    def when_RiskUnitRetired(self, e: ev.RiskUnitRetired) -> None:
        self.retired = True


def _accident_types(types: list[AccidentType]) -> list[AccidentType]:
    if not types:
        raise DomainError("至少选择一种事故类别", field="accident_types")
    return sorted(set(types))


class RiskEvent(_Retirable):
    """安全风险事件, with its assessments (固有/剩余风险)."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = self.unit_id = self.name = self.consequence = ""
        self.accident_types: list[AccidentType] = []
        self.current: dict[RiskStage, tuple[AssessmentMethod, dict, float, RiskLevel, ControlLevel]] = {}

    @classmethod
    def identify(cls, risk_event_id: str, enterprise_id: str, unit_id: str, name: str,
                 accident_types: list[AccidentType], consequence: str) -> RiskEvent:
        risk = cls(risk_event_id)
        risk._record(ev.RiskEventIdentified(
            risk_event_id=risk_event_id, enterprise_id=enterprise_id, unit_id=unit_id,
            name=_text(name, "name", 500), accident_types=_accident_types(accident_types),
            consequence=_text(consequence, "consequence", 1000)))
        return risk

    def revise(self, name: str, accident_types: list[AccidentType], consequence: str) -> None:
        self._ensure_active()
        revised = ev.RiskEventRevised(risk_event_id=self.id, enterprise_id=self.enterprise_id,
                                      name=_text(name, "name", 500), accident_types=_accident_types(accident_types),
                                      consequence=_text(consequence, "consequence", 1000))
        if (revised.name, revised.accident_types, revised.consequence) != (
                self.name, self.accident_types, self.consequence):
            self._record(revised)

    def assess(self, assessment_id: str, stage: RiskStage, method: AssessmentMethod, inputs: dict[str, float],
               policy: GradingPolicy, assessor_id: str, assessed_on: date, reassess_on: date) -> None:
        self._ensure_active()
        if reassess_on <= assessed_on:
            raise DomainError("复评日期须晚于评价日期", field="reassess_on")
        g = grade(method, inputs, policy)
        self._record(ev.RiskAssessed(
            risk_event_id=self.id, enterprise_id=self.enterprise_id, assessment_id=assessment_id, stage=stage,
            method=method, inputs=inputs, value=g.value, level=g.level, control_level=policy.control_level(g.level),
            assessor_id=assessor_id, assessed_on=assessed_on, reassess_on=reassess_on))

    def regrade(self, policy: GradingPolicy, policy_version: int) -> None:
        """Apply a changed grading policy to the current assessments; record what moved."""
        if self.retired:
            return
        for stage, (method, _inputs, value, level, control) in list(self.current.items()):
            new_level = policy.bands(method).level(value)
            new_control = policy.control_level(new_level)
            if (new_level, new_control) != (level, control):
                self._record(ev.RiskRegraded(
                    risk_event_id=self.id, enterprise_id=self.enterprise_id, stage=stage, value=value,
                    from_level=level, level=new_level, control_level=new_control, policy_version=policy_version))

    def retire(self, reason: str, active_measures: int) -> None:
        self._ensure_active()
        if active_measures:
            raise DomainError(f"尚有{active_measures}项管控措施在用", code="has_children")
        self._record(ev.RiskEventRetired(risk_event_id=self.id, enterprise_id=self.enterprise_id,
                                         reason=_text(reason, "reason", 500)))

    def when_RiskEventIdentified(self, e: ev.RiskEventIdentified) -> None:
        self.enterprise_id, self.unit_id, self.name = e.enterprise_id, e.unit_id, e.name
        self.accident_types, self.consequence = list(e.accident_types), e.consequence

    def when_RiskEventRevised(self, e: ev.RiskEventRevised) -> None:
        self.name, self.accident_types, self.consequence = e.name, list(e.accident_types), e.consequence

    def when_RiskAssessed(self, e: ev.RiskAssessed) -> None:
        self.current[e.stage] = (e.method, e.inputs, e.value, e.level, e.control_level)

    def when_RiskRegraded(self, e: ev.RiskRegraded) -> None:
        method, inputs, value, _, _ = self.current[e.stage]
        self.current[e.stage] = (method, inputs, value, e.level, e.control_level)

    def when_RiskEventRetired(self, e: ev.RiskEventRetired) -> None:
        self.retired = True


def _classify(classify1: Classify1, classify2: str) -> str:
    classify2 = str(getattr(classify2, "value", classify2))
    if classify2 not in CLASSIFY2_LABELS:
        raise DomainError(f"未知的措施分类2: {classify2}", field="classify2")
    if not classify2.startswith(f"{classify1.value}-"):
        raise DomainError(f"措施分类2 {classify2} 不属于分类1 {classify1.value}", field="classify2")
    return classify2


class ControlMeasure(_Retirable):
    """管控措施."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = self.risk_event_id = ""
        self.fields: dict = {}

    @staticmethod
    def _fields(description: str, classify1: Classify1, classify2: str, classify3: str | None,
                data_source: DataSource, inspection_content: str, responsible_post_id: str) -> dict:
        return {"description": _text(description, "description", 4000), "classify1": classify1,
                "classify2": _classify(classify1, classify2),
                "classify3": _text(classify3, "classify3", 100) if classify3 else None,
                "data_source": data_source, "inspection_content": _text(inspection_content, "inspection_content", 1000),
                "responsible_post_id": responsible_post_id}

    @classmethod
    def define(cls, measure_id: str, enterprise_id: str, risk_event_id: str, **fields) -> ControlMeasure:
        measure = cls(measure_id)
        measure._record(ev.ControlMeasureDefined(measure_id=measure_id, enterprise_id=enterprise_id,
                                                 risk_event_id=risk_event_id, **cls._fields(**fields)))
        return measure

    def revise(self, **fields) -> None:
        self._ensure_active()
        new = self._fields(**fields)
        if new != self.fields:
            self._record(ev.ControlMeasureRevised(measure_id=self.id, enterprise_id=self.enterprise_id, **new))

    def retire(self, reason: str) -> None:
        self._ensure_active()
        self._record(ev.ControlMeasureRetired(measure_id=self.id, enterprise_id=self.enterprise_id,
                                              reason=_text(reason, "reason", 500)))

    def _take(self, e) -> None:
        self.fields = {k: getattr(e, k) for k in ("description", "classify1", "classify2", "classify3",
                                                  "data_source", "inspection_content", "responsible_post_id")}

    def when_ControlMeasureDefined(self, e: ev.ControlMeasureDefined) -> None:
        self.enterprise_id, self.risk_event_id = e.enterprise_id, e.risk_event_id
        self._take(e)

    def when_ControlMeasureRevised(self, e: ev.ControlMeasureRevised) -> None:
        self._take(e)

    def when_ControlMeasureRetired(self, e: ev.ControlMeasureRetired) -> None:
        self.retired = True


class EnterpriseGradingPolicy(Aggregate):
    """One per enterprise (its id is the enterprise id); absent = the defaults."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.policy = GradingPolicy()

    def change(self, lec: Bands, ls: Bands, control_levels: dict[RiskLevel, ControlLevel]) -> bool:
        lec.check("lec")
        ls.check("ls")
        missing = set(RiskLevel) - set(control_levels)
        if missing:
            raise DomainError("须为每个风险等级指定管控层级", field="control_levels")
        new = GradingPolicy(lec, ls, dict(control_levels))
        if new == self.policy:
            return False
        self._record(ev.GradingPolicyChanged(
            enterprise_id=self.id, lec=ev.BandsData(**vars(lec)), ls=ev.BandsData(**vars(ls)),
            control_levels=dict(control_levels)))
        return True

    def when_GradingPolicyChanged(self, e: ev.GradingPolicyChanged) -> None:
        self.policy = GradingPolicy(Bands(**e.lec.model_dump()), Bands(**e.ls.model_dump()),
                                    {RiskLevel(k): ControlLevel(v) for k, v in e.control_levels.items()})
