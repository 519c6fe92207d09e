"""What the coverage report is computed from: one enterprise's risk chain and posts as the
directory replica holds them, and its live tasks and published plans as inspection holds them —
plain rows, read through the `CoverageFacts` port (application/coverage.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from services.inspection.domain.codes import CheckCycleUnit
from services.inspection.domain.coverage_rules import ControlLevel

MAJOR_HAZARD_SOURCE = "major_hazard_source"
INSPECTED = "2"  # a measure's control method (dataSrc) 2 隐患排查: it is checked by tasks
LEVEL_LABELS = {1: "重大风险", 2: "较大风险", 3: "一般风险", 4: "低风险"}


@dataclass(frozen=True)
class RiskObject:
    id: str
    name: str | None
    kind: str | None


@dataclass(frozen=True)
class RiskUnit:
    id: str
    name: str | None
    object_id: str | None
    level: int | None  # the highest current level of its live risk events (1 重大 … 4 低), as the registry lists it


@dataclass(frozen=True)
class Measure:
    """A live control measure, with where it sits in the chain and its risk's control level."""

    id: str
    description: str | None
    classify2: str | None
    data_source: str | None
    post_id: str | None
    unit_id: str | None
    control_level: ControlLevel | None


@dataclass(frozen=True)
class Post:
    id: str
    name: str | None
    people: int  # live people on it


@dataclass(frozen=True)
class Task:
    """A live check task: scheduled (it has a cycle) and not retired — one with no cycle is never issued."""

    id: str
    post_id: str
    content: str
    measure_id: str | None = None
    plan_id: str | None = None
    object_id: str | None = None  # a 包保 task's risk object
    cycle: Decimal | None = None
    unit: CheckCycleUnit | None = None


@dataclass(frozen=True)
class PlanItem:
    no: int
    item: str
    measure_id: str | None = None
    low: float | None = None
    high: float | None = None
    key_parameter: bool = False  # it has a safe range (a unit and at least one bound)


@dataclass(frozen=True)
class Plan:
    """A published plan (排查计划) and its checklist."""

    id: str
    title: str
    kind: int
    items: tuple[PlanItem, ...] = ()


@dataclass
class Facts:
    objects: list[RiskObject] = field(default_factory=list)
    units: list[RiskUnit] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
