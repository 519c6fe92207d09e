"""The aggregates hold names to the same rule as the commands (the demo loader and any other
caller go through them): blank-looking names and texts are refused naming the field, names are
stored normalised."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainError
from services.risk_registry.directory.domain.codes import Industry, OrgUnitKind
from services.risk_registry.directory.domain.model import Enterprise, OrgUnit, Person
from services.risk_registry.risk_chain.domain.codes import AccidentType, Classify1, DataSource, RiskObjectKind
from services.risk_registry.risk_chain.domain.model import ControlMeasure, RiskObject, RiskUnit
from services.risk_registry.risk_chain.domain.risk_event import RiskEvent
from tests.unit.risk_registry.builders import MOBILE, credit_code, department, person, post, risk_event, risk_object

INVISIBLE = "\u202e\u200b\u3000"


def measure(description="储罐设温度高高联锁", inspection_content="检查联锁投用"):
    return ControlMeasure.define("m-1", "ent-1", "re-1", description=description, classify1=Classify1("1"),
                                 classify2="1-4", classify3=None, data_source=DataSource("1"),
                                 inspection_content=inspection_content, responsible_post_id="post-1")


CASES = {
    "enterprise name": (lambda v: Enterprise.register("e", v, credit_code(), Industry.INDUSTRY_TRADE), "name"),
    "enterprise rename": (lambda v: Enterprise.register("e", "某公司", credit_code(),
                                                        Industry.INDUSTRY_TRADE).rename(v), "name"),
    "org unit": (lambda v: OrgUnit.create("u", "ent-1", OrgUnitKind.DEPARTMENT, v, None), "name"),
    "org unit rename": (lambda v: department().rename(v), "name"),
    "org unit retire reason": (lambda v: department().retire(v), "reason"),
    "person": (lambda v: Person.register("p", "ent-1", v, MOBILE, post(), []), "name"),
    "person contact": (lambda v: person().change_contact(v, MOBILE), "name"),
    "person leaves": (lambda v: person().leave(v), "reason"),
    "risk object": (lambda v: RiskObject.register("o", "ent-1", RiskObjectKind.AREA, v, None, "d", None), "name"),
    "risk object revise": (lambda v: risk_object().revise(v, None, "dept-1", None), "name"),
    "risk unit": (lambda v: RiskUnit.create("u", "ent-1", "o", v, "d", "p"), "name"),
    "risk event": (lambda v: RiskEvent.identify("r", "ent-1", "u", v, [AccidentType(17)], "后果"), "name"),
    "risk event consequence": (lambda v: RiskEvent.identify("r", "ent-1", "u", "超温", [AccidentType(17)], v),
                               "consequence"),
    "risk event revise": (lambda v: risk_event().revise(v, [AccidentType(17)], "后果"), "name"),
    "measure description": (lambda v: measure(description=v), "description"),
    "measure inspection content": (lambda v: measure(inspection_content=v), "inspection_content"),
}


@pytest.mark.parametrize("case", CASES)
def test_blank_looking_names_and_texts_are_refused(case):
    make, field = CASES[case]
    with pytest.raises(DomainError) as refused:
        make(INVISIBLE)
    assert refused.value.field == field


def test_names_are_stored_normalised():
    unit = OrgUnit.create("u", "ent-1", OrgUnitKind.DEPARTMENT, "\u202e 生产\u200b部 ", None)
    assert unit.name == "生产部"
    assert RiskObject.register("o", "ent-1", RiskObjectKind.AREA, "双氧水\u3000\u3000罐区", None, "d", None).name \
        == "双氧水 罐区"
