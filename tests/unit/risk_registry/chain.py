"""The risk chain's domain as the rule tests see it, and the small builders they share.

The only place the `test_rules_*` tests name the service's modules: when the risk chain moves
(`services/risk_registry/risk_chain/domain/…`), the imports below are the ones to change.
The builders add to `tests/unit/risk_registry/builders.py` (an object, unit and risk event of
one enterprise) what the rules need besides: measures, policies, retired things."""

from __future__ import annotations

from typing import TypeVar

from libs.aggregate import Aggregate, DomainConflict, DomainError
from services.risk_registry.directory.domain.codes import PersonRole
from services.risk_registry.directory.domain.duties import (
    GUARDIAN_SLOTS,
    Duty,
    DutyKind,
    check_successor,
    refuse_departure,
    refuse_retirement,
    refuse_role_loss,
)
from services.risk_registry.risk_chain.domain import events as ev
from services.risk_registry.risk_chain.domain.codes import (
    CLASSIFY2_LABELS,
    AccidentType,
    AssessmentMethod,
    Classify1,
    ControlLevel,
    DataSource,
    MajorHazardGrade,
    RiskLevel,
    RiskObjectKind,
    RiskStage,
)
from services.risk_registry.risk_chain.domain.four_colour_map import DEFAULT_PLANT_EXTENT, within_extent
from services.risk_registry.risk_chain.domain.grading import (
    DEFAULT_CONTROL_LEVELS,
    LEC_C,
    LEC_E,
    LEC_L,
    Bands,
    GradingPolicy,
    Substance,
    grade,
    rate_major_hazard,
)
from services.risk_registry.risk_chain.domain.model import (
    ControlMeasure,
    EnterpriseGradingPolicy,
    RiskObject,
    RiskUnit,
    check_outline,
)
from services.risk_registry.risk_chain.domain.risk_event import RiskEvent
from tests.unit.risk_registry.builders import TODAY, assess, guarded, risk_event, risk_object, risk_unit

__all__ = [
    "AccidentType", "Aggregate", "AssessmentMethod", "Bands", "CLASSIFY2_LABELS", "Classify1", "ControlLevel",
    "ControlMeasure", "DEFAULT_CONTROL_LEVELS", "DEFAULT_PLANT_EXTENT", "DataSource", "DomainConflict", "DomainError",
    "Duty", "DutyKind", "EnterpriseGradingPolicy", "GUARDIAN_SLOTS", "GradingPolicy", "INHERENT", "LEC", "LEC_C",
    "LEC_E", "LEC_L", "LS", "MajorHazardGrade", "PersonRole", "RESIDUAL", "RiskEvent", "RiskLevel", "RiskObject",
    "RiskObjectKind", "RiskStage", "RiskUnit", "Substance", "TODAY", "assess", "check_outline", "check_successor",
    "control_levels", "ev", "grade", "guarded", "measure", "measure_fields", "policy", "rate_major_hazard",
    "refuse_departure", "refuse_retirement", "refuse_role_loss", "retired", "risk_event", "risk_object", "risk_unit",
    "saved", "within_extent",
]

LEC, LS = AssessmentMethod.LEC, AssessmentMethod.LS
INHERENT, RESIDUAL = RiskStage.INHERENT, RiskStage.RESIDUAL
A = TypeVar("A", bound=Aggregate)


def saved(aggregate: A) -> A:
    """As the repository leaves it: what it recorded is history, nothing pending."""
    aggregate.mark_saved()
    return aggregate


def measure_fields(**changes) -> dict:
    """A valid 管控措施: a safety instrument (1-4) watched by automated monitoring."""
    return {"description": "储罐设温度高高联锁，自动开启喷淋降温", "classify1": Classify1.ENGINEERING,
            "classify2": "1-4", "classify3": None, "data_source": DataSource("1"),
            "inspection_content": "检查温度联锁投用状态及喷淋阀门", "responsible_post_id": "post-1", **changes}


def measure(measure_id: str = "cm-1", risk_event_id: str = "re-1", **changes) -> ControlMeasure:
    return saved(ControlMeasure.define(measure_id, "ent-1", risk_event_id, **measure_fields(**changes)))


def retired(aggregate: A) -> A:
    """Retired with nothing left under it (a measure has nothing under it)."""
    if isinstance(aggregate, ControlMeasure):
        aggregate.retire("工艺变更")
    else:
        aggregate.retire("工艺变更", 0)
    return saved(aggregate)


def control_levels(**changes: ControlLevel) -> dict[RiskLevel, ControlLevel]:
    """The default level → control-level mapping, with the levels named in `changes` moved
    (`control_levels(GENERAL=ControlLevel.DEPARTMENT)`)."""
    return {**DEFAULT_CONTROL_LEVELS, **{RiskLevel[name]: level for name, level in changes.items()}}


def policy(lec: Bands | None = None, ls: Bands | None = None,
           levels: dict[RiskLevel, ControlLevel] | None = None) -> GradingPolicy:
    """The defaults of DOMAIN.md §3 but for what is given."""
    default = GradingPolicy()
    return GradingPolicy(lec or default.lec, ls or default.ls, levels or dict(default.control_levels))
