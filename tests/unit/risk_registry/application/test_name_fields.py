"""Every name field of every command is a `Name`: a name of invisible characters is refused with
the field's name, a visible one is stored normalised. Found by looking at the commands, so a
command added later is covered without a new test."""

from __future__ import annotations

import inspect
from typing import Annotated

import pytest
from pydantic import TypeAdapter, ValidationError

from libs import commands as addressed
from libs.commands import Command
from libs.messages import validation_message
from services.risk_registry.directory.application import commands
from services.risk_registry.risk_chain.application import commands as risk_commands
from services.risk_registry.risk_chain.application import hand_over

BLANK = ["\u202e", "\u200b", "\u202e\u200b", "\u3000\u200b", "\ufeff\u2060", "\u200b \u200d",
         "\u3164", "\u115f", "\u2800", "\ufe0f", "\u034f", "\u17b4", "\uffa0 \u3164"]


def name_fields() -> list[tuple[str, str, object]]:
    found = []
    for module in (addressed, commands, risk_commands, hand_over):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Command) and cls is not Command and cls.__module__ == module.__name__:
                found += [(cls.__name__, name, info) for name, info in cls.model_fields.items()
                          if name == "name" or name.endswith("_name")]
    return found


FIELDS = name_fields()


def test_the_commands_have_the_name_fields_we_know_of():
    assert {cmd for cmd, _, _ in FIELDS} >= {
        "RegisterEnterprise", "UpdateEnterprise", "CreateOrgUnit", "RenameOrgUnit", "RegisterPerson", "ChangeContact",
        "RegisterRiskObject", "ReviseRiskObject", "SubstanceInput", "CreateRiskUnit", "ReviseRiskUnit",
        "IdentifyRiskEvent", "ReviseRiskEvent"}


@pytest.mark.parametrize(("command", "field", "info"), FIELDS, ids=[f"{c}.{f}" for c, f, _ in FIELDS])
def test_a_name_of_invisible_characters_is_refused(command, field, info):
    adapter = TypeAdapter(Annotated[info.annotation, info])
    for value in BLANK:
        with pytest.raises(ValidationError) as refused:
            adapter.validate_python(value)
        assert refused.value.errors()[0]["type"] == "blank_name", (command, field, repr(value))
        assert "不可见字符" in refused.value.errors()[0]["msg"]
        assert validation_message(refused.value.errors()[0]) == "名称不能为空，也不能只含空格或不可见字符"
    assert adapter.validate_python(" 生产\u200b部\u202e ") == "生产部"


def test_the_refusal_names_the_field_in_a_whole_command():
    with pytest.raises(ValidationError) as refused:
        risk_commands.RegisterRiskObject(kind="area", name="\u202e\u200b", department_id="d-1")
    assert refused.value.errors()[0]["loc"] == ("name",)
