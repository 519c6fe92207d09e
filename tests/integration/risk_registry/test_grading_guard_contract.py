"""The grading guard's contract (decision 30), one suite on both implementations: the in-memory
guard of `bootstrap.in_memory()` and the PostgreSQL one the service runs. Each check runs as the
handlers run it, in a unit of work's commit; a refused check is a ConcurrencyError and the unit of
work writes nothing. On PostgreSQL, the locks besides: assessments share theirs, a policy change
waits for them."""

from __future__ import annotations

import asyncio

import pytest

from libs.eventstore import ConcurrencyError
from libs.unit_of_work import UnitOfWork, Work
from services.risk_registry import bootstrap
from services.risk_registry.app import create_app
from services.risk_registry.risk_chain.application import commands as rc
from services.risk_registry.risk_chain.application import handlers as rh
from tests.integration.service_client import running, settings_for
from tests.unit.risk_registry.application.test_chain_handlers import TIGHTER_LS, Plant


class PlantOn(Plant):
    """The unit tests' plant, on the handlers of a given composition."""

    def __init__(self, wired: bootstrap.Wired) -> None:
        self.wired, self.d, self.ch = wired, wired.directory, wired.chain


async def _plant(wired: bootstrap.Wired) -> PlantOn:
    plant = await PlantOn(wired).setup()
    plant.unit_id = await plant.risk_unit(await plant.object())
    return plant


def _service(app) -> bootstrap.Wired:
    """The running service's composition (bootstrap.postgres)."""
    return bootstrap.Wired(app.state.risk_chain.store, app.state.directory, app.state.risk_chain)


@pytest.fixture(params=["memory", "postgres"])
async def plant(request, runtime, database_url, topic_prefix):
    if request.param == "memory":
        yield await _plant(bootstrap.in_memory())
        return
    app = create_app(settings_for(database_url, runtime.bootstrap, topic_prefix))
    async with running(app):
        yield await _plant(_service(app))


@pytest.fixture
async def pg_plant(registry_app) -> PlantOn:
    return await _plant(_service(registry_app.app))


async def _commit(plant: PlantOn, work: Work) -> None:
    uow = UnitOfWork(plant.ch.store, plant.ctx)
    uow.also(work)
    await uow.commit()


async def _versions(plant: PlantOn) -> dict[str, int]:
    return {rid: (await plant.ch.risks.get(rid)).version for rid in await plant.ch.queries.assessed_risk_ids(plant.eid)}


async def test_an_assessment_passes_on_the_policy_version_in_force_only(plant):
    guard = plant.ch.grading_guard
    await _commit(plant, guard.assessing(plant.eid, 0))  # no policy stored: the defaults, version 0
    await rh.change_grading_policy(rc.ChangeGradingPolicy(**TIGHTER_LS).for_(plant.eid), plant.ch,
                                   plant.ctx)
    await _commit(plant, guard.assessing(plant.eid, 1))
    with pytest.raises(ConcurrencyError) as refused:
        await _commit(plant, guard.assessing(plant.eid, 0))
    assert (refused.value.stream_id, refused.value.expected_version) == (f"gradingpolicy-{plant.eid}", 0)


async def test_a_regrade_passes_on_exactly_the_assessed_risks_it_saw(plant):
    guard = plant.ch.grading_guard
    await _commit(plant, guard.regrading(plant.eid, {}))
    first = await plant.graded_risk(plant.unit_id, "氢气泄漏爆炸")
    seen = await _versions(plant)
    await _commit(plant, guard.regrading(plant.eid, seen))

    with pytest.raises(ConcurrencyError):  # one it did not see
        await _commit(plant, guard.regrading(plant.eid, {}))
    with pytest.raises(ConcurrencyError):  # one that is not assessed
        await _commit(plant, guard.regrading(plant.eid, {**seen, "re-unknown": 2}))
    with pytest.raises(ConcurrencyError) as refused:  # one that moved since it was loaded
        await _commit(plant, guard.regrading(plant.eid, {first: seen[first] - 1}))
    assert refused.value.stream_id == f"riskevent-{first}"


async def test_a_refused_check_writes_nothing_of_its_unit_of_work(plant):
    risk_id = await rh.identify_risk(rc.IdentifyRiskEvent(
        unit_id=plant.unit_id, name="氢气泄漏爆炸", accident_types=[8], consequence="人员伤亡").for_(plant.eid),
        plant.ch, plant.ctx)
    risk = await plant.ch.risks.get(risk_id)
    risk.revise("氢气泄漏爆炸（修订）", [8], "人员伤亡")
    uow = UnitOfWork(plant.ch.store, plant.ctx)
    uow.also(plant.ch.grading_guard.assessing(plant.eid, 7))
    uow.save(plant.ch.risks, risk)
    with pytest.raises(ConcurrencyError):
        await uow.commit()
    assert (await plant.ch.risks.get(risk_id)).name == "氢气泄漏爆炸"


async def _held(plant: PlantOn, work: Work, release: asyncio.Event) -> None:
    """Run `work` in a transaction kept open until `release`."""
    async with plant.ch.store.transaction() as tx:
        await work(tx)
        await release.wait()


async def test_on_postgresql_assessments_share_the_lock_and_a_policy_change_waits_for_them(pg_plant):
    """(The in-memory guard takes no lock: the fake store commits without yielding to a task.)"""
    plant = pg_plant
    guard, release = plant.ch.grading_guard, asyncio.Event()
    holding = asyncio.create_task(_held(plant, guard.assessing(plant.eid, 0), release))
    try:
        await asyncio.sleep(0.05)
        # A second assessment of the enterprise does not wait for the first, nor does another
        # enterprise's policy change.
        await asyncio.wait_for(_commit(plant, guard.assessing(plant.eid, 0)), timeout=2)
        await asyncio.wait_for(_commit(plant, guard.regrading("another-enterprise", {})), timeout=2)
        regrading = asyncio.create_task(_commit(plant, guard.regrading(plant.eid, {})))
        await asyncio.sleep(0.3)
        assert not regrading.done()  # waits for the assessment in flight
    finally:
        release.set()  # a failed assertion must not leave the transaction holding the pool open
        await holding
    await asyncio.wait_for(regrading, timeout=2)
