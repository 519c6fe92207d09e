"""The park receiver's adapter: its field names, codes, times, photos, no deletion, its rules."""

from __future__ import annotations

import base64

from services.gov_sync.domain.dialects import PARK, NotSent
from services.gov_sync.domain.photos import Photo
from services.gov_sync.domain.snapshots import Entity
from tests.unit.gov_sync.builders import (
    CHAIN,
    ENTERPRISE,
    RECORD_ID,
    hazard,
    measure,
    open_hazard,
    record,
    sent,
    task,
    unit,
)

PHOTOS = {"ph-before": Photo("image/jpeg", b"\xff\xd8before"), "ph-after": Photo("image/png", b"\x89PNGafter")}


def fields_of(violations: list) -> list[str]:
    return [v.field for v in violations]


def test_the_whole_chain_is_ready_for_the_park() -> None:
    for snapshot in CHAIN:
        assert PARK.readiness(snapshot, ENTERPRISE, PHOTOS) == [], type(snapshot).__name__


def test_a_risk_unit_keeps_its_level_1_to_4_and_names_its_object_by_kind() -> None:
    for level in (1, 2, 3, 4):
        assert sent(PARK, unit(risk_level=level))["riskClass"] == level
    major = sent(PARK, unit())
    assert major["hazardCode"] == "MH-001" and "hazardCode1" not in major
    other = sent(PARK, unit(major_hazard_source=False, object_code="AREA-7"))
    assert other["hazardCode1"] == "AREA-7" and "hazardCode" not in other
    assert major["tyshxydm"] == "91320100MA1XYZ1234" and major["companyCode"] == "320100123"
    assert "deleted" not in major and "createBy" not in major  # the Basic user is the person there


def test_a_unit_without_level_or_object_code_is_not_ready() -> None:
    found = PARK.readiness(unit(risk_level=None, object_code=None), ENTERPRISE)
    assert set(fields_of(found)) == {"riskClass", "hazardCode"}
    assert all(v.record_id == unit().id for v in found)


def test_times_are_compact_shanghai_wall_time_and_dates_yyyymmdd() -> None:
    mapped = sent(PARK, hazard())
    assert mapped["registTime"] == "20261203100005"
    assert mapped["dangerManageDeadline"] == "20261210"
    assert mapped["checkAcceptTime"] == "20261204"  # 16:30 UTC is past midnight in Shanghai
    assert sent(PARK, record())["checkTime"] == "20261203100005"
    assert sent(PARK, record())["checkStatus"] == "1"  # a string column there


def test_the_hazard_links_its_record_as_recordId_and_sends_photos_as_attachments() -> None:
    mapped = sent(PARK, hazard(), PHOTOS)
    assert mapped["recordId"] == RECORD_ID and "checkRecordId" not in mapped
    assert mapped["attachments1"] == "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8before").decode()
    assert mapped["attachments2"].startswith("data:image/png;base64,")
    assert "dangerImg" not in mapped and "hazardCategory" not in mapped
    assert mapped["dangerSrc"] == "1" and mapped["cost"] == "350.00"


def test_a_hazard_not_yet_accepted_is_refused_for_want_of_acceptance() -> None:
    found = PARK.readiness(open_hazard(), ENTERPRISE)
    assert set(fields_of(found)) == {"checkAcceptPerson", "checkAcceptTime"}
    assert all("不能为空" in v.reason for v in found)


def test_every_coded_field_is_required_and_every_violation_is_listed() -> None:
    ungraded = hazard(level=None, hazard_type=None, manage_type=None, management_class=None, occurrence_link=None,
                      liable_person=None, deadline=None, registrant="")
    assert set(fields_of(PARK.readiness(ungraded, ENTERPRISE))) == {
        "dangerLevel", "hazardDangerType", "dangerManageType", "managementClassification", "occurrenceLink",
        "liablePerson", "dangerManageDeadline", "registrant"}


def test_codes_outside_the_park_tables_are_refused_with_the_allowed_ones() -> None:
    (violation,) = PARK.readiness(measure(classify2="2-3"), ENTERPRISE)
    assert violation.field == "classify2" and "2-3" in violation.reason and "2-2" in violation.reason
    assert fields_of(PARK.readiness(hazard(state=2), ENTERPRISE)) == ["dangerState"]
    assert fields_of(PARK.readiness(record(check_status=4), ENTERPRISE)) == ["checkStatus"]


def test_lengths_are_counted_in_characters() -> None:
    assert PARK.readiness(unit(liable_person="张" * 20), ENTERPRISE) == []
    (violation,) = PARK.readiness(unit(liable_person="张" * 21), ENTERPRISE)
    assert violation.field == "hazardLiablePerson" and "20" in violation.reason


def test_mobiles_must_be_mainland_mobile_numbers() -> None:
    assert fields_of(PARK.readiness(record(updated_by_mobile="12812345678"), ENTERPRISE)) == ["updateByMobile"]
    assert fields_of(PARK.readiness(record(created_by_mobile="1381234567"), ENTERPRISE)) == ["createByMobile"]


def test_the_check_cycle_fits_decimal_4_2() -> None:
    from decimal import Decimal

    assert PARK.readiness(task(check_cycle=Decimal("99.99")), ENTERPRISE) == []
    assert fields_of(PARK.readiness(task(check_cycle=Decimal("100")), ENTERPRISE)) == ["checkCycle"]
    assert fields_of(PARK.readiness(task(check_cycle=Decimal("1.255")), ENTERPRISE)) == ["checkCycle"]
    assert sent(PARK, task(check_cycle=Decimal("1.50")))["checkCycle"] == 1.5
    assert sent(PARK, task())["checkCycle"] == 8


def test_enterprise_codes_are_checked() -> None:
    from services.gov_sync.domain.snapshots import EnterpriseCodes

    bad = EnterpriseCodes(company_code="32010012", credit_code=None)
    assert set(fields_of(PARK.readiness(unit(), bad))) == {"companyCode", "tyshxydm"}


def test_a_deleted_entity_is_not_sent_and_says_why() -> None:
    result = PARK.map(unit(deleted=True), ENTERPRISE)
    assert isinstance(result, NotSent) and "删除" in result.reason
    assert PARK.readiness(unit(deleted=True), ENTERPRISE) == []


def test_a_photo_too_large_for_the_column_is_a_violation() -> None:
    big = {"ph-before": Photo("image/jpeg", b"x" * 60_000)}
    assert fields_of(PARK.readiness(hazard(), ENTERPRISE, big)) == ["attachments1"]


def test_each_entity_has_its_endpoint() -> None:
    assert PARK.endpoints[Entity.HAZARD] == "/api/wwyt/t_yhzlxx"
    assert set(PARK.endpoints) == set(Entity)
