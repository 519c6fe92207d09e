"""复评逾期, the rule behind every `reassessment_overdue`: an active risk event whose 复评日期 is
before today (the plant's day); on the day itself it is not yet overdue."""

from datetime import date

from services.risk_registry.risk_chain.projections.queries import mark_overdue, overdue

TODAY = date(2026, 12, 2)


def risk(reassess_on, retired=False):
    return {"reassess_on": reassess_on, "retired": retired}


def test_a_past_reassessment_date_is_overdue_and_today_is_not_yet():
    assert overdue(risk(date(2026, 12, 1)), TODAY)
    assert not overdue(risk(TODAY), TODAY)
    assert not overdue(risk(date(2027, 1, 1)), TODAY)


def test_an_unassessed_or_retired_risk_event_is_never_overdue():
    assert not overdue(risk(None), TODAY)
    assert not overdue(risk(date(2020, 1, 1), retired=True), TODAY)


def test_marking_sets_the_field_on_each_risk_event():
    rows = mark_overdue([risk(date(2026, 1, 1)), risk(None)], TODAY)
    assert [r["reassessment_overdue"] for r in rows] == [True, False]
