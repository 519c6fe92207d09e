"""The source table: a later source is configuration (SK_ALERTING_SOURCES), an unknown setting is
refused at start; a 重大 hazard past its plan date without its five raises an urgent alert; a rung
with nobody goes up to the next level that has someone."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from libs.clock import FixedClock
from services.alerting import bootstrap
from services.alerting.application.ports import CauseFacts
from services.alerting.projections.memory import InMemoryFacts
from services.alerting.settings import AlertingSettings
from tests.unit.alerting.application.flows import T0, H, event, fire, missed, plant, react, told, wired

CERTIFICATE = {"event_type": "shuangkong.training.CertificateExpiring", "does": "raise", "cause_type": "certificate",
               "id_field": "certificate_id", "stage": "imminent", "deadline_field": "expires_on",
               "person_ids_field": "person_ids"}


async def test_a_later_source_is_configuration_not_code():
    table = AlertingSettings(sources=json.dumps([CERTIFICATE])).source_table()
    assert "training" in table.services()
    w = bootstrap.in_memory(clock=FixedClock(T0), directory=plant(), table=table)
    await react(w, event(CERTIFICATE["event_type"], certificate_id="cert-1", expires_on="2026-12-03",
                         person_ids=["p-worker"]))
    assert await told(w) == [("assignee", "p-worker")]


def test_a_source_listed_twice_or_malformed_is_refused_at_start():
    with pytest.raises(ValidationError):
        AlertingSettings(sources=json.dumps([{**CERTIFICATE, "event_type": "shuangkong.inspection.OccurrenceMissed"}]))
    with pytest.raises(ValidationError):
        AlertingSettings(sources=json.dumps([{**CERTIFICATE, "does": "shout"}]))
    with pytest.raises(ValidationError):
        AlertingSettings(clearers="safety_officer,janitor")


async def test_a_rung_with_nobody_goes_up_to_the_next_that_has_someone():
    w = wired()
    w.escalation.directory.units["post-solo"] = ("post", "d-1")  # under the department, no team
    miss = missed("occ-solo")
    await react(w, miss._replace(data={**miss.data, "post_ids": ["post-solo"]}))
    assert await told(w) == [("department", "p-head")]  # the team rung, reaching up
    w.clock.advance(24 * H)
    assert await fire(w) == 1  # the department rung: recorded, but its people were told already
    assert await told(w) == [("department", "p-head")]
    w.clock.advance(48 * H)
    assert await fire(w) == 1
    assert await told(w) == [("department", "p-head"), ("principal", "p-boss")]


async def test_a_major_hazard_without_its_five_by_its_plan_date_raises_an_urgent_alert():
    w = bootstrap.in_memory(clock=FixedClock(T0), directory=plant(), facts=InMemoryFacts(
        {("hazard", "hz-5"): CauseFacts(title="液氯储罐区", person_ids=["p-worker"], department_id="d-1", major=True)}))
    await react(w, event("shuangkong.hazard.GovernancePlanOverdue", hazard_id="hz-5", name="液氯储罐区", level=1,
                         plan_due="2026-12-02", missing=["funds", "emergency_plan"], liable_person_id="p-worker",
                         department_id="d-1", graded_by="p-boss", deadline="2026-12-20", at=T0.isoformat()))
    raised = next(r for r in await w.store.read_all() if r.type.endswith("AlertRaised"))
    assert (raised.data["cause"]["cause_id"], raised.data["stage"], raised.data["urgent"]) == ("hz-5", "overdue", True)
    assert raised.data["deadline"] == "2026-12-03T00:00:00+08:00"  # the end of its plan date in Beijing
    assert await told(w) == [("team", "p-leader")]
