"""How hazards enter: 随手拍 from a phone, an outside finding (government inspection, expert service),
a safety officer's entry, and inspection's `HazardFound` (reactions.py).

A phone may send one 随手拍 twice (it never heard the answer): its id is derived from the client
id, so the second finds the first. The registrant's category (hazardCategory) follows from their
role: one of a 重大危险源's three 包保责任人 (主要/技术/操作负责人) marks what they register."""

from __future__ import annotations

import uuid
from datetime import datetime, time

from libs.blobs import refuse_missing
from libs.clock import CHINA_TIME
from libs.eventstore.port import ConcurrencyError
from libs.repository import CommandContext
from services.hazard.application import commands as c
from services.hazard.application.handlers import Hazards, beijing
from services.hazard.domain import events as ev
from services.hazard.domain.codes import DangerSource, HazardCategory
from services.hazard.domain.hazard import Hazard
from services.hazard.domain.origins import Origin, entered_late

# Fixed forever: the ids of hazards phones have already sent are derived from it.
SNAPSHOTS = uuid.UUID("9b1f4c2e-6d3a-5f70-8e21-b5c4d3a2f190")
CATEGORY_OF_ROLE = {"principal": HazardCategory.BY_PRINCIPAL, "technical_head": HazardCategory.BY_TECHNICAL,
                    "operations_head": HazardCategory.BY_OPERATIONAL}


def snapshot_id(enterprise_id: str, client_id: uuid.UUID) -> str:
    return str(uuid.uuid5(SNAPSHOTS, f"{enterprise_id}|{client_id}"))


def category(roles: frozenset[str]) -> HazardCategory:
    for role, marked in CATEGORY_OF_ROLE.items():  # in the order of the code table
        if role in roles:
            return marked
    return HazardCategory.OTHER


def _common(cmd: c.Finding, ctx: CommandContext, now: datetime) -> dict:
    return {"enterprise_id": cmd.enterprise_id, "name": cmd.name, "description": cmd.description,
            "photo_ids": list(cmd.photo_ids), "reporter_id": ctx.actor, "reported_at": now,
            "category": category(ctx.roles), "department_id": cmd.department_id, "measure_id": cmd.measure_id}


async def _register(deps: Hazards, reported: ev.HazardReported, ctx: CommandContext) -> str:
    """Saves a new hazard; a hazard already there under the id (a resend, a race) is the answer."""
    hazard = Hazard(reported.hazard_id)
    hazard.report(reported)
    try:
        await deps.hazards.save(hazard, ctx)
    except ConcurrencyError:
        if await deps.hazards.find(reported.hazard_id) is None:
            raise
    return reported.hazard_id


async def report_snapshot(cmd: c.ReportSnapshot, deps: Hazards, ctx: CommandContext) -> str:
    await refuse_missing(deps.blobs, cmd.enterprise_id, cmd.photo_ids)
    hazard_id = snapshot_id(cmd.enterprise_id, cmd.client_id)
    if await deps.hazards.find(hazard_id) is not None:
        return hazard_id
    return await _register(deps, ev.HazardReported(
        hazard_id=hazard_id, origin=Origin.SNAPSHOT, source=Origin.SNAPSHOT.default_source,
        reporter_mobile=cmd.reporter_mobile, found_at=beijing(cmd.made_at), client_id=str(cmd.client_id),
        location=ev.Location(lat=cmd.location.lat, lng=cmd.location.lng) if cmd.location else None,
        **_common(cmd, ctx, deps.clock.now())), ctx)


async def report_outside(cmd: c.ReportOutside, deps: Hazards, ctx: CommandContext) -> str:
    await refuse_missing(deps.blobs, cmd.enterprise_id, cmd.photo_ids)
    origin = Origin.EXPERT if cmd.by_expert else Origin.GOVERNMENT
    return await _register(deps, ev.HazardReported(
        hazard_id=str(uuid.uuid4()), origin=origin, source=cmd.source or origin.default_source, reporter_mobile=None,
        found_at=datetime.combine(cmd.found_on, time(), CHINA_TIME), location=None,
        enforcement_id=cmd.enforcement_id, entered_late=entered_late(origin, cmd.found_on, deps.today()),
        **_common(cmd, ctx, deps.clock.now())), ctx)


async def report_manual(cmd: c.ReportManual, deps: Hazards, ctx: CommandContext) -> str:
    await refuse_missing(deps.blobs, cmd.enterprise_id, cmd.photo_ids)
    return await _register(deps, ev.HazardReported(
        hazard_id=str(uuid.uuid4()), origin=Origin.MANUAL, source=cmd.source, reporter_mobile=None,
        found_at=beijing(cmd.found_at), location=None, **_common(cmd, ctx, deps.clock.now())), ctx)


def from_finding(data: dict, reported_at: datetime) -> ev.HazardReported:
    """Inspection's HazardFound as a hazard: its id, links and evidence as they were (the photos are
    inspection's, served by it); the name is the item's content, the description the whole finding."""
    description: str = data["description"]
    location = data.get("location")
    return ev.HazardReported(
        hazard_id=data["hazard_id"], enterprise_id=data["enterprise_id"], origin=Origin.CHECK_RECORD,
        source=DangerSource(int(data["source"])), name=description.split("：", 1)[0][:300],
        description=description, photo_ids=list(data.get("photo_ids") or []), reporter_id=data["reporter_id"],
        reporter_mobile=data.get("reporter_mobile"), found_at=datetime.fromisoformat(data["found_at"]),
        reported_at=reported_at, location=ev.Location(**location) if location else None,
        measure_id=data.get("measure_id"), task_id=data["task_id"], occurrence_id=data["occurrence_id"],
        record_id=data["record_id"], item_id=data["item_id"])
