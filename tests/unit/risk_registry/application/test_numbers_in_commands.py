"""Every numeric field of every command refuses a boolean (pydantic reads `true` as 1:
`"critical_q": true` was a critical quantity of one tonne), and refuses "NaN" spelt as a string.
Found by looking at the commands, so a command added later is covered without a new test."""

from __future__ import annotations

import inspect
import types
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from pydantic import ValidationError

from libs import commands as addressed
from libs.commands import Command
from services.risk_registry.directory.application import commands
from services.risk_registry.risk_chain.application import commands as risk_commands
from services.risk_registry.risk_chain.application import hand_over


def command_classes() -> list[type[Command]]:
    found = []
    for module in (addressed, commands, risk_commands, hand_over):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Command) and cls is not Command and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def with_boolean(annotation: Any) -> Any:
    """A value of `annotation` with `True` where a number goes, or None when it holds no number."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return with_boolean(args[0])
    if origin in (Union, types.UnionType):
        return next((v for v in map(with_boolean, args) if v is not None), None)
    if origin is list:
        inner = with_boolean(args[0])
        return None if inner is None else [inner]
    if origin is tuple:
        inner = with_boolean(args[0])
        return None if inner is None else [inner] * (len(args) if args[-1] is not Ellipsis else 1)
    if origin is dict:
        inner = with_boolean(args[1])
        return None if inner is None else {"L": inner}
    if isinstance(annotation, type) and annotation is not bool and issubclass(annotation, int | float):
        if issubclass(annotation, Enum) and not issubclass(annotation, int):
            return None
        return True
    return None


NUMERIC = [(cls, name, value) for cls in command_classes() for name, info in cls.model_fields.items()
           if (value := with_boolean(info.annotation)) is not None]


def test_the_numeric_fields_we_know_of_are_found():
    found = {f"{cls.__name__}.{name}" for cls, name, _ in NUMERIC}
    assert found >= {"SubstanceInput.q", "SubstanceInput.critical_q", "SubstanceInput.beta", "RateMajorHazard.alpha",
                     "AssessRisk.inputs", "IdentifyRiskEvent.accident_types", "BandsInput.major",
                     "RegisterRiskObject.outline", "RenameOrgUnit.expected_version"}


@pytest.mark.parametrize(("cls", "name", "value"), NUMERIC, ids=[f"{c.__name__}.{n}" for c, n, _ in NUMERIC])
def test_a_boolean_is_refused_for_every_numeric_field(cls, name, value):
    with pytest.raises(ValidationError) as refused:
        cls.model_validate({name: value})
    mine = [e for e in refused.value.errors() if e["loc"][:1] == (name,)]
    assert mine and "布尔值" in mine[0]["msg"], refused.value.errors()


def test_a_boolean_field_and_a_number_in_a_union_with_bool_are_untouched():
    class Probe(Command):
        flag: bool
        either: int | bool

    assert Probe(flag=True, either=True).either is True


def test_a_nested_command_refuses_a_boolean_at_its_path():
    with pytest.raises(ValidationError) as refused:
        risk_commands.RateMajorHazard(alpha=1.0, substances=[{"name": "甲醇", "q": 711, "critical_q": True}])
    assert refused.value.errors()[0]["loc"] == ("substances", 0, "critical_q")

