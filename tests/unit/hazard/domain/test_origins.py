"""An outside finding entered after its week is accepted and flagged; our own are never late."""

from __future__ import annotations

from datetime import date

import pytest

from services.hazard.domain.codes import DangerSource
from services.hazard.domain.origins import Origin, entered_late


@pytest.mark.parametrize("origin, entered, late", [
    (Origin.GOVERNMENT, date(2026, 12, 8), False),  # the 7th day after
    (Origin.GOVERNMENT, date(2026, 12, 9), True),
    (Origin.EXPERT, date(2026, 12, 9), True),
    (Origin.MANUAL, date(2027, 3, 1), False),
    (Origin.SNAPSHOT, date(2027, 3, 1), False),
])
def test_the_week_counts_only_for_outside_findings(origin, entered, late):
    assert entered_late(origin, date(2026, 12, 1), entered) is late


def test_an_expert_finding_defaults_to_the_expert_source():
    assert Origin.EXPERT.default_source is DangerSource.EXTERNAL_EXPERT
    assert Origin.SNAPSHOT.default_source is DangerSource.OTHER
