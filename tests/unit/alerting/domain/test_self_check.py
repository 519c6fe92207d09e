"""A self-check record: conclusions required and bounded, the period in order, recorded once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from libs.aggregate import DomainError
from services.alerting.domain.reminder_stats import tally
from services.alerting.domain.self_check import SelfCheck, SelfCheckRecorded

NOW = datetime(2026, 10, 8, 2, 0, tzinfo=UTC)
Q = (date(2026, 7, 1), date(2026, 9, 30))


def record(check: SelfCheck, conclusions: str = "提醒均已及时处置", first: date = Q[0], last: date = Q[1]) -> None:
    check.record("ent-1", first, last, tally([]), [{"week": "2026-W27"}], conclusions, None, "p-officer", NOW)


def test_a_record_keeps_the_snapshot_and_the_conclusions():
    check = SelfCheck("sc-1")
    record(check)
    [ev] = check.pending()
    assert isinstance(ev, SelfCheckRecorded)
    assert (ev.first_day, ev.last_day, ev.conclusions, ev.effectiveness) == (*Q, "提醒均已及时处置",
                                                                            [{"week": "2026-W27"}])
    with pytest.raises(DomainError) as again:
        record(check)
    assert again.value.field == "self_check_id"


@pytest.mark.parametrize(("conclusions", "first", "last", "field"), [
    ("   ", *Q, "conclusions"), ("字" * 2001, *Q, "conclusions"), ("结论", Q[1], Q[0], "last_day")])
def test_refusals_name_the_field(conclusions, first, last, field):
    with pytest.raises(DomainError) as refused:
        record(SelfCheck("sc-2"), conclusions, first, last)
    assert refused.value.field == field
