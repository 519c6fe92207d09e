"""Enterprise (企业): registration rules, renaming, and rebuilding from its events."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainError
from services.risk_registry.directory.domain import events as ev
from services.risk_registry.directory.domain.codes import Industry
from services.risk_registry.directory.domain.model import Enterprise
from tests.unit.risk_registry.builders import HAZCHEM_CODE, credit_code, enterprise


def register(**overrides) -> Enterprise:
    fields = {"enterprise_id": "ent-1", "name": "福州化工有限公司", "credit_code": credit_code(),
              "industry": Industry.INDUSTRY_TRADE, "hazchem_code": None} | overrides
    return Enterprise.register(**fields)


def test_registered_enterprise_records_what_was_registered():
    ent = register(name="  福州化工有限公司 ", credit_code=credit_code().lower())
    [event] = ent.pending()
    assert event == ev.EnterpriseRegistered(enterprise_id="ent-1", name="福州化工有限公司",
                                            credit_code=credit_code(), industry=Industry.INDUSTRY_TRADE)
    assert (ent.name, ent.credit_code, ent.industry) == ("福州化工有限公司", credit_code(), Industry.INDUSTRY_TRADE)


def test_hazardous_chemical_enterprise_must_give_its_hazchem_code():
    with pytest.raises(DomainError) as refused:
        register(industry=Industry.HAZARDOUS_CHEMICALS)
    assert refused.value.field == "hazchem_code"


def test_hazardous_chemical_enterprise_with_hazchem_code_is_registered():
    ent = register(industry=Industry.HAZARDOUS_CHEMICALS, hazchem_code=HAZCHEM_CODE)
    assert ent.hazchem_code == HAZCHEM_CODE


def test_trade_enterprise_may_register_without_hazchem_code():
    assert register().hazchem_code is None


@pytest.mark.parametrize(("overrides", "field"), [
    ({"credit_code": "91350100M000100Y44"}, "credit_code"),
    ({"credit_code": "913501"}, "credit_code"),
    ({"hazchem_code": "12345"}, "hazchem_code"),
    ({"name": "   "}, "name"),
    ({"name": "厂" * 201}, "name"),
])
def test_refused_registration_names_the_field_at_fault(overrides, field):
    with pytest.raises(DomainError) as refused:
        register(**overrides)
    assert refused.value.field == field


def test_renaming_to_a_new_name_records_a_rename():
    ent = enterprise()
    ent.mark_saved()
    ent.rename("福州新化工有限公司")
    assert ent.pending() == [ev.EnterpriseRenamed(enterprise_id="ent-1", name="福州新化工有限公司")]
    assert ent.name == "福州新化工有限公司"


def test_renaming_to_the_same_name_records_nothing():
    ent = enterprise(name="福州化工有限公司")
    ent.mark_saved()
    ent.rename(" 福州化工有限公司 ")
    assert ent.pending() == []


def test_blank_rename_is_refused():
    with pytest.raises(DomainError) as refused:
        enterprise().rename("")
    assert refused.value.field == "name"


def test_invalid_hazchem_code_assignment_is_refused():
    with pytest.raises(DomainError) as refused:
        enterprise().assign_hazchem_code("ABC")
    assert refused.value.field == "hazchem_code"


def test_enterprise_rebuilt_from_its_events_has_the_same_state():
    ent = enterprise()
    ent.rename("福州新化工有限公司")
    ent.assign_hazchem_code(HAZCHEM_CODE)
    rebuilt = Enterprise.rehydrate("ent-1", ent.pending())
    assert (rebuilt.name, rebuilt.credit_code, rebuilt.hazchem_code, rebuilt.industry) == (
        ent.name, ent.credit_code, ent.hazchem_code, ent.industry)
    assert rebuilt.version == 3 and rebuilt.pending() == []
