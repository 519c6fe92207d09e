"""Every code table of every dialect: each official code passes, one outside is refused naming
the field. (snapshot builder, snapshot attribute, wire field, the codes, one that is not)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from services.gov_sync.domain.dialects import DIALECTS, Dialect
from tests.unit.gov_sync.builders import ENTERPRISE, hazard, measure, record, task, unit

Case = tuple[Callable[[], Any], str, str, tuple[Any, ...], Any]
CLASSIFY2_COMMON = ("1-1", "1-2", "1-3", "1-4", "1-5", "2-1", "2-2", "3-1", "3-2", "3-3", "4-1", "4-2", "4-3",
                    "4-4", "4-5")

SHARED: list[Case] = [
    (measure, "data_source", "dataSrc", ("1", "2"), "3"),
    (measure, "classify1", "classify1", ("1", "2", "3", "4"), "5"),
    (record, "check_status", "checkStatus", (0, 1, 2, 3), 4),
    (hazard, "level", "dangerLevel", (0, 1), 2),
    (hazard, "source", "dangerSrc", tuple(range(1, 11)), 11),
    (hazard, "manage_type", "dangerManageType", (0, 1), 2),
    (hazard, "hazard_type", "hazardDangerType", tuple(range(1, 9)), 9),
    (hazard, "state", "dangerState", (0, 1, 9), 2),
]
PARK: list[Case] = [
    *SHARED,
    (lambda: unit(), "risk_level", "riskClass", (1, 2, 3, 4), 5),
    (measure, "classify2", "classify2", CLASSIFY2_COMMON, "2-3"),
    (hazard, "management_class", "managementClassification", (1, 2, 3), 4),
    (hazard, "occurrence_link", "occurrenceLink", tuple(range(1, 11)), 11),
]
UPLOADER: list[Case] = [
    *SHARED,
    (measure, "classify2", "classify2", (*CLASSIFY2_COMMON, "2-3", "3-4"), "3-5"),
    (lambda: task(check_cycle_unit="天"), "check_cycle_unit", "checkCycleUnit", ("小时", "天", "月", "年"), "周"),
    (task, "work_day_type", "workDayType", (0, 1, 2), 3),
    (lambda: task(task_num=1), "work_type", "workType", (0, 1, 2, 3), 4),
    (hazard, "category", "hazardCategory", (0, 1, 2, 3), 4),
]
CASES = {"park": PARK, "uploader": UPLOADER, "provincial": UPLOADER}


def cases() -> list[tuple[str, Case]]:
    return [(name, case) for name, table in CASES.items() for case in table]


@pytest.mark.parametrize(("dialect_name", "case"), cases(), ids=lambda x: x if isinstance(x, str) else x[2])
def test_codes_pass_and_a_code_outside_is_refused(dialect_name: str, case: Case) -> None:
    dialect: Dialect = DIALECTS[dialect_name]
    build, attribute, wire_field, good, bad = case
    for code in good:
        assert dialect.readiness(replace(build(), **{attribute: code}), ENTERPRISE) == [], (wire_field, code)
    found = dialect.readiness(replace(build(), **{attribute: bad}), ENTERPRISE)
    assert [v.field for v in found] == [wire_field]
    assert "代码表" in found[0].reason


def test_the_uploaders_risk_scale_refuses_what_is_not_0_to_3() -> None:
    from services.gov_sync.domain.dialects.uploader import RULES
    from services.gov_sync.domain.snapshots import Entity

    (violation,) = [v for v in RULES[Entity.RISK_UNIT].validate({"riskClass": 4}) if v.field == "riskClass"]
    assert "4" in violation.reason
