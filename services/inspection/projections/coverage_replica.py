"""What the directory replica keeps of the registry's risk chain for the coverage report (replica
migration 0002): objects, units, events, every assessment and the last re-grading per stage, and
the control measures. RiskObjectRetired is declared once, in directory.py, beside the guardians."""

from __future__ import annotations

from libs.replica import Retire, Upsert

R = "shuangkong.risk_registry."
EID = {"enterprise_id": "enterprise_id"}
OBJECT, UNIT = {"object_id": "object_id"}, {"unit_id": "unit_id"}
RISK, MEASURE = {"risk_event_id": "risk_event_id"}, {"measure_id": "measure_id"}
_MEASURE = {**EID, "description": "description", "classify1": "classify1", "classify2": "classify2",
            "data_source": "data_source", "responsible_post_id": "responsible_post_id"}
_GRADE = {**EID, "level": "level", "control_level": "control_level"}

RISK_CHAIN = {
    R + "RiskObjectRegistered": [Upsert("risk_objects", OBJECT, {**EID, "kind": "kind", "name": "name"})],
    R + "RiskObjectRevised": [Upsert("risk_objects", OBJECT, {**EID, "name": "name"})],
    R + "RiskUnitCreated": [Upsert("risk_units", UNIT, {**EID, "object_id": "object_id", "name": "name"})],
    R + "RiskUnitRevised": [Upsert("risk_units", UNIT, {**EID, "name": "name"})],
    R + "RiskUnitRetired": [Retire("risk_units", UNIT)],
    R + "RiskEventIdentified": [Upsert("risk_events", RISK, {**EID, "unit_id": "unit_id", "name": "name"})],
    R + "RiskEventRevised": [Upsert("risk_events", RISK, {**EID, "name": "name"})],
    R + "RiskEventRetired": [Retire("risk_events", RISK)],
    R + "RiskAssessed": [Upsert("risk_assessments", {"assessment_id": "assessment_id"}, {
        **_GRADE, "risk_event_id": "risk_event_id", "stage": "stage", "assessed_on": "assessed_on"})],
    R + "RiskRegraded": [Upsert("risk_regrades", {**RISK, "stage": "stage"}, _GRADE)],
    R + "ControlMeasureDefined": [Upsert("control_measures", MEASURE, {**_MEASURE, "risk_event_id": "risk_event_id"})],
    R + "ControlMeasureRevised": [Upsert("control_measures", MEASURE, _MEASURE)],
    R + "ControlMeasureRetired": [Retire("control_measures", MEASURE)],
}
