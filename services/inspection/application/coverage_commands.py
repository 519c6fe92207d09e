"""The admin's coverage rules as a request body (`PUT /coverage-rules`): the lowest check frequency
per control level; a level left out keeps the default. The whole set is replaced each time."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from libs.aggregate import DomainError
from libs.commands import Command, EnterpriseCommand
from services.inspection.domain.codes import CheckCycleUnit
from services.inspection.domain.coverage_rules import ControlLevel, FrequencyRule


class Frequency(Command):
    control_level: ControlLevel = Field(description="管控层级: company 公司级, department 部门级, team 班组级, "
                                                    "post 岗位级")
    check_cycle: Decimal = Field(description="至少每隔多少 (同排查周期: 大于 0, 最多两位小数)",
                                 json_schema_extra={"exclusiveMinimum": 0, "maximum": 99.99})
    check_cycle_unit: CheckCycleUnit = Field(description="周期单位: 小时、天、月、年")


class SetCoverageRules(EnterpriseCommand):
    frequencies: list[Frequency] = Field(default_factory=list, max_length=len(ControlLevel),
                                         description="各管控层级的最低排查频次; 未列出的层级用默认值")

    def checked(self) -> list[FrequencyRule]:
        seen: set[ControlLevel] = set()
        rules = []
        for i, f in enumerate(self.frequencies):
            at = f"frequencies[{i}]."
            if f.control_level in seen:
                raise DomainError(f"管控层级“{f.control_level.label}”重复", field=at + "control_level")
            seen.add(f.control_level)
            rules.append(FrequencyRule.of(f.control_level, f.check_cycle, f.check_cycle_unit, at))
        return rules
