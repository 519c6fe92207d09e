"""Separation of duties and the enterprise's entitlements: who may accept, reject and decide."""

from __future__ import annotations

from datetime import date

import pytest

from libs.aggregate import DomainConflict, DomainError
from libs.errors import Forbidden
from services.hazard.domain.codes import HazardLevel
from services.hazard.domain.duties import Actor, DutyRefused, Entitlements
from tests.unit.hazard.domain.builders import NOW, OFFICER, PRINCIPAL, RECTIFIER, REPORTER, awaiting, graded

ENTITLED = Entitlements()


@pytest.mark.parametrize("who, why", [(RECTIFIER, "整改人"), (REPORTER, "上报人")])
def test_neither_the_rectifier_nor_the_reporter_accepts_or_rejects(who, why):
    hazard = awaiting()
    with pytest.raises(DutyRefused, match=why) as refused:
        hazard.accept(who, NOW, None, ENTITLED)
    assert isinstance(refused.value, Forbidden)
    with pytest.raises(DutyRefused, match=why):
        hazard.reject(who, "不合格", ENTITLED)


def test_whoever_submitted_the_fix_counts_as_a_rectifier():
    hazard = graded()
    hazard.start(RECTIFIER)
    helper = Actor("p-helper", frozenset({"safety_officer"}))  # on the liable person's behalf
    hazard.submit(helper, awaiting().pending()[-1].rectified, NOW)
    with pytest.raises(DutyRefused, match="整改人"):
        hazard.accept(Actor("p-helper", frozenset({"principal"})), NOW, None, ENTITLED)


def test_a_major_hazard_is_accepted_by_a_configured_role():
    with pytest.raises(DutyRefused, match="重大隐患须由主要负责人或技术负责人验收"):
        awaiting(HazardLevel.MAJOR).accept(OFFICER, NOW, None, ENTITLED)
    awaiting(HazardLevel.MAJOR).accept(PRINCIPAL, NOW, None, ENTITLED)
    by_officer = Entitlements(major_acceptors=frozenset({"safety_officer"}))
    awaiting(HazardLevel.MAJOR).accept(OFFICER, NOW, None, by_officer)


def test_an_approved_extension_moves_the_deadline_and_keeps_the_old_one():
    hazard = graded(deadline=date(2026, 12, 10))
    hazard.request_extension(RECTIFIER, "x-1", date(2026, 12, 24), "备件到货延迟")
    assert hazard.deadline == date(2026, 12, 10)  # asking moves nothing
    hazard.decide_extension(PRINCIPAL, "x-1", True, "同意", ENTITLED)
    approved = hazard.pending()[-1]
    assert (approved.old_deadline, approved.new_deadline, hazard.deadline) == \
        (date(2026, 12, 10), date(2026, 12, 24), date(2026, 12, 24))


def test_a_refused_extension_moves_nothing_and_needs_a_reason():
    hazard = graded(deadline=date(2026, 12, 10))
    hazard.request_extension(RECTIFIER, "x-1", date(2026, 12, 24), "备件到货延迟")
    with pytest.raises(DomainError) as blank:
        hazard.decide_extension(PRINCIPAL, "x-1", False, None, ENTITLED)
    assert blank.value.field == "comment"
    hazard.decide_extension(PRINCIPAL, "x-1", False, "可先临时处置", ENTITLED)
    assert hazard.deadline == date(2026, 12, 10) and hazard.extension is None


def test_the_requester_never_decides_their_own_extension_and_others_need_the_role():
    hazard = graded()
    hazard.request_extension(OFFICER, "x-1", date(2027, 1, 15), "需外委检修")
    with pytest.raises(DutyRefused, match="申请人本人"):
        hazard.decide_extension(OFFICER, "x-1", True, None, ENTITLED)
    with pytest.raises(DutyRefused, match="须由主要负责人或安全管理员或技术负责人审批"):
        hazard.decide_extension(RECTIFIER, "x-1", True, None, ENTITLED)


def test_one_pending_extension_at_a_time_and_always_later():
    hazard = graded(deadline=date(2026, 12, 10))
    with pytest.raises(DomainError) as earlier:
        hazard.request_extension(RECTIFIER, "x-1", date(2026, 12, 10), "原因")
    assert earlier.value.field == "new_deadline"
    hazard.request_extension(RECTIFIER, "x-1", date(2026, 12, 20), "原因")
    with pytest.raises(DomainConflict, match="待审批"):
        hazard.request_extension(RECTIFIER, "x-2", date(2026, 12, 30), "原因")
    with pytest.raises(DomainConflict, match="没有待审批的该延期申请"):
        hazard.decide_extension(PRINCIPAL, "x-2", True, None, ENTITLED)


def test_the_fix_is_the_liable_persons_or_an_officers_on_their_behalf():
    hazard = graded()
    with pytest.raises(DutyRefused, match="整改责任人"):
        hazard.start(Actor("p-someone", frozenset({"worker"})))
    hazard.start(OFFICER)  # on the liable person's behalf
    with pytest.raises(DutyRefused, match="整改责任人"):
        hazard.request_extension(Actor("p-someone", frozenset({"worker"})), "x-1", date(2027, 1, 1), "原因")
    hazard.submit(RECTIFIER, awaiting().pending()[-1].rectified, NOW)
