"""The hand-over handler on the fakes (bootstrap.in_memory): every duty moves to the successor in
one transaction, or nothing moves."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainError
from libs.repository import CommandContext
from services.risk_registry import bootstrap
from services.risk_registry.directory.domain.codes import PersonRole
from services.risk_registry.directory.domain.model import Person
from services.risk_registry.risk_chain.application import hand_over as h
from services.risk_registry.risk_chain.domain.codes import RiskObjectKind
from services.risk_registry.risk_chain.domain.model import RiskObject, RiskUnit

CTX = CommandContext(actor="officer-1", enterprise_id="ent-1", correlation_id="corr-1")


@pytest.fixture
async def world():
    wired = bootstrap.in_memory()
    d, ch = wired.directory, wired.chain
    for pid, name, mobile, roles in (("p-1", "张建国", "13900000011", [PersonRole.PRINCIPAL]),
                                     ("p-2", "王建华", "13900000012", [PersonRole.PRINCIPAL]),
                                     ("p-3", "赵敏", "13900000013", [PersonRole.WORKER])):
        await d.people.save(Person.register(pid, "ent-1", name, mobile, None, roles), CTX)
    tank = RiskObject.register("obj-1", "ent-1", RiskObjectKind.MAJOR_HAZARD_SOURCE, "双氧水罐区", None, "d", None)
    tank.assign_guardians("p-1", "p-t", "p-o")
    await ch.objects.save(tank, CTX)
    await ch.units.save(RiskUnit.create("ru-1", "ent-1", "obj-1", "双氧水储罐单元", "d", "p-1"), CTX)
    return wired


def hand_over(successor: str) -> h.HandOverDuties:
    return h.HandOverDuties(successor_id=successor).for_("ent-1", "p-1")


async def test_every_duty_moves_in_one_transaction(world):
    store, ch = world.store, world.chain
    before = len(await store.read_all())
    moved = await h.hand_over_duties(hand_over("p-2"), ch, CTX)
    assert len(moved) == 2
    new = (await store.read_all())[before:]
    assert [e.type.rsplit(".", 1)[-1] for e in new] == ["MajorHazardGuardiansAssigned", "RiskUnitRevised"]
    assert len({e.tx_id for e in new}) == 1
    assert (await ch.objects.get("obj-1")).guardians[0] == "p-2"
    assert (await ch.units.get("ru-1")).liable_person_id == "p-2"
    assert await ch.directory.person_duties("p-1") == []


@pytest.mark.parametrize(("successor", "field"), [("p-3", "successor_id"), ("p-1", "successor_id"),
                                                  ("nobody", "successor_id")])
async def test_an_ineligible_successor_moves_nothing(world, successor, field):
    store = world.store
    before = len(await store.read_all())
    with pytest.raises(DomainError) as refused:
        await h.hand_over_duties(hand_over(successor), world.chain, CTX)
    assert refused.value.field == field
    assert len(await store.read_all()) == before
