"""The handlers of hazard governance: load the hazard, let it decide, save it with whatever its
clock now needs (application/clock.py) on one unit of work. Photos are checked before anything is
decided: a hazard never points at a photo nobody uploaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from libs.blobs import BlobStore, refuse_missing
from libs.clock import CHINA_TIME, Clock
from libs.eventstore.port import EventStore
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork
from services.hazard.application import commands as c
from services.hazard.application.clock import RectificationClock
from services.hazard.application.ports import HazardQueries
from services.hazard.application.rules import entitled_in
from services.hazard.domain import events as ev
from services.hazard.domain.duties import Actor, Entitlements
from services.hazard.domain.governance import PlanDuePolicy
from services.hazard.domain.hazard import Hazard
from services.hazard.domain.hazard_rules import HazardRules


@dataclass
class Hazards:
    store: EventStore
    hazards: Repository[Hazard]
    clock: Clock
    rectification: RectificationClock
    blobs: BlobStore
    rules: Repository[HazardRules]  # each enterprise's own who-accepts and who-decides (application/rules.py)
    entitled: Entitlements = Entitlements()  # the installation's: where an enterprise set none, and on_behalf
    plan_policy: PlanDuePolicy = PlanDuePolicy()  # a 重大 hazard's default plan date
    queries: HazardQueries | None = None  # the ledger; the handlers never read it, the routes do

    def today(self) -> date:
        return self.clock.now().astimezone(CHINA_TIME).date()

    @property
    def ledger(self) -> HazardQueries:
        """The ledger's read model: a wiring with a database has one (bootstrap.postgres), a test sets its fake."""
        if self.queries is None:
            raise LookupError("hazard governance is wired without its ledger read model")
        return self.queries


def actor(ctx: CommandContext) -> Actor:
    return Actor(ctx.actor, ctx.roles)


async def _load(deps: Hazards, cmd: c.AggregateCommand) -> Hazard:
    return await deps.hazards.load(cmd.id, what="隐患", enterprise_id=cmd.enterprise_id)


async def _save(deps: Hazards, hazard: Hazard, ctx: CommandContext) -> None:
    uow = UnitOfWork(deps.store, ctx)
    uow.save(deps.hazards, hazard)
    deps.rectification.follow(hazard, uow)
    await uow.commit()


def grading(body: c.GradingBody) -> ev.Grading:
    return ev.Grading(level=body.level, hazard_type=body.hazard_type, manage_type=body.manage_type,
                      management_class=body.management_class, occurrence_link=body.occurrence_link,
                      liable_person_id=body.liable_person_id,
                      department_id=body.department_id)


def rectified(body: c.Evidence) -> ev.Rectified:
    return ev.Rectified(after_photo_ids=list(body.after_photo_ids), cause=body.cause,
                        measures_taken=body.measures_taken, cost=body.cost)


async def grade(cmd: c.Grade, deps: Hazards, ctx: CommandContext) -> None:
    hazard = await _load(deps, cmd)
    hazard.grade(actor(ctx), grading(cmd), cmd.deadline, deps.today(), cmd.plan_due, deps.plan_policy)
    await _save(deps, hazard, ctx)


async def revise_grading(cmd: c.ReviseGrading, deps: Hazards, ctx: CommandContext) -> None:
    hazard = await _load(deps, cmd)
    hazard.revise(actor(ctx), grading(cmd), deps.today(), deps.plan_policy)
    await _save(deps, hazard, ctx)


async def set_plan(cmd: c.SetPlan, deps: Hazards, ctx: CommandContext) -> None:
    hazard = await _load(deps, cmd)
    hazard.set_plan(actor(ctx), ev.GovernancePlan(
        responsibility=cmd.responsibility, measures=cmd.measures, funds=cmd.funds,
        completion_date=cmd.completion_date, emergency_plan=cmd.emergency_plan))
    await _save(deps, hazard, ctx)


async def start_rectification(cmd: c.StartRectification, deps: Hazards, ctx: CommandContext) -> None:
    hazard = await _load(deps, cmd)
    hazard.start(actor(ctx), deps.entitled)
    await _save(deps, hazard, ctx)


async def submit_rectification(cmd: c.SubmitRectification, deps: Hazards, ctx: CommandContext) -> None:
    await refuse_missing(deps.blobs, cmd.enterprise_id, cmd.after_photo_ids, field="after_photo_ids")
    hazard = await _load(deps, cmd)
    hazard.submit(actor(ctx), rectified(cmd), deps.clock.now(), deps.entitled)
    await _save(deps, hazard, ctx)


async def fix_on_the_spot(cmd: c.FixOnTheSpot, deps: Hazards, ctx: CommandContext) -> None:
    await refuse_missing(deps.blobs, cmd.enterprise_id, cmd.after_photo_ids, field="after_photo_ids")
    hazard = await _load(deps, cmd)
    hazard.fix_on_the_spot(actor(ctx), rectified(cmd), deps.clock.now(),
                           grading(cmd.grading) if cmd.grading is not None else None, deps.entitled)
    await _save(deps, hazard, ctx)


async def accept(cmd: c.Accept, deps: Hazards, ctx: CommandContext) -> None:
    # The enterprise's rules are read as this command decides: a change saved after this read and
    # before the commit did not decide it (and one saved before did, both lists of it).
    hazard = await _load(deps, cmd)
    hazard.accept(actor(ctx), deps.clock.now(), cmd.comment, await entitled_in(deps, cmd.enterprise_id))
    await _save(deps, hazard, ctx)


async def reject(cmd: c.Reject, deps: Hazards, ctx: CommandContext) -> None:
    hazard = await _load(deps, cmd)
    hazard.reject(actor(ctx), cmd.reason, await entitled_in(deps, cmd.enterprise_id))
    await _save(deps, hazard, ctx)


async def void(cmd: c.Void, deps: Hazards, ctx: CommandContext) -> None:
    hazard = await _load(deps, cmd)
    hazard.void(actor(ctx), cmd.reason)
    await _save(deps, hazard, ctx)


async def copy_to(cmd: c.CopyTo, deps: Hazards, ctx: CommandContext) -> None:
    hazard = await _load(deps, cmd)
    hazard.copy(actor(ctx), cmd.person_ids, cmd.note)
    await _save(deps, hazard, ctx)


async def request_extension(cmd: c.RequestExtension, deps: Hazards, ctx: CommandContext, extension_id: str) -> None:
    hazard = await _load(deps, cmd)
    hazard.request_extension(actor(ctx), extension_id, cmd.new_deadline, cmd.reason, deps.entitled)
    await _save(deps, hazard, ctx)


async def decide_extension(cmd: c.DecideExtension, deps: Hazards, ctx: CommandContext) -> None:
    hazard, entitled = await _load(deps, cmd), await entitled_in(deps, cmd.enterprise_id)
    hazard.decide_extension(actor(ctx), cmd.extension_id, cmd.approve, cmd.comment, entitled)
    await _save(deps, hazard, ctx)


def beijing(at: datetime) -> datetime:
    """A time a phone sent without its zone is Beijing time (the phones' own)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=CHINA_TIME)
