"""The hand-over handler on the in-memory store: every duty moves to the successor in one
transaction, or nothing moves."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainError
from libs.eventstore import InMemoryEventStore
from libs.repository import CommandContext, Repository
from services.risk_registry.application import hand_over as h
from services.risk_registry.application.handlers import Directory
from services.risk_registry.application.risk_handlers import RiskChain
from services.risk_registry.domain.codes import PersonRole
from services.risk_registry.domain.duties import Duty, DutyKind
from services.risk_registry.domain.events import registry
from services.risk_registry.domain.model import Enterprise, OrgUnit, Person
from services.risk_registry.domain.risk_codes import RiskObjectKind
from services.risk_registry.domain.risk_event import RiskEvent
from services.risk_registry.domain.risk_model import (
    ControlMeasure,
    EnterpriseGradingPolicy,
    RiskObject,
    RiskUnit,
)
from tests.unit.risk_registry.application.test_handlers import FakeDuties, FakeQueries

CTX = CommandContext(actor="officer-1", enterprise_id="ent-1", correlation_id="corr-1")


@pytest.fixture
async def world():
    store = InMemoryEventStore()

    def repo(factory, prefix):
        return Repository(store, registry, factory, prefix, "risk_registry")

    d = Directory(repo(Enterprise, "enterprise"), repo(OrgUnit, "orgunit"), repo(Person, "person"), FakeQueries(),
                  FakeDuties())
    ch = RiskChain(repo(RiskObject, "riskobject"), repo(RiskUnit, "riskunit"), repo(RiskEvent, "riskevent"),
                   repo(ControlMeasure, "measure"), repo(EnterpriseGradingPolicy, "gradingpolicy"), None, None)
    for pid, name, mobile, roles in (("p-1", "张建国", "13900000011", [PersonRole.PRINCIPAL]),
                                     ("p-2", "王建华", "13900000012", [PersonRole.PRINCIPAL]),
                                     ("p-3", "赵敏", "13900000013", [PersonRole.WORKER])):
        await d.people.save(Person.register(pid, "ent-1", name, mobile, None, roles), CTX)
    tank = RiskObject.register("obj-1", "ent-1", RiskObjectKind.MAJOR_HAZARD_SOURCE, "双氧水罐区", None, "d", None)
    tank.assign_guardians("p-1", "p-t", "p-o")
    await ch.objects.save(tank, CTX)
    await ch.units.save(RiskUnit.create("ru-1", "ent-1", "obj-1", "双氧水储罐单元", "d", "p-1"), CTX)
    d.duties.of_people["p-1"] = [Duty(DutyKind.GUARDIAN_PRINCIPAL, "obj-1", "双氧水罐区"),
                                 Duty(DutyKind.UNIT_LIABLE, "ru-1", "双氧水储罐单元")]
    return store, h.HandOver(d, ch, d.duties)


async def test_every_duty_moves_in_one_transaction(world):
    store, ho = world
    before = len(await store.read_all())
    moved = await h.hand_over_duties("ent-1", "p-1", h.HandOverDuties(successor_id="p-2"), ho, CTX)
    assert len(moved) == 2
    new = (await store.read_all())[before:]
    assert [e.type.rsplit(".", 1)[-1] for e in new] == ["MajorHazardGuardiansAssigned", "RiskUnitRevised"]
    assert len({e.tx_id for e in new}) == 1
    assert (await ho.chain.objects.get("obj-1")).guardians[0] == "p-2"
    assert (await ho.chain.units.get("ru-1")).liable_person_id == "p-2"


@pytest.mark.parametrize(("successor", "field"), [("p-3", "successor_id"), ("p-1", "successor_id"),
                                                  ("nobody", "successor_id")])
async def test_an_ineligible_successor_moves_nothing(world, successor, field):
    store, ho = world
    before = len(await store.read_all())
    with pytest.raises(DomainError) as refused:
        await h.hand_over_duties("ent-1", "p-1", h.HandOverDuties(successor_id=successor), ho, CTX)
    assert refused.value.field == field
    assert len(await store.read_all()) == before
