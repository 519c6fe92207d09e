"""A hazard at each step of its loop, for the domain's tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from services.hazard.domain import events as ev
from services.hazard.domain.codes import DangerSource, HazardLevel, HazardType, ManageType
from services.hazard.domain.duties import Actor
from services.hazard.domain.hazard import Hazard
from services.hazard.domain.origins import Origin

TODAY = date(2026, 12, 3)
NOW = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
REPORTER, RECTIFIER = Actor("p-reporter"), Actor("p-rectifier")
OFFICER = Actor("p-officer", frozenset({"safety_officer"}))
PRINCIPAL = Actor("p-principal", frozenset({"principal"}))
PLAN = ev.GovernancePlan(responsibility="设备部 张工", measures="停车更换法兰垫片", funds=Decimal("12000"),
                         completion_date=date(2026, 12, 20), emergency_plan="泄漏应急处置方案 YA-03")
FIXED = ev.Rectified(after_photo_ids=["ph-after"], cause="垫片老化", measures_taken="更换垫片并试压",
                     cost=Decimal("350"))


def grading(level: HazardLevel = HazardLevel.GENERAL, manage: ManageType = ManageType.BY_DEADLINE,
            liable: str = RECTIFIER.person_id) -> ev.Grading:
    return ev.Grading(level=level, hazard_type=HazardType.EQUIPMENT, manage_type=manage, liable_person_id=liable)


def reported(hazard_id: str = "hz-1", origin: Origin = Origin.SNAPSHOT) -> Hazard:
    hazard = Hazard(hazard_id)
    hazard.report(ev.HazardReported(
        hazard_id=hazard_id, enterprise_id="e-1", origin=origin, source=DangerSource.OTHER, name="法兰泄漏",
        description="2# 储罐进料法兰渗漏", photo_ids=["ph-before"], reporter_id=REPORTER.person_id,
        reporter_mobile="13800000000", found_at=NOW, reported_at=NOW, location=None))
    return hazard


def graded(level: HazardLevel = HazardLevel.GENERAL, deadline: date = date(2026, 12, 31)) -> Hazard:
    hazard = reported()
    hazard.grade(OFFICER, grading(level), deadline, TODAY)
    return hazard


def rectifying(level: HazardLevel = HazardLevel.GENERAL) -> Hazard:
    hazard = graded(level)
    if level is HazardLevel.MAJOR:
        hazard.set_plan(OFFICER, PLAN)
    hazard.start(RECTIFIER)
    return hazard


def awaiting(level: HazardLevel = HazardLevel.GENERAL) -> Hazard:
    hazard = rectifying(level)
    hazard.submit(RECTIFIER, FIXED, NOW)
    return hazard


def types(hazard: Hazard) -> list[str]:
    return [type(e).__name__ for e in hazard.pending()]
