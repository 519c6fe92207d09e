"""The provincial document's variant: dashed times for three hazard fields, acceptance required
only once accepted, bare-base64 attachments; otherwise the uploader's records."""

from __future__ import annotations

import base64

from services.gov_sync.domain.dialects import PROVINCIAL, UPLOADER
from services.gov_sync.domain.photos import Photo
from tests.unit.gov_sync.builders import CHAIN, ENTERPRISE, hazard, open_hazard, record, sent, task, unit

PHOTOS = {"ph-before": Photo("image/jpeg", b"\xff\xd8before"), "ph-after": Photo("image/png", b"\x89PNGafter")}


def test_the_whole_chain_is_ready_for_the_provincial_variant() -> None:
    for snapshot in CHAIN:
        assert PROVINCIAL.readiness(snapshot, ENTERPRISE, PHOTOS) == [], type(snapshot).__name__


def test_three_hazard_times_are_dashed_and_a_deadline_is_its_last_second() -> None:
    mapped = sent(PROVINCIAL, hazard())
    assert mapped["registTime"] == "2026-12-03 10:00:05"
    assert mapped["dangerManageDeadline"] == "2026-12-10 23:59:59"
    assert mapped["checkAcceptTime"] == "2026-12-04 00:30:00"
    assert mapped["createDate"] == "20261203100005"  # the stamps stay compact


def test_acceptance_is_required_only_once_accepted() -> None:
    assert PROVINCIAL.readiness(open_hazard(), ENTERPRISE) == []
    found = PROVINCIAL.readiness(hazard(accept_person=None, accept_time=None), ENTERPRISE)
    assert [v.field for v in found] == ["checkAcceptPerson", "checkAcceptTime"]
    assert all("已验收" in v.reason for v in found)


def test_photos_are_bare_base64_attachments() -> None:
    mapped = sent(PROVINCIAL, hazard(), PHOTOS)
    assert mapped["attachments1"] == base64.b64encode(b"\xff\xd8before").decode()
    assert mapped["attachments2"] == base64.b64encode(b"\x89PNGafter").decode()
    assert "dangerImg" not in mapped and "attachments3" not in mapped


def test_everything_but_the_hazard_is_the_uploaders() -> None:
    for snapshot in (unit(), task(), record(), unit(deleted=True)):
        assert sent(PROVINCIAL, snapshot) == sent(UPLOADER, snapshot)
