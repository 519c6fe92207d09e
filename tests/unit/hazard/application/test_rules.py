"""An enterprise's rules on fakes, through the handlers: the settings' defaults until it sets its
own; its own allow and deny accepting a 重大 hazard and deciding an extension, in that enterprise
only; the requester never decides their own, whatever the rules; a refused setting writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from libs.aggregate import DomainError
from libs.repository import CommandContext
from services.hazard.application import commands as c
from services.hazard.application import handlers as h
from services.hazard.application.handlers import Hazards
from services.hazard.application.rules import SetHazardRules, rules_answer, rules_of, set_rules
from services.hazard.domain.codes import HazardLevel
from services.hazard.domain.duties import Actor, DutyRefused
from services.hazard.domain.steps import Step
from tests.unit.hazard.application.flows import T0, wired
from tests.unit.hazard.domain.builders import OFFICER as GRADER
from tests.unit.hazard.domain.builders import RECTIFIER, TODAY, awaiting, graded, grading, reported

EID = "e-1"  # the builders' enterprise


def who(person: str, *roles: str, eid: str = EID) -> CommandContext:
    return CommandContext(person, eid, f"corr-{person}", frozenset(roles))


OFFICER = who("p-officer", "safety_officer")
PRINCIPAL, TECH = who("p-principal", "principal"), who("p-tech", "technical_head")


async def stored(w: Hazards, hazard) -> str:
    await w.hazards.save(hazard, OFFICER)
    return hazard.id


async def rules(w: Hazards, major: list[str], deciders: list[str], eid: str = EID) -> dict:
    return await set_rules(SetHazardRules(major_acceptors=major, extension_deciders=deciders).for_(eid), w,
                           who("p-admin", "enterprise_admin", eid=eid))


async def test_without_its_own_rules_an_enterprise_has_the_settings_defaults():
    w = wired()
    answer = rules_answer(await rules_of(w, EID), w.entitled)
    assert answer == {
        "major_acceptors": [{"code": "principal", "label": "主要负责人"},
                            {"code": "technical_head", "label": "技术负责人"}],
        "extension_deciders": [{"code": "principal", "label": "主要负责人"},
                               {"code": "technical_head", "label": "技术负责人"},
                               {"code": "safety_officer", "label": "安全管理员"}],
        "source": "default", "source_label": "默认（系统设置）", "set_by": None, "set_at": None}


async def test_an_enterprises_own_rules_let_its_safety_officer_accept_a_major_hazard_and_not_its_principal():
    w = wired()
    hazard_id = await stored(w, awaiting(HazardLevel.MAJOR))
    with pytest.raises(DutyRefused, match="重大隐患须由主要负责人或技术负责人验收"):
        await h.accept(c.Accept().for_(EID, hazard_id), w, OFFICER)

    answer = await rules(w, ["safety_officer"], ["safety_officer"])
    assert (answer["source"], answer["set_by"], answer["set_at"]) == ("enterprise", "p-admin", T0)
    with pytest.raises(DutyRefused, match="重大隐患须由安全管理员验收"):
        await h.accept(c.Accept().for_(EID, hazard_id), w, PRINCIPAL)
    await h.accept(c.Accept(comment="复查合格").for_(EID, hazard_id), w, OFFICER)
    assert (await w.hazards.get(hazard_id)).step is Step.CLOSED


async def test_rejecting_a_major_hazard_follows_the_enterprises_rules_too():
    w = wired()
    hazard_id = await stored(w, awaiting(HazardLevel.MAJOR))
    await rules(w, ["technical_head"], ["principal"])
    with pytest.raises(DutyRefused, match="重大隐患须由技术负责人验收"):
        await h.reject(c.Reject(reason="试压不合格").for_(EID, hazard_id), w, PRINCIPAL)
    await h.reject(c.Reject(reason="试压不合格").for_(EID, hazard_id), w, TECH)


async def test_another_enterprises_rules_change_nothing_here():
    w = wired()
    hazard_id = await stored(w, awaiting(HazardLevel.MAJOR))
    await rules(w, ["safety_officer"], ["safety_officer"], eid="e-2")
    assert rules_answer(await rules_of(w, EID), w.entitled)["source"] == "default"
    with pytest.raises(DutyRefused, match="主要负责人或技术负责人"):
        await h.accept(c.Accept().for_(EID, hazard_id), w, OFFICER)
    await h.accept(c.Accept().for_(EID, hazard_id), w, PRINCIPAL)


async def test_extensions_are_decided_by_the_enterprises_deciders_and_never_by_the_requester():
    w = wired()
    hazard = graded(deadline=date(2026, 12, 10))
    hazard.request_extension(RECTIFIER, "x-1", date(2026, 12, 24), "备件到货延迟")
    hazard_id = await stored(w, hazard)
    await rules(w, ["principal"], ["department_head"])
    decide = c.DecideExtension(extension_id="x-1", approve=True).for_(EID, hazard_id)
    with pytest.raises(DutyRefused, match="延期申请须由部门负责人审批"):
        await h.decide_extension(decide, w, PRINCIPAL)  # a default decider, not this enterprise's
    await h.decide_extension(decide, w, who("p-dept", "department_head"))
    assert (await w.hazards.get(hazard_id)).deadline == date(2026, 12, 24)

    own = reported("hz-2")
    own.grade(GRADER, grading(), date(2026, 12, 10), TODAY)
    own.request_extension(Actor("p-dept", frozenset({"department_head"})), "x-2", date(2026, 12, 24),
                          "需外委检修")  # on the liable person's behalf
    own_id = await stored(w, own)
    with pytest.raises(DutyRefused, match="申请人本人"):
        await h.decide_extension(c.DecideExtension(extension_id="x-2", approve=True).for_(EID, own_id), w,
                                 who("p-dept", "department_head"))


async def test_a_refused_setting_names_the_field_and_writes_nothing():
    w = wired()
    with pytest.raises(DomainError) as refused:
        await rules(w, ["principal"], ["principal", "team_leader"])
    assert refused.value.field == "extension_deciders[1]" and "班组长" in refused.value.message
    assert await w.rules.find(EID) is None


async def test_the_rules_history_says_what_was_set_in_chinese():
    w = wired()
    await rules(w, ["technical_head"], ["principal", "safety_officer"])
    [item] = await w.rules.history(EID, EID)
    assert item["actor"] == "p-admin"
    assert item["type"] == "HazardRulesSet"
