"""The record's other fields: who made it, on which device, where — each refusal naming the field."""

from __future__ import annotations

import math
import uuid

import pytest

from libs.aggregate import DomainError
from services.inspection.domain import record_fields as f
from services.inspection.domain.record_events import Location
from tests.unit.inspection.domain.test_record import make, recorded


def field_of(check, value) -> str | None:
    with pytest.raises(DomainError) as refusal:
        check(value)
    return refusal.value.field


def test_the_client_id_is_a_uuid_kept_canonical():
    raw = uuid.UUID("5b0c4f7e-2a3d-4e6f-8a9b-0c1d2e3f4a5b")
    assert f.checked_client_id(str(raw).upper()) == f.checked_client_id(raw) == str(raw)
    for bad in (None, "", "  ", "abc", 12, "5b0c4f7e-2a3d-4e6f-8a9b"):
        assert field_of(f.checked_client_id, bad) == "client_id"


def test_the_mobile_is_a_mainland_mobile_number():
    assert f.checked_mobile(" 19912345678 ") == "19912345678"
    for bad in ("12800138000", "1380013800", "+8613800138000", "138-0013-8000", 13800138000, None):
        assert field_of(f.checked_mobile, bad) == "create_by_mobile"


def test_the_device_is_optional_and_a_plain_identifier():
    assert f.checked_device(None) is None and f.checked_device("") is None
    assert f.checked_device("860123456789012") == "860123456789012"
    assert f.checked_device("a1b2-c3d4:e5") == "a1b2-c3d4:e5"
    for bad in ("手机", "x" * 65, "a b", 860123456789012):
        assert field_of(f.checked_device, bad) == "mobile_me"


def test_the_reporter_is_named():
    for bad in (None, "", "  ", 5):
        assert field_of(f.checked_reporter, bad) == "reporter_id"


def test_the_location_is_optional_with_latitude_and_longitude_in_range():
    assert f.checked_location(None) is None
    assert f.checked_location({"lat": 90, "lng": -180}) == Location(lat=90.0, lng=-180.0)
    assert field_of(f.checked_location, [30, 120]) == "location"
    for lat in (90.0001, -91, True, math.nan, math.inf, "30", None):
        assert field_of(f.checked_location, {"lat": lat, "lng": 120}) == "location.lat"
    for lng in (180.5, -181, math.nan, None):
        assert field_of(f.checked_location, {"lat": 30, "lng": lng}) == "location.lng"


def test_the_note_is_optional_and_blank_is_none():
    assert f.checked_note(None, "note", 10) is None and f.checked_note(" \u3000 ", "note", 10) is None
    assert f.checked_note(" 停车 ", "note", 10) == "停车"


def test_a_record_refuses_each_bad_field_by_name():
    cases = {"reporter_id": {"reporter_id": ""}, "create_by_mobile": {"create_by_mobile": "110"},
             "mobile_me": {"mobile_me": "设备"}, "location.lng": {"location": {"lat": 30, "lng": 200}},
             "photo_ids[0]": {"photo_ids": [None]}, "photo_ids": {"photo_ids": "p1"}}
    for field, bad in cases.items():
        with pytest.raises(DomainError) as refusal:
            make(**bad)
        assert refusal.value.field == field


def test_the_device_and_mobile_are_carried_as_sent():
    ev = recorded(make(mobile_me="MEID-A1000012345678", create_by_mobile="13912345678"))
    assert (ev.mobile_me, ev.create_by_mobile) == ("MEID-A1000012345678", "13912345678")
