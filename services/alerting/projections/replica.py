"""What alerting knows of other services, as a replica (libs/replica.py) in a schema of its own
(`alerting_replica`): the registry's directory (people with their post and duty roles, org units
with kind and parent) — who each rung of the ladder is — and the facts of a cause its 临期 event does
not carry: an occurrence's assignees (inspection), a hazard's name, level, liable person and
department (hazard governance)."""

from __future__ import annotations

from pathlib import Path

from libs.cloudevent import topic_for
from libs.config import Settings
from libs.directory_replica import EID, org_unit_keeps, people_keeps
from libs.replica import Replica, Upsert

HERE = Path(__file__).resolve().parents[1]
SCHEMA = "alerting_replica"
INS, HAZ_ = "shuangkong.inspection.", "shuangkong.hazard."
OCC, HAZ = {"occurrence_id": "occurrence_id"}, {"hazard_id": "hazard_id"}
GRADING = {**EID, "level": "grading.level", "liable_person_id": "grading.liable_person_id",
           "department_id": "grading.department_id"}


# A cause's facts its 临期/超期 events do not carry.
CAUSE_FACTS = {
    INS + "OccurrenceIssued": [Upsert("occurrences", OCC, {**EID, "post_ids": "post_ids", "person_ids": "person_ids"})],
    INS + "OccurrenceMissed": [Upsert("occurrences", OCC, {**EID, "post_ids": "post_ids", "person_ids": "person_ids"})],
    INS + "OccurrenceHandedOver": [Upsert("occurrences", OCC, {**EID, "person_ids": "person_ids"})],
    HAZ_ + "HazardReported": [Upsert("hazards", HAZ, {**EID, "name": "name"})],
    HAZ_ + "HazardGraded": [Upsert("hazards", HAZ, GRADING)],
    HAZ_ + "GradingRevised": [Upsert("hazards", HAZ, GRADING)],
}


def alerting_replica(settings: Settings) -> Replica:
    return Replica(name="alerting-replica", schema=SCHEMA, migrations=HERE / "replica_migrations",
                   topics=[topic_for(s, settings.topic_prefix) for s in ("risk_registry", "inspection", "hazard")],
                   keeps={**people_keeps(roles=True), **org_unit_keeps(), **CAUSE_FACTS})
