"""An enterprise's coverage rules as its admin sets them (`PUT /coverage-rules`): one stream per
enterprise (`coveragerules-<enterprise id>`), each setting an event, the last in force; a level the
admin leaves out keeps the default (coverage_rules.DEFAULT_RULES)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from libs.aggregate import Aggregate
from libs.events import DomainEvent
from services.inspection.domain.codes import CheckCycleUnit
from services.inspection.domain.coverage_rules import DEFAULT_RULES, ControlLevel, FrequencyRule
from services.inspection.domain.wire import CheckCycle

P = "shuangkong.inspection."


class MinimumFrequency(BaseModel):
    """最低排查频次: at least one check every check_cycle check_cycle_unit at this control level."""

    model_config = ConfigDict(frozen=True)
    control_level: ControlLevel
    check_cycle: CheckCycle
    check_cycle_unit: CheckCycleUnit


class CoverageRulesSet(DomainEvent):
    """排查覆盖规则设定: the lowest frequency per control level the enterprise's tasks are held to."""

    TYPE = P + "CoverageRulesSet"
    enterprise_id: str
    frequencies: list[MinimumFrequency]
    set_by: str
    set_at: datetime  # on the service's clock


COVERAGE_RULE_EVENTS: list[type[DomainEvent]] = [CoverageRulesSet]


class CoverageRules(Aggregate):
    """The rules in force for one enterprise (its id is the aggregate's)."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.frequencies: dict[ControlLevel, FrequencyRule] = dict(DEFAULT_RULES)
        self.own: set[ControlLevel] = set()  # the levels the enterprise set itself

    def set(self, rules: list[FrequencyRule], by: str, at: datetime) -> None:
        self._record(CoverageRulesSet(enterprise_id=self.id, set_by=by, set_at=at, frequencies=[
            MinimumFrequency(control_level=r.level, check_cycle=r.cycle, check_cycle_unit=r.unit) for r in rules]))

    def when_CoverageRulesSet(self, e: CoverageRulesSet) -> None:
        self.frequencies = dict(DEFAULT_RULES)
        self.own = set()
        for f in e.frequencies:
            self.frequencies[f.control_level] = FrequencyRule(f.control_level, f.check_cycle, f.check_cycle_unit)
            self.own.add(f.control_level)
