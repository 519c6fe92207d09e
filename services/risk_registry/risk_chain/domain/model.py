"""Aggregates of the risk chain (the risk event, with its assessments, is in risk_event.py). Each
checks its own rules and records events; references to
other aggregates (department, person, post, parent in the chain) are checked by the handlers
against the read model, which is never behind the log (inline projection)."""

from __future__ import annotations

from libs.aggregate import Aggregate, DomainConflict, DomainError
from libs.names import checked_name as _name
from libs.names import checked_text as _text
from services.risk_registry.risk_chain.domain import events as ev
from services.risk_registry.risk_chain.domain.codes import (
    CLASSIFY2_LABELS,
    AssessmentMethod,
    Classify1,
    ControlLevel,
    DataSource,
    RiskLevel,
    RiskObjectKind,
)
from services.risk_registry.risk_chain.domain.four_colour_map import DEFAULT_PLANT_EXTENT, within_extent
from services.risk_registry.risk_chain.domain.grading import (
    Bands,
    GradingPolicy,
    Substance,
    check_bands_reachable,
    rate_major_hazard,
)


def check_outline(outline: list[tuple[float, float]] | None,
                  extent: float = DEFAULT_PLANT_EXTENT) -> list[ev.Point] | None:
    """A simple polygon with at least three corners and a non-zero area, inside the plant's
    extent (|x|, |y| ≤ `extent`), so areas and their sums stay finite and the map readable."""
    if outline is None:
        return None
    if len(outline) < 3:
        raise DomainError("区域轮廓至少需要3个顶点", field="outline")
    for i, point in enumerate(outline):
        if not within_extent(point, extent):
            raise DomainError(f"区域轮廓第{i + 1}个顶点超出厂区范围（各坐标绝对值不超过 {extent:g}）",
                              field=f"outline.{i}")
    area2 = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(outline, outline[1:] + outline[:1], strict=True))
    if area2 == 0:
        raise DomainError("区域轮廓面积为零", field="outline")
    if _self_intersects(outline):
        raise DomainError("区域轮廓自相交", field="outline")
    return [(float(x), float(y)) for x, y in outline]


def _self_intersects(points: list[tuple[float, float]]) -> bool:
    """Whether the outline meets itself anywhere but where neighbouring edges share their corner:
    edges that cross, a corner lying on another edge, two edges meeting at a corner (a figure
    eight), or an edge running back along the one before it."""
    n = len(points)
    edges = [(points[i], points[(i + 1) % n]) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                shared, far = (edges[i][1], (edges[i][0], edges[j][1])) if j == i + 1 else \
                              (edges[i][0], (edges[i][1], edges[j][0]))
                if _folds_back(shared, *far):
                    return True
            elif _segments_meet(*edges[i], *edges[j]):
                return True
    return False


def _orient(a, b, c) -> int:
    v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (v > 0) - (v < 0)


def _on_segment(a, b, p) -> bool:
    """`p`, collinear with a–b, lies between them."""
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def _segments_meet(a, b, c, d) -> bool:
    o1, o2, o3, o4 = _orient(a, b, c), _orient(a, b, d), _orient(c, d, a), _orient(c, d, b)
    if o1 * o2 < 0 and o3 * o4 < 0:
        return True
    return ((o1 == 0 and _on_segment(a, b, c)) or (o2 == 0 and _on_segment(a, b, d))
            or (o3 == 0 and _on_segment(c, d, a)) or (o4 == 0 and _on_segment(c, d, b)))


def _folds_back(shared, p, q) -> bool:
    """Neighbouring edges shared–p and shared–q overlap: collinear, leaving the corner the same way."""
    return (_orient(shared, p, q) == 0
            and (p[0] - shared[0]) * (q[0] - shared[0]) + (p[1] - shared[1]) * (q[1] - shared[1]) > 0)


class Retirable(Aggregate):
    retired = False

    def _ensure_active(self) -> None:
        if self.retired:
            raise DomainError("已停用，不能修改", code="retired")



def _hand_over_fields(handed_over: tuple[str, str] | None) -> dict[str, str]:
    """The event fields that say a hand-over (职责移交) moved a duty, from whom to whom."""
    return {"handed_over_from_id": handed_over[0], "handed_over_to_id": handed_over[1]} if handed_over else {}

class RiskObject(Retirable):
    """风险分析对象."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = ""
        self.kind: RiskObjectKind | None = None
        self.name = ""
        self.code: str | None = None
        self.department_id = ""
        self.outline: list[ev.Point] | None = None
        self.rating: ev.MajorHazardRated | None = None
        self.guardians: tuple[str, str, str] | None = None

    @classmethod
    def register(cls, object_id: str, enterprise_id: str, kind: RiskObjectKind, name: str, code: str | None,
                 department_id: str, outline, extent: float = DEFAULT_PLANT_EXTENT) -> RiskObject:
        obj = cls(object_id)
        obj._record(ev.RiskObjectRegistered(
            object_id=object_id, enterprise_id=enterprise_id, kind=kind, name=_name(name, "name", 200),
            code=_text(code, "code", 36) if code else None, department_id=department_id,
            outline=check_outline(outline, extent)))
        return obj

    def revise(self, name: str, code: str | None, department_id: str, outline,
               extent: float = DEFAULT_PLANT_EXTENT) -> None:
        self._ensure_active()
        revised = ev.RiskObjectRevised(object_id=self.id, enterprise_id=self.enterprise_id,
                                       name=_name(name, "name", 200), code=_text(code, "code", 36) if code else None,
                                       department_id=department_id, outline=check_outline(outline, extent))
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
        if not rating.is_major_hazard_source:
            raise DomainError(f"Σq/Q = {rating.ratio_sum} < 1，未构成重大危险源", field="substances")
        self._record(ev.MajorHazardRated(
            object_id=self.id, enterprise_id=self.enterprise_id, alpha=alpha,
            substances=[ev.SubstanceQuantity(name=s.name, q=s.q, critical_q=s.critical_q, beta=s.beta)
                        for s in substances],
            ratio_sum=rating.ratio_sum, r_value=rating.r_value, grade=rating.grade))

    def assign_guardians(self, principal_id: str, technical_id: str, operations_id: str,
                         handed_over: tuple[str, str] | None = None) -> None:
        """`handed_over`: (from, to) when a hand-over (职责移交) makes the assignment."""
        self._ensure_active()
        self._ensure_major_hazard()
        if (principal_id, technical_id, operations_id) != self.guardians:
            self._record(ev.MajorHazardGuardiansAssigned(
                object_id=self.id, enterprise_id=self.enterprise_id, principal_id=principal_id,
                technical_id=technical_id, operations_id=operations_id, **_hand_over_fields(handed_over)))

    def hand_over_guardian(self, from_person_id: str, to_person_id: str) -> None:
        """包保 moves to a successor: every slot `from_person_id` holds, in one assignment."""
        self._ensure_active()
        if self.guardians is None or from_person_id not in self.guardians:
            return
        principal, technical, operations = (to_person_id if g == from_person_id else g for g in self.guardians)
        self.assign_guardians(principal, technical, operations, handed_over=(from_person_id, to_person_id))

    def retire(self, reason: str, active_units: int) -> None:
        self._ensure_active()
        if active_units:
            raise DomainConflict(f"尚有{active_units}个风险分析单元在用", code="has_children")
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


class RiskUnit(Retirable):
    """安全风险分析单元."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = self.object_id = self.name = self.department_id = self.liable_person_id = ""

    @classmethod
    def create(cls, unit_id: str, enterprise_id: str, object_id: str, name: str, department_id: str,
               liable_person_id: str) -> RiskUnit:
        unit = cls(unit_id)
        unit._record(ev.RiskUnitCreated(unit_id=unit_id, enterprise_id=enterprise_id, object_id=object_id,
                                        name=_name(name, "name", 200), department_id=department_id,
                                        liable_person_id=liable_person_id))
        return unit

    def revise(self, name: str, department_id: str, liable_person_id: str,
               handed_over: tuple[str, str] | None = None) -> None:
        """`handed_over`: (from, to) when a hand-over (职责移交) makes the revision."""
        self._ensure_active()
        name = _name(name, "name", 200)
        if (name, department_id, liable_person_id) != (self.name, self.department_id, self.liable_person_id):
            self._record(ev.RiskUnitRevised(unit_id=self.id, enterprise_id=self.enterprise_id, name=name,
                                            department_id=department_id, liable_person_id=liable_person_id,
                                            **_hand_over_fields(handed_over)))

    def hand_over(self, from_person_id: str, to_person_id: str) -> None:
        """The unit's 责任人 moves to a successor."""
        if self.liable_person_id == from_person_id:
            self.revise(self.name, self.department_id, to_person_id, handed_over=(from_person_id, to_person_id))

    def retire(self, reason: str, active_events: int) -> None:
        self._ensure_active()
        if active_events:
            raise DomainConflict(f"尚有{active_events}个风险事件在用", code="has_children")
        self._record(ev.RiskUnitRetired(unit_id=self.id, enterprise_id=self.enterprise_id,
                                        reason=_text(reason, "reason", 500)))

    def when_RiskUnitCreated(self, e: ev.RiskUnitCreated) -> None:
        self.enterprise_id, self.object_id, self.name = e.enterprise_id, e.object_id, e.name
        self.department_id, self.liable_person_id = e.department_id, e.liable_person_id

    def when_RiskUnitRevised(self, e: ev.RiskUnitRevised) -> None:
        self.name, self.department_id, self.liable_person_id = e.name, e.department_id, e.liable_person_id

    def when_RiskUnitRetired(self, e: ev.RiskUnitRetired) -> None:
        self.retired = True


def _classify(classify1: Classify1, classify2: str) -> str:
    classify2 = str(getattr(classify2, "value", classify2))
    if classify2 not in CLASSIFY2_LABELS:
        raise DomainError(f"未知的措施分类2: {classify2}", field="classify2")
    if not classify2.startswith(f"{classify1.value}-"):
        raise DomainError(f"措施分类2 {classify2} 不属于分类1 {classify1.value}", field="classify2")
    return classify2


class ControlMeasure(Retirable):
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
        check_bands_reachable(lec, AssessmentMethod.LEC, "lec")
        check_bands_reachable(ls, AssessmentMethod.LS, "ls")
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
        self.policy = GradingPolicy(Bands(**e.lec.bounds()), Bands(**e.ls.bounds()),
                                    {RiskLevel(k): ControlLevel(v) for k, v in e.control_levels.items()})
